package io.labelatlas.evaluate;

import java.util.Arrays;

/**
 * One (row size a, column size b) cell of the expected-mutual-information sum of {@link AgreementMetrics#ami}, term by
 * term as in scikit-learn's Cython loop ({@code _expected_mutual_info_fast.pyx}), but walking out from the
 * hypergeometric mode and stopping where the terms can no longer change a double sum.
 */
final class ExpectedMutualInformationCell {
  // Hypergeometric terms more than e^-80 below the largest one cannot change a double sum of them.
  private static final double NEGLIGIBLE_LOG_RATIO = 80.0;

  private final long n;
  private final double nDouble;
  private final double logN;
  private final double logFactorialN;
  private final LogFactorials logFactorial;

  ExpectedMutualInformationCell(long n, LogFactorials logFactorial) {
    this.n = n;
    this.nDouble = n;
    this.logN = Math.log(nDouble);
    this.logFactorialN = logFactorial.of(n);
    this.logFactorial = logFactorial;
  }

  /** Sum over n_ij of P(n_ij | a, b, n) * (n_ij / n) * log(n * n_ij / (a * b)). */
  double miContribution(long a, long b) {
    long low = Math.max(1, a + b - n);
    long high = Math.min(a, b);
    double logA = Math.log(a), logB = Math.log(b);
    double logMarginals = logFactorial.of(a) + logFactorial.of(b) + logFactorial.of(n - a) + logFactorial.of(n - b);
    long mode = (long) Math.floor((a + 1.0) * (b + 1.0) / (nDouble + 2.0));
    mode = Math.max(low, Math.min(high, mode));
    double cutoff = logProbability(mode, a, b, logMarginals) - NEGLIGIBLE_LOG_RATIO;

    // The hypergeometric pmf is unimodal: walk down from the mode, then add those terms in ascending n_ij order
    // (sklearn's order), then walk up.
    double[] below = new double[16];
    int count = 0;
    for (long k = mode - 1; k >= low; k--) {
      double logP = logProbability(k, a, b, logMarginals);
      if (logP < cutoff) break;
      if (count == below.length) below = Arrays.copyOf(below, 2 * count);
      below[count++] = term(k, logA, logB, logP);
    }
    double sum = 0.0;
    for (int t = count - 1; t >= 0; t--) sum += below[t];
    for (long k = mode; k <= high; k++) {
      double logP = logProbability(k, a, b, logMarginals);
      if (k > mode && logP < cutoff) break;
      sum += term(k, logA, logB, logP);
    }
    return sum;
  }

  private double logProbability(long k, long a, long b, double logMarginals) {
    return logMarginals - logFactorialN - logFactorial.of(k) - logFactorial.of(a - k) - logFactorial.of(b - k)
        - logFactorial.of(n - a - b + k);
  }

  private double term(long k, double logA, double logB, double logP) {
    double logRatio = logN + Math.log(k) - logA - logB;
    return k / nDouble * logRatio * Math.exp(logP);
  }
}
