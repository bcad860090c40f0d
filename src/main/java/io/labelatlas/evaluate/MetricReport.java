package io.labelatlas.evaluate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.ToDoubleBiFunction;
import java.util.stream.IntStream;

/**
 * The complete metric set of one labelled clustering, with bootstrap intervals: what the {@code metrics} table holds
 * for a run and what {@code labelatlas evaluate} prints. Pure; the Spark callers hand it the contingency table (rows
 * classes, columns clusters, negative ids noise) and, for the geometric metrics, a bounded sample of points.
 *
 * <ul>
 *   <li>Agreement with the classes, noise as one cluster (what scikit-learn computes when given -1 labels): purity,
 *       macro_purity, nmi, ami, ari, homogeneity, completeness, v_measure. When the table has noise, the same over the
 *       clustered points only, named {@code clustered:<name>}, with {@code coverage}, the share of labelled points
 *       not in noise (see {@link NoiseTreatment}).
 *   <li>The label distribution: classes, imbalance_ratio, gini ({@link LabelBalance}), clusters (noise excluded),
 *       noise_fraction, labelled.
 *   <li>From a point sample: silhouette and davies_bouldin (noise as one cluster, and {@code clustered:} where the
 *       sample has noise), and dbcv when asked (density clusterings; noise enters it by definition, and
 *       {@code clustered:dbcv} scores the clustered points alone). Undefined values are NaN with the reason in the
 *       detail. DBCV gets no interval: resampling with replacement repeats points, and a repeated point's core
 *       distance is 0, so the replicates are biased (all below the estimate in our tests), not just spread.
 * </ul>
 *
 * All table metrics and coverage get their intervals from one multinomial bootstrap of the table, the resampling of
 * {@link ContingencyBootstrap}: the noise-as-one-cluster scores from its resampled table (and so exactly its
 * intervals), the clustered-only scores from the same resample with the noise column dropped, so that coverage, and
 * the size of the clustered set, vary as they would under resampling the points. Geometric metrics are bootstrapped
 * over point indices ({@link Bootstrap}) with their own, smaller resample count (see {@link Options}); silhouette
 * from distances computed once, leaving a point's resampled copies out of its own-cluster mean
 * ({@link ResampledSilhouette}). Intervals whose bootstrap bias exceeds one standard error say so in the detail (see
 * {@link BootstrapInterval}). All negative cluster ids are noise and merge into the one cluster -1 (scikit-learn would
 * keep -2 apart from -1).
 */
public final class MetricReport {
  /** Prefix of the metrics computed over the clustered (non-noise) points only. */
  public static final String CLUSTERED = "clustered:";
  /** Names of the table metrics, in {@link TableMetric} order. */
  public static final List<String> TABLE_METRICS = List.of("purity", "macro_purity", "nmi", "ami", "ari",
      "homogeneity", "completeness", "v_measure");
  // The delete-m jackknife of a geometric metric needs one evaluation per group, as costly as a resample; BCa's
  // acceleration is a second-order correction, and 100 groups estimate it well enough at half the resampling cost.
  static final int GEOMETRIC_JACKKNIFE_GROUPS = 100;
  private static final TableMetric[] ALL = TableMetric.all();
  // Measured: on 300 points in 3 blobs all 100 replicates fell below the estimate (bias -2.5 standard errors).
  private static final String DBCV_NO_INTERVAL = "no interval: a bootstrap resample repeats points, and a repeated "
      + "point has DBCV core distance 0, which pulls every replicate down";

  private MetricReport() {}

  /**
   * One metric.
   *
   * @param interval percentile and BCa intervals with standard error and bias; null where not bootstrapped
   * @param detail how the value was computed, or why it is NaN or has no interval; null where nothing needs saying
   */
  public record MetricValue(String name, double value, BootstrapInterval interval, String detail) {}

  /**
   * All points of the clustering, labelled or not, when the table holds only the labelled ones; sets clusters and
   * noise_fraction.
   *
   * @param clusters number of clusters other than noise
   */
  public record Population(long points, long noise, long clusters) {
    public Population {
      if (points < 0 || noise < 0 || noise > points || clusters < 0) {
        throw new IllegalArgumentException("population needs 0 <= noise <= points and clusters >= 0, got points="
            + points + ", noise=" + noise + ", clusters=" + clusters);
      }
    }
  }

