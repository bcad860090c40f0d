package io.labelatlas.evaluate;

/**
 * The interval a metric's {@code ci_low}/{@code ci_high} report, as {@link IntervalPolicy} chose it from the
 * metric's {@link BootstrapInterval}.
 *
 * @param method how the bounds were read off the bootstrap (and jackknife) values
 * @param low lower bound; NaN where {@code note} says the interval cannot be trusted
 * @param high upper bound; NaN likewise
 * @param corrected the bias-corrected estimate the method centres on (NaN for the uncorrected methods)
 * @param note why the interval is missing or unverified (null where {@code scripts/bench-coverage} verified it)
 */
public record ReportedInterval(IntervalMethod method, double low, double high, double corrected, String note) {

  /** Whether bounds are reported. */
  public boolean hasBounds() {
    return Double.isFinite(low) && Double.isFinite(high);
  }

  /**
   * The bias-corrected estimate where it differs from the raw one by more than the interval's half-width (then the
   * raw estimate lies outside or at the edge of its own interval, and the corrected one is the better point); NaN
   * otherwise.
   */
  public double correctedWhereItMatters(double estimate) {
    if (!hasBounds() || !Double.isFinite(corrected)) return Double.NaN;
    return Math.abs(estimate - corrected) > (high - low) / 2 ? corrected : Double.NaN;
  }
}
