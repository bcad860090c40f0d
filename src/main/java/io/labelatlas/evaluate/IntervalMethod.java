package io.labelatlas.evaluate;

/**
 * The ways to read a confidence interval off one bootstrap distribution and its jackknife
 * ({@link BootstrapInterval}). Which one a metric's {@code ci_low}/{@code ci_high} report is {@link IntervalPolicy}'s
 * choice, measured by {@code scripts/bench-coverage}.
 */
public enum IntervalMethod {
  /** The replicates' alpha/2 and 1 - alpha/2 quantiles. */
  PERCENTILE("percentile") {
    @Override
    public double low(BootstrapInterval interval) {
      return interval.percentileLow();
    }

    @Override
    public double high(BootstrapInterval interval) {
      return interval.percentileHigh();
    }
  },
  /** The percentile interval reflected about the estimate (reverse percentile): corrects the bootstrap's bias. */
  BASIC("basic") {
    @Override
    public double low(BootstrapInterval interval) {
      return interval.basicLow();
    }

    @Override
    public double high(BootstrapInterval interval) {
      return interval.basicHigh();
    }

    @Override
    public double corrected(BootstrapInterval interval) {
      return interval.biasCorrected();
    }
  },
  /** Bias-corrected and accelerated (Efron 1987). */
  BCA("bca") {
    @Override
    public double low(BootstrapInterval interval) {
      return interval.bcaLow();
    }

    @Override
    public double high(BootstrapInterval interval) {
      return interval.bcaHigh();
    }
  },
  /** The bootstrap-bias-corrected estimate plus and minus z bootstrap standard errors. */
  NORMAL_BIAS_CORRECTED("normal_bc") {
    @Override
    public double low(BootstrapInterval interval) {
      return corrected(interval) - z(interval) * interval.standardError();
    }

    @Override
    public double high(BootstrapInterval interval) {
      return corrected(interval) + z(interval) * interval.standardError();
    }

    @Override
    public double corrected(BootstrapInterval interval) {
      return interval.biasCorrected();
    }
  },
  /**
   * The jackknife-bias-corrected estimate plus and minus z jackknife standard errors. The jackknife removes the
   * 1/n term of the plug-in bias of entropy-based scores, where the bootstrap estimates it from a table with fewer
   * occupied cells than the population's and falls short; and it does not see ARI's spurious bootstrap bias (a
   * resample's repeated crops always form same-class, same-cluster pairs). Where the interval reaches below 0 the
   * agreement is indistinguishable from chance, the score's distribution is one-sided and the jackknife's correction
   * overshoots: the upper bound is then the larger of this one and the percentile interval's.
   */
  JACKKNIFE("jackknife") {
    @Override
    public double low(BootstrapInterval interval) {
      return corrected(interval) - z(interval) * interval.jackknifeStandardError();
    }

    @Override
    public double high(BootstrapInterval interval) {
      double high = corrected(interval) + z(interval) * interval.jackknifeStandardError();
      return low(interval) < 0 ? Math.max(high, interval.percentileHigh()) : high;
    }

    @Override
    public double corrected(BootstrapInterval interval) {
      return interval.estimate() - interval.jackknifeBias();
    }
  };

  private final String columnName;

  IntervalMethod(String columnName) {
    this.columnName = columnName;
  }

  /** The method's name in the {@code metrics} table's {@code ci_method} column. */
  public String columnName() {
    return columnName;
  }

  /** The lower bound; NaN where the method is undefined on this bootstrap (BCa with z0 infinite, no jackknife). */
  public abstract double low(BootstrapInterval interval);

  /** The upper bound; NaN likewise. */
  public abstract double high(BootstrapInterval interval);

  /** The bias-corrected estimate the method centres on; NaN for the methods that do not correct the estimate. */
  public double corrected(BootstrapInterval interval) {
    return Double.NaN;
  }

  /** The normal quantile of the interval's two-sided level. */
  static double z(BootstrapInterval interval) {
    return -StandardNormal.quantile((1 - interval.confidence()) / 2);
  }
}