  /**
   * Points in memory for the geometric metrics: coordinates, one cluster id per point (negative: noise), and how
   * the sample was drawn, for the details (e.g. "exact, n=900").
   */
  public record PointSample(double[][] points, int[] clusters, String description) {
    public PointSample {
      if (points == null || clusters == null || points.length != clusters.length) {
        throw new IllegalArgumentException("point sample needs one cluster id per point, got "
            + (points == null ? "no" : points.length) + " points and "
            + (clusters == null ? "no" : clusters.length) + " cluster ids");
      }
    }
  }

  /** Counts of (first label, second label) pairs, e.g. truth and prediction, for {@link #cohenKappa}. */
  public record LabelPairCount(String first, String second, long count) {}

  /**
   * How to compute the report.
   *
   * @param resamples bootstrap resamples of the table metrics; 0 for no intervals
   * @param confidence two-sided level of all intervals
   * @param seed seed of every resampling
   * @param geometricResamples bootstrap resamples of the geometric metrics (each costs a full metric evaluation);
   *     0 for no intervals
   * @param dbcv compute DBCV (meant for density clusterings: HDBSCAN, DBSCAN)
   * @param geometricBootstrapMaxPoints the silhouette bootstrap keeps all pairwise distances of the points it
   *     resamples (n^2 / 2 floats); above this many points it resamples a seeded subsample of this size, and says
   *     so, since that interval is the spread of a smaller sample's silhouette
   * @param parallel evaluate resamples on the common fork-join pool (results do not depend on it)
   */
  public record Options(int resamples, double confidence, long seed, int geometricResamples, boolean dbcv,
      int geometricBootstrapMaxPoints, boolean parallel) {
    public static final int DEFAULT_GEOMETRIC_RESAMPLES = 200;
    public static final int DEFAULT_GEOMETRIC_BOOTSTRAP_MAX_POINTS = 5000;

    public Options {
      checkResamples("resamples", resamples);
      checkResamples("geometricResamples", geometricResamples);
      if (!(confidence > 0 && confidence < 1)) {
        throw new IllegalArgumentException("confidence must be in (0, 1), got " + confidence);
      }
      if (geometricBootstrapMaxPoints < 3 || geometricBootstrapMaxPoints > ResampledSilhouette.MAX_POINTS) {
        throw new IllegalArgumentException("geometricBootstrapMaxPoints must be in 3.." + ResampledSilhouette.MAX_POINTS
            + ", got " + geometricBootstrapMaxPoints);
      }
    }

    /** 1,000 table resamples and 200 geometric ones, 95% intervals, no DBCV, sequential. */
    public static Options defaults(long seed) {
      return new Options(BootstrapSettings.DEFAULT_RESAMPLES, BootstrapSettings.DEFAULT_CONFIDENCE, seed,
          DEFAULT_GEOMETRIC_RESAMPLES, false, DEFAULT_GEOMETRIC_BOOTSTRAP_MAX_POINTS, false);
    }

    public Options withResamples(int tableResamples, int pointResamples) {
      return new Options(tableResamples, confidence, seed, pointResamples, dbcv, geometricBootstrapMaxPoints,
          parallel);
    }

    public Options withConfidence(double level) {
      return new Options(resamples, level, seed, geometricResamples, dbcv, geometricBootstrapMaxPoints,
          parallel);
    }

    public Options withSeed(long newSeed) {
      return new Options(resamples, confidence, newSeed, geometricResamples, dbcv, geometricBootstrapMaxPoints,
          parallel);
    }

    public Options withDbcv(boolean computeDbcv) {
      return new Options(resamples, confidence, seed, geometricResamples, computeDbcv, geometricBootstrapMaxPoints,
          parallel);
    }

    public Options withBootstrapMaxPoints(int silhouettePoints) {
      return new Options(resamples, confidence, seed, geometricResamples, dbcv, silhouettePoints, parallel);
    }

    public Options withParallel(boolean inParallel) {
      return new Options(resamples, confidence, seed, geometricResamples, dbcv, geometricBootstrapMaxPoints,
          inParallel);
    }

    private static void checkResamples(String name, int value) {
      if (value < 0 || value == 1) {
        throw new IllegalArgumentException(name + " must be 0 (no intervals) or at least 2, got " + value);
      }
    }
  }

