package io.labelatlas.evaluate;

/**
 * log(k!) from a table for k up to a bound (like scikit-learn's {@code gln_nij}), computed beyond it; either way the
 * value of {@link #logFactorial(long)}.
 */
final class LogFactorials {
  private static final int MAX_TABLE = 1 << 20;
  private final double[] table;

  LogFactorials(long largest) {
    table = new double[(int) Math.min(largest, MAX_TABLE) + 1];
    for (int k = 0; k < table.length; k++) table[k] = logFactorial(k);
  }

  double of(long k) {
    return k < table.length ? table[(int) k] : logFactorial(k);
  }

  private static final double[] SMALL_LOG_FACTORIALS = new double[21];

  static {
    long factorial = 1;
    for (int k = 0; k < SMALL_LOG_FACTORIALS.length; k++) {
      if (k > 0) factorial *= k;
      SMALL_LOG_FACTORIALS[k] = Math.log(factorial); // k! <= 20! is exact in a double
    }
  }

  private static final double HALF_LOG_TWO_PI = 0.9189385332046727418;

  /**
   * log(k!) = lgamma(k + 1) to within a few ulps: exact factorials up to 20!, then Stirling's series, whose next term
   * at k + 1 >= 22 is below 1e-20.
   */
  static double logFactorial(long k) {
    if (k < 0) throw new IllegalArgumentException("log factorial of negative " + k);
    if (k < SMALL_LOG_FACTORIALS.length) return SMALL_LOG_FACTORIALS[(int) k];
    double x = k + 1.0;
    double inverse = 1.0 / x;
    double inverse2 = inverse * inverse;
    double series = inverse * (1.0 / 12 + inverse2 * (-1.0 / 360 + inverse2 * (1.0 / 1260 + inverse2 * (-1.0 / 1680
        + inverse2 * (1.0 / 1188 + inverse2 * (-691.0 / 360360 + inverse2 * (1.0 / 156)))))));
    return (x - 0.5) * Math.log(x) - x + HALF_LOG_TWO_PI + series;
  }
}
