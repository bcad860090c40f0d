package io.labelatlas.evaluate;

/**
 * A statistic with its bootstrap confidence intervals, as {@code scipy.stats.bootstrap} (scipy 1.10) computes them
 * from the same bootstrap distribution: the percentile interval, and the bias-corrected and accelerated (BCa)
 * interval of Efron, "Better Bootstrap Confidence Intervals", JASA 82, 1987 (Efron and Tibshirani 1993, 14.3).
 *
 * <p>Read {@code bias} before the intervals. Plug-in information scores (NMI, AMI, homogeneity, completeness,
 * V-measure) and macro purity rise under resampling when the table has few samples per cell, because a resample's
 * repeated samples always share a cell. With 20 classes x 60 clusters and n = 10,000 (about 9 per cell) the bias
 * of NMI and AMI was 3.4 standard errors and that of macro purity 6.7; ARI's was 0.2. The percentile interval then
 * misses the estimate and BCa degenerates (z0 = -infinity gives NaN, or both ends collapse onto the lowest
 * replicates). At n = 200,000 NMI's bias fell to 0.7 standard errors, which BCa corrects, but macro purity's stayed
 * near 7. The paired difference of two clusterings is less affected, as the bias largely cancels.
 *
 * @param estimate the statistic on the full sample
 * @param percentileLow lower end of the percentile interval
 * @param percentileHigh upper end of the percentile interval
 * @param bcaLow lower end of the BCa interval (NaN where BCa is undefined, e.g. every replicate below the estimate)
 * @param bcaHigh upper end of the BCa interval
 * @param standardError standard deviation of the replicates (ddof = 1)
 * @param bias mean of the replicates minus the estimate (Efron and Tibshirani 1993, 10.2); when it is not small
 *     against {@code standardError}, the bootstrap distribution is off-centre and the intervals are unreliable
 * @param biasCorrection BCa's z0: the normal quantile of the share of replicates below the estimate (ties half)
 * @param acceleration BCa's a, from the jackknife skewness; 0 where every jackknife value is equal (scipy: NaN)
 * @param resamples number of replicates
 * @param confidence two-sided level of the intervals
 * @param basicLow lower end of the basic (reverse-percentile) interval, 2 estimate - the upper percentile (Davison
 *     and Hinkley 1997, 5.2.1): the percentile interval reflected about the estimate, which moves it against the
 *     bootstrap's bias instead of with it
 * @param basicHigh upper end of the basic interval, 2 estimate - the lower percentile
 * @param jackknifeBias the jackknife's estimate of the bias (Quenouille; Efron and Tibshirani 1993, 11.2) from the
 *     same leave-out values as the acceleration, (W - 1)(weighted mean of the values - estimate), W their total
 *     weight (n for leave-one-out, the number of groups for delete-a-group); NaN where no jackknife was run
 * @param jackknifeStandardError the jackknife's standard error, sqrt((W - 1) / W * sum w (value - mean)^2) over
 *     the same leave-out values (W their total weight); NaN where no jackknife was run
 */
public record BootstrapInterval(double estimate, double percentileLow, double percentileHigh, double bcaLow,
    double bcaHigh, double standardError, double bias, double biasCorrection, double acceleration, int resamples,
    double confidence, double basicLow, double basicHigh, double jackknifeBias, double jackknifeStandardError) {

  /** The bias-corrected estimate, estimate - bias = 2 estimate - the mean of the replicates. */
  public double biasCorrected() {
    return estimate - bias;
  }
}