  /** The table metrics and label distribution, without geometric metrics. */
  public static List<MetricValue> compute(ContingencyTable table, Options options) {
    return compute(table, null, null, options);
  }

  /**
   * The full report.
   *
   * @param table labelled points, classes x clusters (negative ids: noise); may be empty (n = 0)
   * @param population all points, when more than the labelled ones were clustered; null: the table's
   * @param sample points for the geometric metrics; null: none are computed
   */
  public static List<MetricValue> compute(ContingencyTable table, Population population, PointSample sample,
      Options options) {
    if (table == null) throw new IllegalArgumentException("contingency table is null");
    if (options == null) throw new IllegalArgumentException("options are null");
    List<MetricValue> report = new ArrayList<>();
    ContingencyTable merged = NoiseTreatment.NOISE_AS_ONE_CLUSTER.apply(table);
    distribution(merged, population, report);
    agreement(merged, options, report);
    if (sample != null) geometric(sample, options, report);
    return List.copyOf(report);
  }

  /**
   * Cohen's kappa between two label columns given by their pair counts ({@link CohenKappa}, as
   * {@code sklearn.metrics.cohen_kappa_score}), with a bootstrap interval from the same multinomial resampling.
   */
  public static MetricValue cohenKappa(List<LabelPairCount> pairs, Options options) {
    if (pairs == null) throw new IllegalArgumentException("label pairs are null");
    TreeMap<String, Integer> union = new TreeMap<>();
    for (LabelPairCount pair : pairs) {
      if (pair.first() == null || pair.second() == null) throw new IllegalArgumentException("label pair has a null");
      if (pair.count() > 0) {
        union.put(pair.first(), 0);
        union.put(pair.second(), 0);
      }
    }
    if (union.isEmpty()) return new MetricValue("kappa", Double.NaN, null, "undefined: no labelled points");
    int position = 0;
    for (var label : union.entrySet()) label.setValue(position++);
    // Rows are the first column's labels; column ids the second label's position in the union, so the kappa of a
    // resampled table can be read off its cells.
    ContingencyTable.Builder builder = ContingencyTable.builder();
    for (LabelPairCount pair : pairs) builder.add(pair.first(), union.get(pair.second()), pair.count());
    ContingencyTable table = builder.build();
    int k = union.size();
    Function<ContingencyTable, double[]> kappa = t -> {
      long[][] confusion = new long[k][k];
      t.forEachCell((i, j, count) -> confusion[union.get(t.className(i))][(int) t.clusterId(j)] += count);
      return new double[] {CohenKappa.fromConfusion(confusion, CohenKappa.Weighting.NONE)};
    };
    double value = kappa.apply(table)[0];
    if (Double.isNaN(value)) {
      return new MetricValue("kappa", value, null, "undefined (0/0): every point has one and the same label in both");
    }
    String detail = "unweighted, over the union of both columns' " + k + " labels";
    if (options.resamples() == 0) return new MetricValue("kappa", value, null, detail);
    Bootstrapped boot = bootstrapCells(table, kappa, 1, options);
    return withInterval("kappa", value, boot.intervals()[0], boot.reasons()[0], detail);
  }

