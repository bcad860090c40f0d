package io.labelatlas.evaluate;

import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;

/**
 * The agreement scores that depend only on the contingency table, by the names the {@code metrics} table uses. They
 * are what {@link ContingencyBootstrap} resamples quickly, since a resampled table is a vector of cell counts.
 */
public enum TableMetric {
  /** Micro purity, {@link ClusterDiagnostics#microPurity}. */
  PURITY("purity"),
  /** Macro purity, {@link ClusterDiagnostics#macroPurity}. */
  MACRO_PURITY("macro_purity"),
  NMI("nmi"),
  AMI("ami"),
  ARI("ari"),
  HOMOGENEITY("homogeneity"),
  COMPLETENESS("completeness"),
  V_MEASURE("v_measure");

  private final String metricName;

  TableMetric(String metricName) {
    this.metricName = metricName;
  }

  /** The metric's name in the {@code metrics} table. */
  public String metricName() {
    return metricName;
  }

  /** The score of one table, as {@link AgreementMetrics} (scikit-learn) or {@link ClusterDiagnostics} computes it. */
  public double of(ContingencyTable table) {
    return switch (this) {
      case PURITY -> AgreementMetrics.purity(table);
      case MACRO_PURITY -> ClusterDiagnostics.macroPurity(table);
      case NMI -> AgreementMetrics.nmi(table);
      case AMI -> AgreementMetrics.ami(table);
      case ARI -> AgreementMetrics.ari(table);
      case HOMOGENEITY -> AgreementMetrics.homogeneity(table);
      case COMPLETENESS -> AgreementMetrics.completeness(table);
      case V_MEASURE -> AgreementMetrics.vMeasure(table);
    };
  }

  /** Every metric, in declaration order. */
  public static TableMetric[] all() {
    return values();
  }

  /** The given metrics without repeats, in declaration order. */
  static TableMetric[] ordered(Collection<TableMetric> metrics) {
    if (metrics == null || metrics.isEmpty()) throw new IllegalArgumentException("no table metrics requested");
    return EnumSet.copyOf(metrics).toArray(new TableMetric[0]);
  }

  /**
   * The scores of {@code metrics} on one table, in that order. Where AMI and other scikit-learn scores are asked
   * for, they come from one {@link AgreementMetrics#score} call, which shares the entropies and mutual information;
   * without AMI that call would spend most of its time on the expected mutual information nobody asked for.
   * {@code logFactorials}, if not null, is a table shared by tables of one n (see {@link ContingencyBootstrap}).
   */
  static double[] evaluate(ContingencyTable table, TableMetric[] metrics,
      LogFactorials logFactorials) {
    double[] values = new double[metrics.length];
    boolean withAmi = Arrays.asList(metrics).contains(AMI);
    long sharing = Arrays.stream(metrics).filter(m -> m != MACRO_PURITY && m != PURITY).count();
    AgreementScores scores = withAmi && sharing > 1 ? AgreementMetrics.score(table, logFactorials) : null;
    for (int m = 0; m < metrics.length; m++) {
      if (scores == null) {
        values[m] = metrics[m] == AMI ? AgreementMetrics.ami(table, logFactorials) : metrics[m].of(table);
        continue;
      }
      values[m] = switch (metrics[m]) {
        case PURITY -> scores.purity();
        case MACRO_PURITY -> ClusterDiagnostics.macroPurity(table);
        case NMI -> scores.nmi();
        case AMI -> scores.ami();
        case ARI -> scores.ari();
        case HOMOGENEITY -> scores.homogeneity();
        case COMPLETENESS -> scores.completeness();
        case V_MEASURE -> scores.vMeasure();
      };
    }
    return values;
  }
}
