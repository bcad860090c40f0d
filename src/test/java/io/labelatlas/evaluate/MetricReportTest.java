package io.labelatlas.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.labelatlas.evaluate.MetricReport.LabelPairCount;
import io.labelatlas.evaluate.MetricReport.MetricValue;
import io.labelatlas.evaluate.MetricReport.Options;
import io.labelatlas.evaluate.MetricReport.PointSample;
import io.labelatlas.evaluate.MetricReport.Population;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class MetricReportTest {
  private static final Options NO_INTERVALS = Options.defaults(1).withResamples(0, 0);

  /**
   * Classes a (5) and b (3) over clusters 0, 1 and noise: a = {0: 3, 1: 1, -1: 1}, b = {1: 2, -1: 1}. By hand, noise
   * as one cluster: purity (3 + 2 + 1) / 8; macro purity (1 + 2/3 + 1/2) / 3 = 13/18; ARI: sum C(n_ij, 2) = 3 + 1 =
   * 4, rows C(5,2) + C(3,2) = 13, columns 3 + 3 + 1 = 7, expected 13 * 7 / 28 = 3.25, max 10, ARI = 0.75 / 6.75 =
   * 1/9. Clustered only (n = 6): purity 5/6, macro purity (1 + 2/3) / 2; ARI (4 - 7 * 6 / 15) / (6.5 - 2.8) = 12/37;
   * H(C|K) = 1/2 H(1/3, 2/3) = H(C) / 2, so homogeneity 1/2; completeness 1 - (2/3) H(3/4, 1/4) / log 2.
   */
  static ContingencyTable handTable() {
    return ContingencyTable.builder().add("a", 0, 3).add("a", 1, 1).add("a", -1, 1).add("b", 1, 2).add("b", -1, 1)
        .build();
  }

  static Map<String, MetricValue> byName(List<MetricValue> report) {
    Map<String, MetricValue> named = new LinkedHashMap<>();
    for (MetricValue value : report) assertNull(named.put(value.name(), value), "repeated " + value.name());
    return named;
  }

  static double h(double... p) {
    double sum = 0;
    for (double x : p) sum -= x * Math.log(x);
    return sum;
  }

  @Test
  void reportedIntervalsFollowThePolicyOnTheTableEachMetricWasComputedOn() {
    // 400 labelled crops, 150 of them noise: the noise-as-a-cluster scores see n = 400, the clustered ones n = 250.
    ContingencyTable table = ContingencyTable.builder().add("a", 0, 100).add("a", 1, 25).add("a", -1, 75)
        .add("b", 0, 25).add("b", 1, 100).add("b", -1, 75).build();
    Map<String, MetricValue> byName = new LinkedHashMap<>();
    for (MetricValue v : MetricReport.compute(table, Options.defaults(5).withResamples(200, 0))) {
      byName.put(v.name(), v);
    }
    for (String name : MetricReport.TABLE_METRICS) {
      MetricValue all = byName.get(name);
      assertEquals(IntervalPolicy.method(name), all.reported().method(), name);
      assertEquals(IntervalPolicy.report(name, all.interval(), IntervalPolicy.Regime.of(table)), all.reported(), name);
      MetricValue clustered = byName.get(MetricReport.CLUSTERED + name);
      assertFalse(clustered.reported().hasBounds(), name);
      assertTrue(clustered.reported().note().contains("(n=250)"), clustered.reported().note());
    }
    assertTrue(byName.get("ari").reported().hasBounds());
    assertTrue(byName.get("nmi").reported().hasBounds(), byName.get("nmi").reported().toString());
    assertTrue(byName.get("coverage").reported().hasBounds());
    assertNull(byName.get("labelled").reported(), "counts have no interval");
  }

  @Test
  void handComputedTableScoresNoiseBothWays() {
    Map<String, MetricValue> r = byName(MetricReport.compute(handTable(), NO_INTERVALS));
    assertEquals(List.of("classes", "imbalance_ratio", "gini", "clusters", "noise_fraction", "labelled", "purity",
        "macro_purity", "nmi", "ami", "ari", "homogeneity", "completeness", "v_measure", "coverage",
        "clustered:purity", "clustered:macro_purity", "clustered:nmi", "clustered:ami", "clustered:ari",
        "clustered:homogeneity", "clustered:completeness", "clustered:v_measure"), List.copyOf(r.keySet()));
    // Classes of 5 and 3: imbalance 5/3, Gini coefficient |5 - 3| * 2 / (2 * 2 * 8) = 0.125.
    double[] expected = {2, 5 / 3.0, 0.125, 2, 0.25, 8};
    String[] distribution = {"classes", "imbalance_ratio", "gini", "clusters", "noise_fraction", "labelled"};
    for (int m = 0; m < distribution.length; m++) {
      assertEquals(expected[m], r.get(distribution[m]).value(), 1e-15, distribution[m]);
    }
    assertEquals(0.75, r.get("purity").value(), 1e-15);
    assertEquals(13 / 18.0, r.get("macro_purity").value(), 1e-15);
    assertEquals(1 / 9.0, r.get("ari").value(), 1e-15);
    assertEquals(0.75, r.get("coverage").value(), 1e-15);
    assertEquals(5 / 6.0, r.get("clustered:purity").value(), 1e-15);
    assertEquals(5 / 6.0, r.get("clustered:macro_purity").value(), 1e-15);
    assertEquals(12 / 37.0, r.get("clustered:ari").value(), 1e-15);
    assertEquals(0.5, r.get("clustered:homogeneity").value(), 1e-12);
    double completeness = 1 - (2 / 3.0) * h(0.75, 0.25) / Math.log(2);
    assertEquals(completeness, r.get("clustered:completeness").value(), 1e-12);
    assertEquals(2 * 0.5 * completeness / (0.5 + completeness), r.get("clustered:v_measure").value(), 1e-12);
    // sklearn 1.2.1 on the labels (t = a*5 + b*3, p = 0 0 0 1 -1 1 1 -1): NMI, AMI, homogeneity, completeness.
    assertEquals(0.28625935474496794, r.get("nmi").value(), 1e-12);
    assertEquals(0.09386959553027328, r.get("ami").value(), 1e-12);
    assertEquals(0.37726345043350173, r.get("homogeneity").value(), 1e-12);
    assertEquals(0.23062711218045784, r.get("completeness").value(), 1e-12);
    assertEquals(0.3552453212757636, r.get("clustered:ami").value(), 1e-12);
    assertTrue(r.get("nmi").detail().contains("noise as one cluster"), r.get("nmi").detail());
    String clusteredDetail = r.get("clustered:nmi").detail();
    assertTrue(clusteredDetail.contains("clustered points only (n=6)"), clusteredDetail);
    for (MetricValue value : r.values()) assertNull(value.interval(), value.name() + " has no interval at 0 resamples");
  }

  @Test
  void bothWaysEqualTheAgreementOfEachTreatment() {
    int[][] l = ContingencyBootstrapTest.labelling(21, 600, 4, 5, 0.3);
    ContingencyTable table = ContingencyTable.fromLabels(l[0], l[1]);
    Map<String, MetricValue> r = byName(MetricReport.compute(table, NO_INTERVALS));
    NoiseTreatment.BothWays<AgreementScores> both = NoiseTreatment.agreement(table);
    assertEquals(both.noiseAsOneCluster().ari(), r.get("ari").value(), 0.0);
    assertEquals(both.noiseAsOneCluster().ami(), r.get("ami").value(), 0.0);
    assertEquals(both.clusteredOnly().nmi(), r.get("clustered:nmi").value(), 0.0);
    assertEquals(both.clusteredOnly().vMeasure(), r.get("clustered:v_measure").value(), 0.0);
    assertEquals(both.coverage(), r.get("coverage").value(), 0.0);
    assertEquals(ClusterDiagnostics.macroPurity(NoiseTreatment.CLUSTERED_ONLY.apply(table)),
        r.get("clustered:macro_purity").value(), 0.0);

    // Without noise there is one way only: no clustered: metrics, no coverage.
    int[] clustered = l[1].clone();
    for (int s = 0; s < clustered.length; s++) clustered[s] = Math.max(0, clustered[s]);
    Map<String, MetricValue> clean = byName(MetricReport.compute(ContingencyTable.fromLabels(l[0], clustered),
        NO_INTERVALS));
    assertFalse(clean.containsKey("coverage"));
    assertTrue(clean.keySet().stream().noneMatch(name -> name.startsWith(MetricReport.CLUSTERED)), clean.toString());
    assertEquals(0.0, clean.get("noise_fraction").value());
    assertFalse(clean.get("nmi").detail().contains("noise"), clean.get("nmi").detail());
  }

  @Test
  void populationSetsClustersAndNoiseFractionOverAllPoints() {
    Map<String, MetricValue> r = byName(MetricReport.compute(handTable(), new Population(100, 40, 7), null,
        NO_INTERVALS));
    assertEquals(7, r.get("clusters").value());
    assertEquals(0.4, r.get("noise_fraction").value());
    assertEquals(8, r.get("labelled").value());
    assertEquals(0.75, r.get("coverage").value(), "coverage stays over the labelled points");
  }

  @Test
  void emptyTableGivesNanWithAReason() {
    Map<String, MetricValue> r = byName(MetricReport.compute(ContingencyTable.builder().build(),
        new Population(10, 0, 2), null, Options.defaults(3)));
    assertEquals(0, r.get("labelled").value());
    for (String name : MetricReport.TABLE_METRICS) {
      assertTrue(Double.isNaN(r.get(name).value()), name);
      assertEquals("undefined: no labelled points", r.get(name).detail());
    }
    assertTrue(Double.isNaN(r.get("gini").value()));
  }

  @Test
  void everyTableIntervalIsTheMultinomialBootstrapOfItsStatistic() {
    // The reference, written out: resample b draws the cell counts from Multinomial(n, count_c / n) with the b-th
    // generator split off the seed; on it, the table metrics with noise as one cluster, coverage, and the table
    // metrics of the same resample with the noise column dropped. The jackknife leaves one sample out per non-zero
    // cell, weighted by its count.
    int[][] l = ContingencyBootstrapTest.labelling(8, 500, 4, 4, 0.35);
    ContingencyTable table = ContingencyTable.fromLabels(l[0], l[1]);
    int resamples = 60;
    Options options = Options.defaults(77).withResamples(resamples, 0);
    Map<String, MetricValue> r = byName(MetricReport.compute(table, options));

    TableMetric[] all = TableMetric.all();
    ContingencyBootstrap.Statistics metrics = ContingencyBootstrap.metrics(all, table.n());
    List<String> names = new ArrayList<>(MetricReport.TABLE_METRICS);
    names.add("coverage");
    for (String name : MetricReport.TABLE_METRICS) names.add(MetricReport.CLUSTERED + name);
    java.util.function.Function<ContingencyTable, double[]> statistics = t -> {
      double[] values = new double[names.size()];
      System.arraycopy(metrics.of(t), 0, values, 0, all.length);
      ContingencyTable clustered = NoiseTreatment.CLUSTERED_ONLY.apply(t);
      values[all.length] = clustered.n() / (double) t.n();
      System.arraycopy(metrics.of(clustered), 0, values, all.length + 1, all.length);
      return values;
    };
    long[] cells = new long[table.nonZeroCells()];
    int[][] at = new int[cells.length][];
    int[] next = {0};
    table.forEachCell((i, j, count) -> {
      at[next[0]] = new int[] {i, j};
      cells[next[0]++] = count;
    });
    java.util.function.Function<long[], ContingencyTable> withCounts = counts -> {
      ContingencyTable.Builder builder = ContingencyTable.builder();
      for (int c = 0; c < counts.length; c++) {
        if (counts[c] > 0) builder.add(table.className(at[c][0]), (int) table.clusterId(at[c][1]), counts[c]);
      }
      return builder.build();
    };
    double[][] replicates = new double[names.size()][resamples];
    SplittableRandom root = new SplittableRandom(77);
    for (int b = 0; b < resamples; b++) {
      long[] drawn = new long[cells.length];
      Multinomial.sample(root.split(), table.n(), cells, drawn);
      double[] values = statistics.apply(withCounts.apply(drawn));
      for (int s = 0; s < values.length; s++) replicates[s][b] = values[s];
    }
    double[][] jackknife = new double[names.size()][cells.length];
    double[] weights = new double[cells.length];
    for (int c = 0; c < cells.length; c++) {
      long[] left = cells.clone();
      left[c]--;
      double[] values = statistics.apply(withCounts.apply(left));
      for (int s = 0; s < values.length; s++) jackknife[s][c] = values[s];
      weights[c] = cells[c];
    }
    double[] estimates = statistics.apply(table);
    for (int s = 0; s < names.size(); s++) {
      BootstrapInterval expected = Bootstrap.fromReplicates(estimates[s], replicates[s], jackknife[s], weights,
          options.confidence());
      assertEquals(expected, r.get(names.get(s)).interval(), names.get(s));
    }
  }

  @Test
  void reportsTheProgressOfEveryBootstrapUpToItsFinalCount() {
    int[][] l = ContingencyBootstrapTest.labelling(3, 400, 3, 4, 0.3);
    ContingencyTable table = ContingencyTable.fromLabels(l[0], l[1]);
    PointSample sample = blobSample(90, 3, 2.0, 31);
    Options options = Options.defaults(9).withResamples(50, 20);
    CapturedProgress progress = new CapturedProgress();
    List<MetricValue> withProgress = MetricReport.compute(table, null, sample, options, progress);
    assertEquals(MetricReport.compute(table, null, sample, options), withProgress, "progress changes no number");
    progress.assertSequentialStep("table metrics: resamples", 50);
    progress.assertSequentialStep("table metrics: jackknife", table.nonZeroCells());
    // Below GEOMETRIC_JACKKNIFE_GROUPS points the jackknife leaves out one point at a time: 90 points, 81 clustered.
    assertTrue(GeometricReport.GEOMETRIC_JACKKNIFE_GROUPS > 90);
    for (String name : List.of("silhouette", "davies_bouldin", "clustered:silhouette", "clustered:davies_bouldin")) {
      progress.assertSequentialStep(name + ": resamples", 20);
      progress.assertSequentialStep(name + ": jackknife", name.startsWith(MetricReport.CLUSTERED) ? 81 : 90);
    }
    assertEquals(10, progress.bySteps().size(), progress.bySteps().keySet().toString());

    CapturedProgress kappa = new CapturedProgress();
    MetricReport.cohenKappa(List.of(new LabelPairCount("a", "a", 30), new LabelPairCount("a", "b", 5),
        new LabelPairCount("b", "b", 25)), Options.defaults(3).withResamples(40, 0), kappa);
    kappa.assertSequentialStep("kappa: resamples", 40);
    kappa.assertSequentialStep("kappa: jackknife", 3);
  }

  @Test
  void intervalsContainTheEstimateOnACleanClustering() {
    // 2,000 points, 4 classes, 10% of points moved at random (some to noise): every table metric should sit inside
    // both 95% intervals, and the clustered-only ones too.
    int[][] l = ContingencyBootstrapTest.labelling(4, 2000, 4, 4, 0.1);
    ContingencyTable table = ContingencyTable.fromLabels(l[0], l[1]);
    List<MetricValue> report = MetricReport.compute(table, Options.defaults(5).withResamples(400, 0));
    int withIntervals = 0;
    for (MetricValue value : report) {
      BootstrapInterval ci = value.interval();
      if (ci == null) continue;
      withIntervals++;
      assertEquals(value.value(), ci.estimate(), 0.0, value.name());
      assertEquals(400, ci.resamples());
      assertTrue(ci.standardError() > 0, value.name());
      assertTrue(ci.percentileLow() <= value.value() && value.value() <= ci.percentileHigh(), value + "");
      assertTrue(ci.bcaLow() <= value.value() && value.value() <= ci.bcaHigh(), value + "");
      assertTrue(ci.percentileHigh() - ci.percentileLow() < 0.1, value + "");
    }
    assertEquals(2 * MetricReport.TABLE_METRICS.size() + 1, withIntervals, "table metrics both ways and coverage");
  }

  @Test
  void sameSeedSameReportOtherSeedOtherIntervals() {
    int[][] l = ContingencyBootstrapTest.labelling(12, 300, 3, 4, 0.3);
    ContingencyTable table = ContingencyTable.fromLabels(l[0], l[1]);
    PointSample sample = blobSample(90, 3, 2.0, 31);
    Options options = Options.defaults(9).withResamples(50, 20);
    List<MetricValue> first = MetricReport.compute(table, null, sample, options);
    assertEquals(first, MetricReport.compute(table, null, sample, options));
    assertEquals(first, MetricReport.compute(table, null, sample, options.withParallel(true)),
        "parallel resampling gives the same numbers");
    List<MetricValue> other = MetricReport.compute(table, null, sample, options.withSeed(10));
    assertEquals(first.size(), other.size());
    for (int m = 0; m < first.size(); m++) {
      assertEquals(first.get(m).value(), other.get(m).value(), 0.0, first.get(m).name());
      if (first.get(m).interval() != null) {
        assertNotEquals(first.get(m).interval().percentileLow(), other.get(m).interval().percentileLow(),
            first.get(m).name());
      }
    }
  }

  /** Points i % k in k blobs of the given spread, centres 10 apart; every tenth point is noise (-1). */
  static PointSample blobSample(int n, int k, double spread, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double[][] points = new double[n][];
    int[] clusters = new int[n];
    for (int i = 0; i < n; i++) {
      int c = i % k;
      points[i] = new double[] {10 * c + spread * gaussian(random), 10 * (c % 2) + spread * gaussian(random),
          spread * gaussian(random)};
      clusters[i] = i % 10 == 9 ? -1 : c;
    }
    return new PointSample(points, clusters, "test blobs, n=" + n);
  }

  static double gaussian(SplittableRandom random) {
    return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
  }

  @Test
  void geometricMetricsBothWaysWithIntervals() {
    PointSample sample = blobSample(300, 3, 1.0, 5);
    Options options = Options.defaults(2).withResamples(0, 100).withDbcv(true);
    Map<String, MetricValue> r = byName(MetricReport.compute(ContingencyTable.builder().build(), null, sample,
        options));
    NoiseTreatment.BothWays<Double> silhouette = NoiseTreatment.silhouette(sample.points(), sample.clusters());
    NoiseTreatment.BothWays<Double> db = NoiseTreatment.daviesBouldin(sample.points(), sample.clusters());
    assertEquals(silhouette.noiseAsOneCluster(), r.get("silhouette").value(), 0.0);
    assertEquals(silhouette.clusteredOnly(), r.get("clustered:silhouette").value(), 0.0);
    assertEquals(db.noiseAsOneCluster(), r.get("davies_bouldin").value(), 0.0);
    assertEquals(db.clusteredOnly(), r.get("clustered:davies_bouldin").value(), 0.0);
    assertEquals(Dbcv.score(sample.points(), sample.clusters()), r.get("dbcv").value(), 0.0);
    int[] kept = NoiseTreatment.CLUSTERED_ONLY.sampleIndices(sample.clusters());
    double[][] clusteredPoints = new double[kept.length][];
    for (int s = 0; s < kept.length; s++) clusteredPoints[s] = sample.points()[kept[s]];
    assertEquals(Dbcv.score(clusteredPoints, NoiseTreatment.CLUSTERED_ONLY.labels(sample.clusters())),
        r.get("clustered:dbcv").value(), 0.0);
    // DBCV weighs validities by |C| / n with noise in n: dropping the noise raises it by n / clustered.
    assertEquals(r.get("dbcv").value() * 300 / kept.length, r.get("clustered:dbcv").value(), 1e-12);
    for (String name : List.of("dbcv", "clustered:dbcv")) {
      assertNull(r.get(name).interval(), name);
      assertTrue(r.get(name).detail().contains("no interval: a bootstrap resample repeats points"), name);
    }
    for (String name : List.of("silhouette", "clustered:silhouette", "davies_bouldin", "clustered:davies_bouldin")) {
      BootstrapInterval ci = r.get(name).interval();
      assertNotNull(ci, name + ": " + r.get(name).detail());
      assertEquals(100, ci.resamples());
      assertTrue(ci.percentileLow() < r.get(name).value() && r.get(name).value() < ci.percentileHigh(),
          name + " " + ci);
      assertTrue(r.get(name).detail().contains("sample: test blobs, n=300"), r.get(name).detail());
    }
    assertTrue(r.get("clustered:silhouette").value() > r.get("silhouette").value(),
        "scattered noise as a cluster lowers the silhouette");
  }

  @Test
  void geometricMetricsAreNanWithAReasonWhereUndefined() {
    double[][] points = {{0, 0}, {0, 1}, {5, 5}, {5, 6}};
    Options options = Options.defaults(2).withResamples(0, 50).withDbcv(true);
    Map<String, MetricValue> oneCluster = byName(MetricReport.compute(ContingencyTable.builder().build(), null,
        new PointSample(points, new int[] {0, 0, -1, -1}, "four points"), options));
    assertTrue(Double.isNaN(oneCluster.get("clustered:silhouette").value()));
    assertTrue(oneCluster.get("clustered:silhouette").detail().startsWith("undefined: 1 cluster among 2 points"),
        oneCluster.get("clustered:silhouette").detail());
    assertTrue(Double.isNaN(oneCluster.get("dbcv").value()));
    assertTrue(oneCluster.get("dbcv").detail().contains("at least 2 clusters"), oneCluster.get("dbcv").detail());
    // Noise as a cluster: 2 clusters of 2 points, defined.
    assertEquals(Silhouette.score(points, new int[] {0, 0, -1, -1}), oneCluster.get("silhouette").value(), 0.0);

    Map<String, MetricValue> empty = byName(MetricReport.compute(ContingencyTable.builder().build(), null,
        new PointSample(new double[0][], new int[0], "none"), options));
    assertTrue(Double.isNaN(empty.get("silhouette").value()));
    assertEquals("undefined: no points in the sample", empty.get("dbcv").detail());
  }

  /**
   * The silhouette of the samples {@code indices} by its definition, position by position, except that positions
   * holding the same point as p are left out of p's own-cluster mean (what {@link ResampledSilhouette} computes).
   */
  static double silhouetteWithoutCopies(double[][] points, int[] labels, int[] indices) {
    int m = indices.length;
    double total = 0;
    for (int p = 0; p < m; p++) {
      Map<Integer, double[]> byCluster = new LinkedHashMap<>(); // cluster -> {sum, count}
      for (int q = 0; q < m; q++) {
        if (indices[q] == indices[p]) continue;
        double[] sumCount = byCluster.computeIfAbsent(labels[indices[q]], c -> new double[2]);
        sumCount[0] += LabelledPoints.distance(points[indices[p]], points[indices[q]]);
        sumCount[1]++;
      }
      double[] own = byCluster.remove(labels[indices[p]]);
      if (own == null) continue;
      double a = own[0] / own[1];
      double b = Double.POSITIVE_INFINITY;
      for (double[] other : byCluster.values()) b = Math.min(b, other[0] / other[1]);
      total += (b - a) / Math.max(a, b);
    }
    return total / m;
  }

  @Test
  void resampledSilhouetteIsTheSilhouetteWithCopiesLeftOutOfTheirOwnMean() {
    PointSample sample = blobSample(120, 4, 3.0, 8);
    ResampledSilhouette fast = new ResampledSilhouette(sample.points(), sample.clusters());
    int[] all = java.util.stream.IntStream.range(0, 120).toArray();
    assertEquals(Silhouette.score(sample.points(), sample.clusters()), fast.of(all), 1e-6, "without repeats");
    SplittableRandom random = new SplittableRandom(3);
    for (int trial = 0; trial < 4; trial++) {
      int m = 60 + random.nextInt(80);
      int[] indices = new int[m];
      for (int p = 0; p < m; p++) indices[p] = random.nextInt(120);
      assertEquals(silhouetteWithoutCopies(sample.points(), sample.clusters(), indices), fast.of(indices), 1e-6,
          "trial " + trial);
    }
    assertTrue(Double.isNaN(fast.of(new int[] {0, 4, 8})), "one cluster only");
  }

  @Test
  void largeSamplesBootstrapASeededSubsampleAndSaySo() {
    PointSample sample = blobSample(2000, 3, 2.0, 13);
    Options options = Options.defaults(4).withResamples(0, 200).withBootstrapMaxPoints(500);
    Map<String, MetricValue> r = byName(MetricReport.compute(ContingencyTable.builder().build(), null, sample,
        options));
    MetricValue silhouette = r.get("silhouette");
    assertEquals(Silhouette.score(sample.points(), NoiseTreatment.NOISE_AS_ONE_CLUSTER.labels(sample.clusters())),
        silhouette.value(), 0.0, "the value is the full sample's");
    assertTrue(silhouette.detail().contains("500-point subsample of the 2000"), silhouette.detail());
    assertNotEquals(silhouette.value(), silhouette.interval().estimate());
    assertFalse(r.get("davies_bouldin").detail().contains("subsample"), "Davies-Bouldin bootstraps all points");
  }

  @Test
  void kappaEqualsCohenKappaWithAnInterval() {
    SplittableRandom random = new SplittableRandom(6);
    String[] truth = new String[400];
    String[] pred = new String[400];
    Map<String, Long> pairs = new LinkedHashMap<>();
    for (int s = 0; s < truth.length; s++) {
      truth[s] = "c" + random.nextInt(3);
      pred[s] = random.nextDouble() < 0.8 ? truth[s] : "c" + random.nextInt(4);
      pairs.merge(truth[s] + "|" + pred[s], 1L, Long::sum);
    }
    List<LabelPairCount> counts = new ArrayList<>();
    pairs.forEach((key, count) -> counts.add(new LabelPairCount(key.split("\\|")[0], key.split("\\|")[1], count)));
    MetricValue kappa = MetricReport.cohenKappa(counts, Options.defaults(3).withResamples(300, 0));
    assertEquals(CohenKappa.score(truth, pred), kappa.value(), 1e-14);
    BootstrapInterval ci = kappa.interval();
    assertTrue(ci.percentileLow() < kappa.value() && kappa.value() < ci.percentileHigh(), ci.toString());
    MetricValue same = MetricReport.cohenKappa(List.of(new LabelPairCount("x", "x", 5)), Options.defaults(3));
    assertTrue(Double.isNaN(same.value()));
    assertTrue(same.detail().startsWith("undefined"), same.detail());
  }

  @Test
  void rejectsBadOptions() {
    assertThrows(IllegalArgumentException.class, () -> Options.defaults(1).withResamples(1, 0));
    assertThrows(IllegalArgumentException.class, () -> Options.defaults(1).withConfidence(1.0));
    assertThrows(IllegalArgumentException.class, () -> new PointSample(new double[2][], new int[3], null));
  }

  @Test
  void liveCrossCheckAgainstScikitLearn() throws Exception {
    Assumptions.assumeTrue(AgreementMetricsTest.pythonWithSklearn(),
        AgreementMetricsTest.PYTHON + " with scikit-learn is not available; skipping live check");
    long seed = System.nanoTime();
    SplittableRandom random = new SplittableRandom(seed);
    int n = 400;
    int[] classes = new int[n];
    int[] clusters = new int[n];
    double[][] points = new double[n][];
    StringBuilder input = new StringBuilder();
    for (int s = 0; s < n; s++) {
      classes[s] = random.nextInt(4);
      clusters[s] = random.nextDouble() < 0.7 ? classes[s] % 3 : random.nextInt(4) - 1;
      points[s] = new double[] {3 * Math.max(clusters[s], 0) + gaussian(random), gaussian(random)};
    }
    input.append(AgreementMetricsTest.join(classes)).append('\n').append(AgreementMetricsTest.join(clusters))
        .append('\n');
    for (double[] p : points) input.append(p[0]).append(' ').append(p[1]).append('\n');
    String script = String.join("\n",
        "import sys, warnings",
        "warnings.simplefilter('ignore')",
        "import numpy as np",
        "from sklearn import metrics as m",
        "lines = sys.stdin.read().strip().split('\\n')",
        "t = np.array(lines[0].split(), dtype=int); p = np.array(lines[1].split(), dtype=int)",
        "x = np.array([[float(v) for v in l.split()] for l in lines[2:]])",
        "def scores(t, p, x):",
        "    h, c, v = m.homogeneity_completeness_v_measure(t, p)",
        "    return [m.normalized_mutual_info_score(t, p), m.adjusted_mutual_info_score(t, p),",
        "            m.adjusted_rand_score(t, p), h, c, v, m.silhouette_score(x, p), m.davies_bouldin_score(x, p)]",
        "k = p >= 0",
        "print(' '.join(repr(float(s)) for s in scores(t, p, x) + scores(t[k], p[k], x[k])))");
    String[] expected = AgreementMetricsTest.runPython(script, input.toString(), 120).get(0).split(" ");
    Map<String, MetricValue> r = byName(MetricReport.compute(ContingencyTable.fromLabels(classes, clusters), null,
        new PointSample(points, clusters, "live"), NO_INTERVALS));
    String[] names = {"nmi", "ami", "ari", "homogeneity", "completeness", "v_measure", "silhouette",
        "davies_bouldin"};
    for (int way = 0; way < 2; way++) {
      for (int m = 0; m < names.length; m++) {
        String name = (way == 0 ? "" : MetricReport.CLUSTERED) + names[m];
        assertEquals(Double.parseDouble(expected[way * names.length + m]), r.get(name).value(), 1e-9,
            "seed " + seed + ": " + name);
      }
    }
  }
}