  private static void distribution(ContingencyTable merged, Population population, List<MetricValue> report) {
    long labelled = merged.n();
    if (labelled > 0) {
      LabelBalance balance = LabelBalance.of(merged);
      report.add(new MetricValue("classes", balance.classes(), null, null));
      report.add(new MetricValue("imbalance_ratio", balance.imbalanceRatio(), null,
          "largest / smallest class: " + balance.largest() + " / " + balance.smallest()));
      report.add(new MetricValue("gini", balance.giniCoefficient(), null, String.format(Locale.ROOT,
          "Gini coefficient of the class sizes (0 = balanced); Gini impurity %.4f", balance.giniImpurity())));
    } else {
      report.add(new MetricValue("classes", 0, null, "no labelled points"));
      report.add(new MetricValue("imbalance_ratio", Double.NaN, null, "undefined: no labelled points"));
      report.add(new MetricValue("gini", Double.NaN, null, "undefined: no labelled points"));
    }
    int noiseColumn = merged.clusterIndex(NoiseTreatment.NOISE);
    long tableNoise = noiseColumn >= 0 ? merged.clusterTotal(noiseColumn) : 0;
    long clusters = population != null ? population.clusters()
        : merged.numClusters() - (noiseColumn >= 0 ? 1 : 0);
    report.add(new MetricValue("clusters", clusters, null, "clusters other than noise (negative ids)"
        + (population == null ? ", among the labelled points" : "")));
    long points = population != null ? population.points() : labelled;
    long noise = population != null ? population.noise() : tableNoise;
    report.add(new MetricValue("noise_fraction", points == 0 ? Double.NaN : noise / (double) points, null,
        "share of " + (population == null ? "labelled " : "") + "points in noise: " + noise + " of " + points));
    report.add(new MetricValue("labelled", labelled, null, null));
  }

  private static void agreement(ContingencyTable merged, Options options, List<MetricValue> report) {
    boolean hasNoise = merged.clusterIndex(NoiseTreatment.NOISE) >= 0;
    if (merged.n() == 0) {
      for (String name : TABLE_METRICS) {
        report.add(new MetricValue(name, Double.NaN, null, "undefined: no labelled points"));
      }
      return;
    }
    LogFactorials logFactorials = new LogFactorials(merged.n());
    Function<ContingencyTable, double[]> statistics = t -> tableStatistics(t, hasNoise, logFactorials);
    double[] values = statistics.apply(merged);
    Bootstrapped boot = null;
    if (options.resamples() > 0 && merged.n() >= 2) {
      boot = bootstrapCells(merged, statistics, values.length, options);
    }
    String noInterval = options.resamples() == 0 ? null : merged.n() < 2 ? "no interval: 1 labelled point" : null;
    String noiseNote = hasNoise ? "noise as one cluster (scikit-learn with -1 labels)" : null;
    for (int m = 0; m < ALL.length; m++) {
      String detail = join(describe(ALL[m]), noiseNote, noInterval);
      report.add(boot == null ? new MetricValue(TABLE_METRICS.get(m), values[m], null, detail)
          : withInterval(TABLE_METRICS.get(m), values[m], boot.intervals()[m], boot.reasons()[m], detail));
    }
    if (!hasNoise) return;
    ContingencyTable clustered = NoiseTreatment.CLUSTERED_ONLY.apply(merged);
    String coverageDetail = join("share of labelled points not in noise: " + clustered.n() + " of " + merged.n(),
        noInterval);
    int coverage = ALL.length;
    report.add(boot == null ? new MetricValue("coverage", values[coverage], null, coverageDetail)
        : withInterval("coverage", values[coverage], boot.intervals()[coverage], boot.reasons()[coverage],
            coverageDetail));
    for (int m = 0; m < ALL.length; m++) {
      String name = CLUSTERED + TABLE_METRICS.get(m);
      int s = coverage + 1 + m;
      if (clustered.n() == 0) {
        report.add(new MetricValue(name, Double.NaN, null, "undefined: every labelled point is noise"));
        continue;
      }
      String detail = join(describe(ALL[m]), "clustered points only (n=" + clustered.n() + "); read with coverage",
          noInterval);
      report.add(boot == null ? new MetricValue(name, values[s], null, detail)
          : withInterval(name, values[s], boot.intervals()[s], boot.reasons()[s], detail));
    }
  }

  /**
   * The table metrics of a (resampled) table with noise merged into column -1; with noise also coverage and the
   * clustered-only metrics (NaN where no point is clustered).
   */
  private static double[] tableStatistics(ContingencyTable table, boolean hasNoise,
      LogFactorials logFactorials) {
    double[] withNoise = TableMetric.evaluate(table, ALL, logFactorials);
    if (!hasNoise) return withNoise;
    double[] values = Arrays.copyOf(withNoise, 2 * ALL.length + 1);
    ContingencyTable clustered = NoiseTreatment.CLUSTERED_ONLY.apply(table);
    values[ALL.length] = clustered.n() / (double) table.n();
    if (clustered.n() == 0) {
      Arrays.fill(values, ALL.length + 1, values.length, Double.NaN);
    } else {
      System.arraycopy(TableMetric.evaluate(clustered, ALL, logFactorials), 0, values, ALL.length + 1, ALL.length);
    }
    return values;
  }

