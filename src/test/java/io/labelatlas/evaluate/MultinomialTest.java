package io.labelatlas.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MultinomialTest {
  /** P(X = k) from log factorials, accurate for small n. */
  static double direct(long k, long n, double p) {
    return Math.exp(LogFactorials.logFactorial(n) - LogFactorials.logFactorial(k)
        - LogFactorials.logFactorial(n - k) + k * Math.log(p) + (n - k) * Math.log1p(-p));
  }

  @Test
  void saddlePointProbabilitiesAreExactAndSumToOne() {
    for (long n : new long[] {1, 7, 40, 300}) {
      for (double p : new double[] {0.01, 0.3, 0.5, 0.77}) {
        double sum = 0;
        for (long k = 0; k <= n; k++) {
          double pk = Multinomial.probability(k, n, p, 1 - p);
          sum += pk;
          double expected = direct(k, n, p);
          assertEquals(expected, pk, 1e-11 * expected + 1e-300, "n=" + n + " p=" + p + " k=" + k);
        }
        assertEquals(1.0, sum, 1e-13, "n=" + n + " p=" + p);
      }
    }
    // Large n, where the direct form loses ~1e-9 to cancellation: the probabilities still sum to 1.
    long n = 5_000_000;
    double p = 0.013;
    double sum = 0;
    long mode = (long) Math.floor((n + 1) * p);
    for (long k = mode - 3000; k <= mode + 3000; k++) sum += Multinomial.probability(k, n, p, 1 - p);
    assertEquals(1.0, sum, 1e-12);
  }

  @Test
  void binomialDrawsFollowTheBinomialDistribution() {
    // Chi-square goodness of fit on 100,000 draws per case, bins with expected count >= 20 (tails pooled); the
    // critical value is the chi-square quantile at p = 1e-5 (Wilson-Hilferty), so a correct sampler fails ~never.
    SplittableRandom random = new SplittableRandom(17);
    long[][] cases = {{1, 0}, {12, 0}, {60, 0}, {2000, 0}, {1_000_000, 0}, {1_000_000_000L, 0}};
    double[] ps = {0.4, 0.25, 0.9, 0.002, 0.3, 1e-6};
    int draws = 100_000;
    for (int c = 0; c < cases.length; c++) {
      long n = cases[c][0];
      double p = ps[c];
      double mean = n * p;
      double sd = Math.sqrt(n * p * (1 - p));
      long low = Math.max(0, (long) Math.floor(mean - 6 * sd - 2));
      long high = Math.min(n, (long) Math.ceil(mean + 6 * sd + 2));
      long[] observed = new long[(int) (high - low + 1)];
      double sum = 0;
      for (int d = 0; d < draws; d++) {
        long x = Multinomial.binomial(random, n, p);
        assertTrue(x >= 0 && x <= n);
        sum += x;
        observed[(int) (Math.min(Math.max(x, low), high) - low)]++;
      }
      double[] expected = new double[observed.length];
      for (long k = low; k <= high; k++) expected[(int) (k - low)] = draws * direct(k, n, p);
      // Pool the tails into the end bins.
      double below = 0;
      double above = 0;
      for (long k = 0; k < low; k++) below += direct(k, n, p);
      expected[0] += draws * below;
      for (long k = high + 1; k <= Math.min(n, high + 1000); k++) above += direct(k, n, p);
      expected[expected.length - 1] += draws * above;
      double chi2 = 0;
      int bins = 0;
      double pooledObserved = 0;
      double pooledExpected = 0;
      for (int b = 0; b < observed.length; b++) {
        pooledObserved += observed[b];
        pooledExpected += expected[b];
        if (pooledExpected >= 20 || b == observed.length - 1) {
          chi2 += (pooledObserved - pooledExpected) * (pooledObserved - pooledExpected) / pooledExpected;
          bins++;
          pooledObserved = 0;
          pooledExpected = 0;
        }
      }
      int df = Math.max(1, bins - 1);
      double z = 4.265; // normal quantile at 1 - 1e-5
      double critical = df * Math.pow(1 - 2.0 / (9 * df) + z * Math.sqrt(2.0 / (9 * df)), 3);
      assertTrue(chi2 < critical, "n=" + n + " p=" + p + ": chi2 " + chi2 + " on " + df + " df, critical " + critical);
      assertEquals(mean, sum / draws, 5 * sd / Math.sqrt(draws) + 1e-12, "mean, n=" + n + " p=" + p);
    }
  }

  @Test
  void multinomialCountsHaveMultinomialMoments() {
    SplittableRandom random = new SplittableRandom(3);
    long[] weights = {50, 0, 30, 15, 5};
    long n = 1000;
    int draws = 20_000;
    double[] sum = new double[weights.length];
    double[] squares = new double[weights.length];
    double cross = 0;
    long[] counts = new long[weights.length];
    for (int d = 0; d < draws; d++) {
      Multinomial.sample(random, n, weights, counts);
      long total = 0;
      for (int c = 0; c < counts.length; c++) {
        total += counts[c];
        sum[c] += counts[c];
        squares[c] += counts[c] * (double) counts[c];
      }
      assertEquals(n, total);
      assertEquals(0, counts[1]);
      cross += counts[0] * (double) counts[2];
    }
    for (int c = 0; c < weights.length; c++) {
      double p = weights[c] / 100.0;
      double mean = sum[c] / draws;
      double variance = squares[c] / draws - mean * mean;
      double sd = Math.sqrt(n * p * (1 - p));
      assertEquals(n * p, mean, 5 * sd / Math.sqrt(draws) + 1e-12, "mean of cell " + c);
      assertEquals(n * p * (1 - p), variance, 0.05 * n * p * (1 - p) + 1e-12, "variance of cell " + c);
    }
    double covariance = cross / draws - (sum[0] / draws) * (sum[2] / draws);
    assertEquals(-n * 0.5 * 0.3, covariance, 0.06 * n * 0.5 * 0.3, "covariance of cells 0 and 2");
  }

  @Test
  void edgeCases() {
    SplittableRandom random = new SplittableRandom(1);
    assertEquals(0, Multinomial.binomial(random, 0, 0.5));
    assertEquals(0, Multinomial.binomial(random, 10, 0));
    assertEquals(10, Multinomial.binomial(random, 10, 1));
    long[] counts = new long[2];
    Multinomial.sample(random, 7, new long[] {0, 4}, counts);
    assertEquals(7, counts[1]);
    assertThrows(IllegalArgumentException.class, () -> Multinomial.binomial(random, 5, 1.5));
    assertThrows(IllegalArgumentException.class, () -> Multinomial.sample(random, 5, new long[] {-1, 2}, counts));
  }
}
