package io.labelatlas.evaluate;

import java.util.SplittableRandom;

/**
 * Multinomial and binomial draws for resampling a table of counts: a bootstrap resample of n samples has cell counts
 * Multinomial(n, count_c / n), so resampling the table needs no per-sample data. The multinomial is drawn as a chain
 * of conditional binomials; each binomial by inversion, visiting values from the mode outwards in order of
 * decreasing probability, so that the expected work is O(sqrt(n p (1 - p))) and independent of where the mass lies.
 * The probability at the mode comes from Loader's saddle-point form ("Fast and accurate computation of binomial
 * probabilities", 2000, as in R's dbinom), accurate to about 1e-14 for any n; the others by the exact ratio
 * recurrence.
 */
public final class Multinomial {
  private static final double LOG_TWO_PI = Math.log(2 * Math.PI);

  private Multinomial() {}

  /**
   * Fills {@code counts} with one draw of Multinomial({@code trials}, weights / sum(weights)); zero weights get 0.
   */
  public static void sample(SplittableRandom random, long trials, long[] weights, long[] counts) {
    long remainingWeight = 0;
    for (long w : weights) {
      if (w < 0) throw new IllegalArgumentException("multinomial weights must be >= 0, got " + w);
      remainingWeight += w;
    }
    long remaining = trials;
    for (int c = 0; c < weights.length; c++) {
      if (weights[c] == 0 || remaining == 0) {
        counts[c] = 0;
      } else if (weights[c] == remainingWeight) {
        counts[c] = remaining;
        remaining = 0;
      } else {
        counts[c] = binomial(random, remaining, weights[c] / (double) remainingWeight);
        remaining -= counts[c];
      }
      remainingWeight -= weights[c];
    }
  }

  /** One draw of Binomial(trials, p). */
  static long binomial(SplittableRandom random, long trials, double p) {
    if (trials < 0 || !(p >= 0 && p <= 1)) {
      throw new IllegalArgumentException("binomial needs trials >= 0 and p in [0, 1], got " + trials + ", " + p);
    }
    if (trials == 0 || p == 0) return 0;
    if (p == 1) return trials;
    if (p > 0.5) return trials - binomial(random, trials, 1 - p);
    double q = 1 - p;
    double odds = p / q;
    long mode = (long) Math.floor((trials + 1) * p);
    mode = Math.min(mode, trials);
    double u = random.nextDouble();
    double atMode = probability(mode, trials, p, q);
    double total = atMode;
    if (u < total) return mode;
    long down = mode;
    long up = mode;
    double downProbability = atMode;
    double upProbability = atMode;
    double nextDown = down > 0 ? atMode * down / ((trials - down + 1) * odds) : 0;
    double nextUp = up < trials ? atMode * (trials - up) * odds / (up + 1) : 0;
    while (nextDown > 0 || nextUp > 0) {
      if (nextUp >= nextDown) {
        up++;
        upProbability = nextUp;
        total += upProbability;
        if (u < total) return up;
        nextUp = up < trials ? upProbability * (trials - up) * odds / (up + 1) : 0;
      } else {
        down--;
        downProbability = nextDown;
        total += downProbability;
        if (u < total) return down;
        nextDown = down > 0 ? downProbability * down / ((trials - down + 1) * odds) : 0;
      }
    }
    // Rounding left the probabilities summing a hair below u: the draw is in the far tail that underflowed.
    return upProbability >= downProbability ? up : down;
  }

  /** P(X = k) for X ~ Binomial(n, p), by Loader's saddle-point expansion. */
  static double probability(long k, long n, double p, double q) {
    if (k == 0) return Math.exp(n * Math.log1p(-p));
    if (k == n) return Math.exp(n * Math.log(p));
    double exponent = stirlingError(n) - stirlingError(k) - stirlingError(n - k)
        - deviance(k, n * p) - deviance(n - k, n * q);
    double logNormaliser = LOG_TWO_PI + Math.log(k) + Math.log1p(-k / (double) n);
    return Math.exp(exponent - 0.5 * logNormaliser);
  }

  /** log(k!) - log(sqrt(2 pi k) (k / e)^k), the error of Stirling's formula. */
  static double stirlingError(long k) {
    if (k <= 15) {
      double x = k;
      return LogFactorials.logFactorial(k) - (x + 0.5) * Math.log(x) + x - 0.5 * LOG_TWO_PI;
    }
    double x = k;
    double inverse2 = 1 / (x * x);
    if (k > 500) return (1.0 / 12 - inverse2 / 360) / x;
    if (k > 80) return (1.0 / 12 - (1.0 / 360 - inverse2 / 1260) * inverse2) / x;
    if (k > 35) return (1.0 / 12 - (1.0 / 360 - (1.0 / 1260 - inverse2 / 1680) * inverse2) * inverse2) / x;
    double series = 1.0 / 1260 - (1.0 / 1680 - inverse2 / 1188) * inverse2;
    return (1.0 / 12 - (1.0 / 360 - series * inverse2) * inverse2) / x;
  }

  /** x log(x / mean) + mean - x, summed as a series where x is near the mean to avoid cancellation. */
  static double deviance(double x, double mean) {
    if (Math.abs(x - mean) < 0.1 * (x + mean)) {
      double v = (x - mean) / (x + mean);
      double sum = (x - mean) * v;
      double term = 2 * x * v;
      double v2 = v * v;
      for (int j = 1; j < 1000; j++) {
        term *= v2;
        double next = sum + term / (2 * j + 1);
        if (next == sum) return next;
        sum = next;
      }
      return sum;
    }
    return x * Math.log(x / mean) + mean - x;
  }
}