  private static String describe(TableMetric metric) {
    return switch (metric) {
      case PURITY -> "share of points in their cluster's majority class (micro)";
      case MACRO_PURITY -> "mean over clusters of the majority class's share";
      case NMI, AMI -> "arithmetic-mean normalisation";
      case ARI, HOMOGENEITY, COMPLETENESS, V_MEASURE -> null;
    };
  }

  /** Intervals (null where the statistic was undefined on some resample, with the reason) of several statistics. */
  private record Bootstrapped(BootstrapInterval[] intervals, String[] reasons) {}

  /**
   * One multinomial bootstrap of a table's cells for several statistics of it, as {@link ContingencyBootstrap} does
   * for the {@link TableMetric}s: resample b gets the b-th split generator, the jackknife leaves one sample out per
   * non-zero cell (weighted by the cell's count).
   */
  private static Bootstrapped bootstrapCells(ContingencyTable table, Function<ContingencyTable, double[]> statistics,
      int count, Options options) {
    BootstrapSettings settings = new BootstrapSettings(options.resamples(), options.confidence(), options.seed(),
        BootstrapSettings.DEFAULT_JACKKNIFE_GROUPS, options.parallel());
    ContingencyBootstrap resampler = ContingencyBootstrap.of(table);
    double[] estimates = statistics.apply(table);
    double[][] replicates = new double[count][settings.resamples()];
    SplittableRandom[] generators = Bootstrap.resampleGenerators(settings);
    Bootstrap.forEachResample(settings, b -> {
      double[] values = statistics.apply(table.withCellCounts(resampler.resampledCounts(generators[b])));
      for (int s = 0; s < count; s++) replicates[s][b] = values[s];
    });
    long[] cells = ContingencyBootstrap.cellCounts(table);
    double[][] jackknife = new double[count][cells.length];
    double[] weights = new double[cells.length];
    IntStream range = IntStream.range(0, cells.length);
    (options.parallel() ? range.parallel() : range).forEach(c -> {
      long[] counts = cells.clone();
      counts[c]--;
      double[] values = statistics.apply(table.withCellCounts(counts));
      for (int s = 0; s < count; s++) jackknife[s][c] = values[s];
      weights[c] = cells[c];
    });
    BootstrapInterval[] intervals = new BootstrapInterval[count];
    String[] reasons = new String[count];
    for (int s = 0; s < count; s++) {
      long undefined = Arrays.stream(replicates[s]).filter(Double::isNaN).count();
      if (Double.isNaN(estimates[s])) continue;
      if (undefined > 0) {
        reasons[s] = "no interval: undefined on " + undefined + " of " + settings.resamples() + " resamples";
        continue;
      }
      boolean jackknifeDefined = Arrays.stream(jackknife[s]).noneMatch(Double::isNaN);
      double acceleration = jackknifeDefined ? Bootstrap.acceleration(jackknife[s], weights) : Double.NaN;
      intervals[s] = Bootstrap.fromReplicates(estimates[s], replicates[s], acceleration, settings.confidence());
    }
    return new Bootstrapped(intervals, reasons);
  }

  private static MetricValue withInterval(String name, double value, BootstrapInterval interval, String reason,
      String detail) {
    if (interval == null) return new MetricValue(name, value, null, join(detail, reason));
    return new MetricValue(name, value, interval, join(detail, intervalNote(interval)));
  }

  /** A warning where the bootstrap distribution is off-centre or BCa is undefined; null otherwise. */
  static String intervalNote(BootstrapInterval interval) {
    String note = null;
    double se = interval.standardError();
    if (se > 0 && Math.abs(interval.bias()) > se) {
      note = String.format(Locale.ROOT, "bootstrap bias %.1f standard errors: intervals off-centre, read with care",
          interval.bias() / se);
    }
    if (Double.isNaN(interval.bcaLow()) || Double.isNaN(interval.bcaHigh())) note = join(note, "BCa undefined");
    return note;
  }

