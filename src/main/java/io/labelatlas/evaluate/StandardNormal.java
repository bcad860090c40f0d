package io.labelatlas.evaluate;

/**
 * The standard normal distribution function and its inverse, to double precision, as scipy's {@code special.ndtr}
 * and {@code special.ndtri} (which BCa intervals use). The distribution function comes from erf by its Taylor series
 * (all terms positive, so no cancellation) below |x| = 2 sqrt(2) and from erfc by its continued fraction beyond,
 * which keeps relative accuracy in the tails; the inverse refines a rational first guess (Abramowitz and Stegun
 * 26.2.23) by Halley steps on that distribution function.
 */
final class StandardNormal {
  private static final double SQRT_HALF = Math.sqrt(0.5);
  private static final double INVERSE_SQRT_PI = 1.0 / Math.sqrt(Math.PI);
  private static final double INVERSE_SQRT_TWO_PI = 1.0 / Math.sqrt(2 * Math.PI);
  private static final double SERIES_LIMIT = 2.0;

  private StandardNormal() {}

  /** P(Z <= x). */
  static double cdf(double x) {
    if (Double.isNaN(x)) return Double.NaN;
    double z = x * SQRT_HALF;
    return z < 0 ? 0.5 * erfc(-z) : 0.5 + 0.5 * erf(z);
  }

  /** The x with P(Z <= x) = p; -infinity at 0, +infinity at 1, NaN outside [0, 1]. */
  static double quantile(double p) {
    if (Double.isNaN(p) || p < 0 || p > 1) return Double.NaN;
    if (p == 0) return Double.NEGATIVE_INFINITY;
    if (p == 1) return Double.POSITIVE_INFINITY;
    if (p == 0.5) return 0.0;
    // Solve in the lower tail, where p itself (not 1 - p) carries the precision.
    boolean upper = p > 0.5;
    double q = upper ? 1 - p : p;
    double t = Math.sqrt(-2 * Math.log(q));
    double x = -(t - (2.515517 + t * (0.802853 + t * 0.010328)) / (1 + t * (1.432788 + t * (0.189269 + t * 0.001308))));
    for (int step = 0; step < 50; step++) {
      double density = INVERSE_SQRT_TWO_PI * Math.exp(-0.5 * x * x);
      double u = (cdf(x) - q) / density;
      double next = x - u / (1 + 0.5 * x * u);
      boolean converged = Math.abs(next - x) <= 1e-15 * Math.max(1, Math.abs(x));
      x = next;
      if (converged) break;
    }
    return upper ? -x : x;
  }

  /** erf(z) for z >= 0. */
  private static double erf(double z) {
    if (z < SERIES_LIMIT) return erfSeries(z);
    return 1 - erfcContinuedFraction(z);
  }

  /** erfc(z) for z >= 0. */
  private static double erfc(double z) {
    if (z < SERIES_LIMIT) return 1 - erfSeries(z);
    return erfcContinuedFraction(z);
  }

  /** erf(z) = 2/sqrt(pi) exp(-z^2) sum_k 2^k z^(2k+1) / (1 * 3 * ... * (2k+1)). */
  private static double erfSeries(double z) {
    double twoZ2 = 2 * z * z;
    double term = z;
    double sum = z;
    for (int k = 1; k < 200; k++) {
      term *= twoZ2 / (2 * k + 1);
      sum += term;
      if (term <= 1e-17 * sum) break;
    }
    return 2 * INVERSE_SQRT_PI * Math.exp(-z * z) * sum;
  }

  /** erfc(z) = exp(-z^2) / sqrt(pi) / (z + (1/2) / (z + 1 / (z + (3/2) / (z + ...)))), by Lentz's method. */
  private static double erfcContinuedFraction(double z) {
    if (z > 27) return 0.0; // exp(-z^2) underflows
    double tiny = 1e-300;
    double f = z;
    double c = z;
    double d = 0;
    for (int k = 1; k < 500; k++) {
      double a = 0.5 * k;
      d = z + a * d;
      d = 1 / (Math.abs(d) < tiny ? tiny : d);
      c = z + a / c;
      if (Math.abs(c) < tiny) c = tiny;
      double delta = c * d;
      f *= delta;
      if (Math.abs(delta - 1) < 1e-16) break;
    }
    return INVERSE_SQRT_PI * Math.exp(-z * z) / f;
  }
}
