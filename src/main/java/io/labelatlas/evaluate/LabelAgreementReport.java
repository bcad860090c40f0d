package io.labelatlas.evaluate;

import static io.labelatlas.evaluate.MetricDetail.join;
import static io.labelatlas.evaluate.MetricDetail.withInterval;

import io.labelatlas.evaluate.MetricReport.LabelPairCount;
import io.labelatlas.evaluate.MetricReport.MetricValue;
import io.labelatlas.evaluate.MetricReport.Options;
import io.labelatlas.evaluate.MetricReport.Population;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;

/**
 * The part of the {@link MetricReport} read off the contingency table: the label distribution, the agreement with the
 * classes both ways around noise, and Cohen's kappa between two label columns. All intervals come from one
 * {@link ContingencyBootstrap} of the table per report: the noise-as-one-cluster scores from the resampled table, the
 * clustered-only scores and coverage from the same resample with the noise column dropped.
 */
final class LabelAgreementReport {
  private static final TableMetric[] ALL = TableMetric.all();

  private LabelAgreementReport() {}

  /** classes, imbalance_ratio, gini, clusters, noise_fraction, labelled. */
  static void distribution(ContingencyTable merged, Population population, List<MetricValue> report) {
    long labelled = merged.n();
    if (labelled > 0) {
      LabelBalance balance = LabelBalance.of(merged);
      report.add(new MetricValue("classes", balance.classes(), null));
      report.add(new MetricValue("imbalance_ratio", balance.imbalanceRatio(),
          "largest / smallest class: " + balance.largest() + " / " + balance.smallest()));
      report.add(new MetricValue("gini", balance.giniCoefficient(), String.format(Locale.ROOT,
          "Gini coefficient of the class sizes (0 = balanced); Gini impurity %.4f", balance.giniImpurity())));
    } else {
      report.add(new MetricValue("classes", 0, "no labelled points"));
      report.add(new MetricValue("imbalance_ratio", Double.NaN, "undefined: no labelled points"));
      report.add(new MetricValue("gini", Double.NaN, "undefined: no labelled points"));
    }
    int noiseColumn = merged.clusterIndex(NoiseTreatment.NOISE);
    long tableNoise = noiseColumn >= 0 ? merged.clusterTotal(noiseColumn) : 0;
    long clusters = population != null ? population.clusters()
        : merged.numClusters() - (noiseColumn >= 0 ? 1 : 0);
    report.add(new MetricValue("clusters", clusters, "clusters other than noise (negative ids)"
        + (population == null ? ", among the labelled points" : "")));
    long points = population != null ? population.points() : labelled;
    long noise = population != null ? population.noise() : tableNoise;
    report.add(new MetricValue("noise_fraction", points == 0 ? Double.NaN : noise / (double) points,
        "share of " + (population == null ? "labelled " : "") + "points in noise: " + noise + " of " + points));
    report.add(new MetricValue("labelled", labelled, null));
  }

  /** The table metrics with noise as one cluster; with noise also coverage and the clustered-only metrics. */
  static void agreement(ContingencyTable merged, Options options, BootstrapProgress progress,
      List<MetricValue> report) {
    boolean hasNoise = merged.clusterIndex(NoiseTreatment.NOISE) >= 0;
    if (merged.n() == 0) {
      for (String name : MetricReport.TABLE_METRICS) {
        report.add(new MetricValue(name, Double.NaN, "undefined: no labelled points"));
      }
      return;
    }
    ContingencyBootstrap.Statistics metrics = ContingencyBootstrap.metrics(ALL, merged.n());
    ContingencyBootstrap.Statistics statistics = t -> tableStatistics(t, hasNoise, metrics);
    double[] values = statistics.of(merged);
    Bootstrapped boot = null;
    if (options.resamples() > 0 && merged.n() >= 2) {
      boot = bootstrap(merged, statistics, values, options, progress, "table metrics");
    }
    String noInterval = options.resamples() == 0 ? null : merged.n() < 2 ? "no interval: 1 labelled point" : null;
    String noiseNote = hasNoise ? "noise as one cluster (scikit-learn with -1 labels)" : null;
    for (int m = 0; m < ALL.length; m++) {
      report.add(value(MetricReport.TABLE_METRICS.get(m), values, m, boot, IntervalPolicy.Regime.of(merged),
          join(describe(ALL[m]), noiseNote, noInterval)));
    }
    if (!hasNoise) return;
    ContingencyTable clustered = NoiseTreatment.CLUSTERED_ONLY.apply(merged);
    int coverage = ALL.length;
    report.add(value("coverage", values, coverage, boot, IntervalPolicy.Regime.of(merged),
        join("share of labelled points not in noise: " + clustered.n() + " of " + merged.n(), noInterval)));
    for (int m = 0; m < ALL.length; m++) {
      String name = MetricReport.CLUSTERED + MetricReport.TABLE_METRICS.get(m);
      if (clustered.n() == 0) {
        report.add(new MetricValue(name, Double.NaN, "undefined: every labelled point is noise"));
        continue;
      }
      report.add(value(name, values, coverage + 1 + m, boot, IntervalPolicy.Regime.of(clustered),
          join(describe(ALL[m]), "clustered points only (n=" + clustered.n() + "); read with coverage",
              noInterval)));
    }
  }