  private static void geometric(PointSample sample, Options options, List<MetricValue> report) {
    int n = sample.points().length;
    String source = sample.description() == null ? "sample of n=" + n : "sample: " + sample.description();
    if (n == 0) {
      for (String name : geometricNames(options)) {
        report.add(new MetricValue(name, Double.NaN, null, "undefined: no points in the sample"));
      }
      return;
    }
    int[] clusters = sample.clusters();
    boolean hasNoise = Arrays.stream(clusters).anyMatch(c -> c < 0);
    for (NoiseTreatment treatment : List.of(NoiseTreatment.NOISE_AS_ONE_CLUSTER, NoiseTreatment.CLUSTERED_ONLY)) {
      if (treatment == NoiseTreatment.CLUSTERED_ONLY && !hasNoise) break;
      int[] indices = treatment.sampleIndices(clusters);
      int[] labels = treatment.labels(clusters);
      double[][] points = new double[indices.length][];
      for (int s = 0; s < indices.length; s++) points[s] = sample.points()[indices[s]];
      String prefix = treatment == NoiseTreatment.CLUSTERED_ONLY ? CLUSTERED : "";
      String scope = treatment == NoiseTreatment.CLUSTERED_ONLY
          ? "clustered points only (n=" + indices.length + ")" : hasNoise ? "noise as one cluster" : null;
      String defined = silhouetteDefined(labels);
      if (defined != null) {
        report.add(new MetricValue(prefix + "silhouette", Double.NaN, null, join("undefined: " + defined, source)));
        report.add(new MetricValue(prefix + "davies_bouldin", Double.NaN, null,
            join("undefined: " + defined, source)));
      } else {
        report.add(silhouette(prefix, points, labels, join(scope, source), options));
        report.add(pointMetric(prefix + "davies_bouldin", DaviesBouldin.score(points, labels), points, labels,
            MetricReport::daviesBouldinOrNaN, Integer.MAX_VALUE, join("lower is better", scope, source), options));
      }
      if (options.dbcv()) {
        // Noise enters DBCV by definition; the first treatment keeps the noise labels as they are.
        int[] dbcvLabels = treatment == NoiseTreatment.CLUSTERED_ONLY ? labels : clusters;
        String dbcvScope = treatment == NoiseTreatment.CLUSTERED_ONLY ? scope
            : hasNoise ? "noise counted in n, as the definition has it" : null;
        double dbcv;
        try {
          dbcv = Dbcv.score(points, dbcvLabels);
        } catch (IllegalArgumentException e) {
          report.add(new MetricValue(prefix + "dbcv", Double.NaN, null, join("undefined: " + e.getMessage(), source)));
          continue;
        }
        report.add(new MetricValue(prefix + "dbcv", dbcv, null, join(dbcvScope, source, DBCV_NO_INTERVAL)));
      }
    }
  }

  private static List<String> geometricNames(Options options) {
    List<String> names = new ArrayList<>(List.of("silhouette", "davies_bouldin"));
    if (options.dbcv()) names.add("dbcv");
    return names;
  }

  /** Null when silhouette and Davies-Bouldin are defined for these labels (2 to n - 1 clusters), else why not. */
  private static String silhouetteDefined(int[] labels) {
    long k = Arrays.stream(labels).distinct().count();
    if (k < 2) return k + " cluster" + (k == 1 ? "" : "s") + " among " + labels.length + " points (needs 2 or more)";
    if (k > labels.length - 1) return k + " clusters among " + labels.length + " points (needs at most n - 1)";
    return null;
  }

  private static double daviesBouldinOrNaN(double[][] points, int[] labels) {
    return silhouetteDefined(labels) == null ? DaviesBouldin.score(points, labels) : Double.NaN;
  }

