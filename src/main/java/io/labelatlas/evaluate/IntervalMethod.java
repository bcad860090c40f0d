package io.labelatlas.evaluate;

/**
 * The ways to read a confidence interval off one bootstrap distribution and its jackknife
 * ({@link BootstrapInterval}). Which one a metric's {@code ci_low}/{@code ci_high} report is {@link IntervalPolicy}'s
 * choice, measured by {@code scripts/bench-coverage}.
 */
public enum IntervalMethod {
  /** The replicates' alpha/2 and 1 - alpha/2 quantiles. */
  PERCENTILE("percentile"),
  /** The percentile interval reflected about the estimate (reverse percentile): corrects the bootstrap's bias. */
  BASIC("basic"),
  /** Bias-corrected and accelerated (Efron 1987). */
  BCA("bca"),
  /** The bootstrap-bias-corrected estimate plus and minus z bootstrap standard errors. */
  NORMAL_BIAS_CORRECTED("normal_bc"),
  /**
   * The jackknife-bias-corrected estimate plus and minus z jackknife standard errors. The jackknife removes the
   * 1/n term of the plug-in bias of entropy-based scores, where the bootstrap estimates it from a table with fewer
   * occupied cells than the population's and falls short; and it does not see ARI's spurious bootstrap bias (a
   * resample's repeated crops always form same-class, same-cluster pairs). Where the interval reaches below 0 the
   * agreement is indistinguishable from chance, the score's distribution is one-sided and the jackknife's correction
   * overshoots: the upper bound is then the larger of this one and the percentile interval's.
   */
  JACKKNIFE("jackknife");

  private final String columnName;

  IntervalMethod(String columnName) {
    this.columnName = columnName;
  }

  /** The method's name in the {@code metrics} table's {@code ci_method} column. */
  public String columnName() {
    return columnName;
  }

  public double low(BootstrapInterval interval) {
    return switch (this) {
      case PERCENTILE -> interval.percentileLow();
      case BASIC -> interval.basicLow();
      case BCA -> interval.bcaLow();
      case NORMAL_BIAS_CORRECTED -> corrected(interval) - z(interval) * interval.standardError();
      case JACKKNIFE -> corrected(interval) - z(interval) * interval.jackknifeStandardError();
    };
  }

  public double high(BootstrapInterval interval) {
    return switch (this) {
      case PERCENTILE -> interval.percentileHigh();
      case BASIC -> interval.basicHigh();
      case BCA -> interval.bcaHigh();
      case NORMAL_BIAS_CORRECTED -> corrected(interval) + z(interval) * interval.standardError();
      case JACKKNIFE -> {
        double high = corrected(interval) + z(interval) * interval.jackknifeStandardError();
        yield low(interval) < 0 ? Math.max(high, interval.percentileHigh()) : high;
      }
    };
  }

  /** The bias-corrected estimate the method centres on; NaN for the methods that do not correct the estimate. */
  public double corrected(BootstrapInterval interval) {
    return switch (this) {
      case PERCENTILE, BCA -> Double.NaN;
      case BASIC, NORMAL_BIAS_CORRECTED -> interval.biasCorrected();
      case JACKKNIFE -> interval.estimate() - interval.jackknifeBias();
    };
  }

  private static double z(BootstrapInterval interval) {
    return -StandardNormal.quantile((1 - interval.confidence()) / 2);
  }
}