  /**
   * Cohen's kappa between two label columns given by their pair counts ({@link CohenKappa}, as
   * {@code sklearn.metrics.cohen_kappa_score}), with a bootstrap interval from the same multinomial resampling.
   */
  static MetricValue cohenKappa(List<LabelPairCount> pairs, Options options, BootstrapProgress progress) {
    if (pairs == null) throw new IllegalArgumentException("label pairs are null");
    TreeMap<String, Integer> union = new TreeMap<>();
    for (LabelPairCount pair : pairs) {
      if (pair.first() == null || pair.second() == null) throw new IllegalArgumentException("label pair has a null");
      if (pair.count() > 0) {
        union.put(pair.first(), 0);
        union.put(pair.second(), 0);
      }
    }
    if (union.isEmpty()) return new MetricValue("kappa", Double.NaN, "undefined: no labelled points");
    int position = 0;
    for (var label : union.entrySet()) label.setValue(position++);
    // Rows are the first column's labels; column ids the second label's position in the union, so the kappa of a
    // resampled table can be read off its cells.
    ContingencyTable.Builder builder = ContingencyTable.builder();
    for (LabelPairCount pair : pairs) builder.add(pair.first(), union.get(pair.second()), pair.count());
    ContingencyTable table = builder.build();
    int k = union.size();
    ContingencyBootstrap.Statistics kappa = t -> {
      long[][] confusion = new long[k][k];
      t.forEachCell((i, j, count) -> confusion[union.get(t.className(i))][(int) t.clusterId(j)] += count);
      return new double[] {CohenKappa.fromConfusion(confusion, CohenKappa.Weighting.NONE)};
    };
    double value = kappa.of(table)[0];
    if (Double.isNaN(value)) {
      return new MetricValue("kappa", value, "undefined (0/0): every point has one and the same label in both");
    }
    String detail = "unweighted, over the union of both columns' " + k + " labels";
    if (options.resamples() == 0) return new MetricValue("kappa", value, detail);
    Bootstrapped boot = bootstrap(table, kappa, new double[] {value}, options, progress, "kappa");
    return withInterval("kappa", value, boot.intervals().get(0), boot.reasons()[0], detail,
        IntervalPolicy.Regime.of(table));
  }

  private static MetricValue value(String name, double[] values, int s, Bootstrapped boot,
      IntervalPolicy.Regime regime, String detail) {
    return boot == null ? new MetricValue(name, values[s], detail)
        : withInterval(name, values[s], boot.intervals().get(s), boot.reasons()[s], detail, regime);
  }

  /**
   * The table metrics of a (resampled) table with noise merged into column -1; with noise also coverage and the
   * clustered-only metrics (NaN where no point is clustered).
   */
  private static double[] tableStatistics(ContingencyTable table, boolean hasNoise,
      ContingencyBootstrap.Statistics metrics) {
    double[] withNoise = metrics.of(table);
    if (!hasNoise) return withNoise;
    double[] values = Arrays.copyOf(withNoise, 2 * ALL.length + 1);
    ContingencyTable clustered = NoiseTreatment.CLUSTERED_ONLY.apply(table);
    values[ALL.length] = clustered.n() / (double) table.n();
    if (clustered.n() == 0) {
      Arrays.fill(values, ALL.length + 1, values.length, Double.NaN);
    } else {
      System.arraycopy(metrics.of(clustered), 0, values, ALL.length + 1, ALL.length);
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

  /** Intervals (null where a statistic was undefined on some resample, with the reason) of several statistics. */
  private record Bootstrapped(List<BootstrapInterval> intervals, String[] reasons) {}

  private static Bootstrapped bootstrap(ContingencyTable table, ContingencyBootstrap.Statistics statistics,
      double[] estimates, Options options, BootstrapProgress progress, String name) {
    BootstrapSettings settings = new BootstrapSettings(options.resamples(), options.confidence(), options.seed(),
        BootstrapSettings.DEFAULT_JACKKNIFE_GROUPS, options.parallel());
    ContingencyBootstrap.Intervals intervals = ContingencyBootstrap.of(table).intervals(statistics, settings,
        progress, name);
    String[] reasons = new String[intervals.intervals().size()];
    for (int s = 0; s < reasons.length; s++) {
      int undefined = intervals.undefinedResamples().get(s);
      if (undefined > 0 && !Double.isNaN(estimates[s])) {
        reasons[s] = "no interval: undefined on " + undefined + " of " + settings.resamples() + " resamples";
      }
    }
    return new Bootstrapped(intervals.intervals(), reasons);
  }
}