  private static MetricValue silhouette(String prefix, double[][] points, int[] labels, String detail,
      Options options) {
    String name = prefix + "silhouette";
    double value = Silhouette.score(points, labels);
    if (options.geometricResamples() == 0) return new MetricValue(name, value, null, detail);
    int[] kept = subsample(points.length, options.geometricBootstrapMaxPoints(), options.seed());
    double[][] x = select(points, kept);
    int[] l = select(labels, kept);
    String reduced = reducedNote(points.length, kept.length);
    if (silhouetteDefined(l) != null) {
      return new MetricValue(name, value, null, join(detail, "no interval: the bootstrap subsample has "
          + silhouetteDefined(l)));
    }
    double estimate = kept.length == points.length ? value : Silhouette.score(x, l);
    return geometricInterval(name, value, estimate, kept.length, new ResampledSilhouette(x, l), reduced, detail,
        options);
  }

  /** A metric defined on these points, with a bootstrap interval over (a bounded subsample of) them. */
  private static MetricValue pointMetric(String name, double value, double[][] points, int[] labels,
      ToDoubleBiFunction<double[][], int[]> metric, int maxPoints, String detail, Options options) {
    if (options.geometricResamples() == 0) return new MetricValue(name, value, null, detail);
    int[] kept = subsample(points.length, maxPoints, options.seed());
    double[][] x = select(points, kept);
    int[] l = select(labels, kept);
    double estimate = kept.length == points.length ? value : metric.applyAsDouble(x, l);
    if (Double.isNaN(estimate)) {
      return new MetricValue(name, value, null, join(detail, "no interval: undefined on the bootstrap subsample"));
    }
    return geometricInterval(name, value, estimate, kept.length, Bootstrap.IndexStatistic.ofPoints(x, l, metric),
        reducedNote(points.length, kept.length), detail, options);
  }

  private static MetricValue geometricInterval(String name, double value, double estimate, int n,
      Bootstrap.IndexStatistic statistic, String reducedNote, String detail, Options options) {
    BootstrapSettings settings = new BootstrapSettings(options.geometricResamples(), options.confidence(),
        options.seed(), GEOMETRIC_JACKKNIFE_GROUPS, options.parallel());
    double[] replicates;
    try {
      replicates = Bootstrap.replicates(n, List.of(statistic), settings)[0];
    } catch (IllegalStateException e) {
      return new MetricValue(name, value, null, join(detail, "no interval: undefined on a bootstrap resample "
          + "(too few points per cluster to resample)"));
    }
    double[] jackknife = Bootstrap.jackknife(n, List.of(statistic), settings).values()[0];
    double acceleration = Arrays.stream(jackknife).anyMatch(Double::isNaN) ? Double.NaN
        : Bootstrap.acceleration(jackknife, null);
    BootstrapInterval interval = Bootstrap.fromReplicates(estimate, replicates, acceleration, options.confidence());
    return new MetricValue(name, value, interval, join(detail, reducedNote, intervalNote(interval)));
  }

  private static String reducedNote(int n, int kept) {
    if (kept == n) return null;
    return "interval from a seeded " + kept + "-point subsample of the " + n + " (the spread of a " + kept
        + "-point score, wider than the " + n + "-point one's)";
  }

  /** Up to {@code max} of 0..n-1, ascending: all when n <= max, else a seeded random subset. */
  static int[] subsample(int n, int max, long seed) {
    int[] all = IntStream.range(0, n).toArray();
    if (n <= max) return all;
    SplittableRandom random = new SplittableRandom(seed ^ 0x5DEECE66DL);
    for (int i = 0; i < max; i++) {
      int j = i + random.nextInt(n - i);
      int t = all[i];
      all[i] = all[j];
      all[j] = t;
    }
    int[] kept = Arrays.copyOf(all, max);
    Arrays.sort(kept);
    return kept;
  }

  private static double[][] select(double[][] points, int[] kept) {
    double[][] x = new double[kept.length][];
    for (int s = 0; s < kept.length; s++) x[s] = points[kept[s]];
    return x;
  }

  private static int[] select(int[] labels, int[] kept) {
    int[] l = new int[kept.length];
    for (int s = 0; s < kept.length; s++) l[s] = labels[kept[s]];
    return l;
  }

  /** The non-null parts joined by "; ", or null when there are none. */
  private static String join(String... parts) {
    StringBuilder text = new StringBuilder();
    for (String part : parts) {
      if (part == null || part.isEmpty()) continue;
      if (text.length() > 0) text.append("; ");
      text.append(part);
    }
    return text.length() == 0 ? null : text.toString();
  }
}
