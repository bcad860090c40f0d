package io.labelatlas.evaluate;

import io.labelatlas.geometry.PairwiseSum;
import java.math.BigInteger;
import java.util.Arrays;

/**
 * Agreement between true classes and clusters, computed from a {@link ContingencyTable} so that only the small table
 * has to reach the driver. Each score reproduces scikit-learn 1.2 ({@code sklearn/metrics/cluster/_supervised.py}
 * and {@code _expected_mutual_info_fast.pyx}), including its special cases and the order of its floating-point
 * operations, so values agree to ~1e-14. AMI follows Vinh, Epps and Bailey, "Information Theoretic Measures for
 * Clusterings Comparison", JMLR 11 (2010); its EMI is a difference of large log-gamma values, which on extreme
 * tables (n ~ 1e6 and a near-empty class) leaves both implementations ~1e-10 apart. Natural logarithms throughout.
 */
public final class AgreementMetrics {
  private static final double EPS = Math.ulp(1.0);
  private static final long SINGLETONS_REPLAYED = 4096;

  private AgreementMetrics() {}

  /** All scores at once, sharing the entropies and the mutual information. */
  public static AgreementScores score(ContingencyTable table) {
    return score(table, null);
  }

  /**
   * {@link #score(ContingencyTable)} with a log-factorial table shared by many tables of the same n (bootstrap
   * resamples), which saves rebuilding it per table; the values are the same, bit for bit. Null builds one.
   */
  static AgreementScores score(ContingencyTable table, LogFactorials shared) {
    check(table);
    double mi = mutualInformation(table);
    double hTrue = entropy(table.classTotals());
    double hPred = entropy(table.clusterTotals());
    double homogeneity = homogeneity(mi, hTrue);
    double completeness = completeness(mi, hPred);
    return new AgreementScores(purity(table), nmi(table, mi, hTrue, hPred), ami(table, mi, hTrue, hPred, shared),
        ari(table), homogeneity, completeness, vMeasure(homogeneity, completeness));
  }

  /** Sum over clusters of the largest class count, over n. */
  public static double purity(ContingencyTable table) {
    check(table);
    long[] best = new long[table.numClusters()];
    table.forEachCell((i, j, count) -> best[j] = Math.max(best[j], count));
    long sum = 0;
    for (long b : best) sum += b;
    return sum / (double) table.n();
  }

  /** {@code sklearn.metrics.mutual_info_score}. */
  public static double mutualInformation(ContingencyTable table) {
    check(table);
    // Since MI <= min(H(U), H(V)), a labelling with a single class or cluster has MI = 0.
    if (table.numClasses() == 1 || table.numClusters() == 1) return 0.0;
    long[] a = table.classTotals();
    long[] b = table.clusterTotals();
    double n = table.n();
    double logN = Math.log(n);
    double[] terms = new double[table.nonZeroCells()];
    int[] next = {0};
    table.forEachCell((i, j, count) -> {
      double p = count / n;
      double logOuter = -Math.log(product(a[i], b[j])) + logN + logN;
      double term = p * (Math.log(count) - logN) + p * logOuter;
      terms[next[0]++] = Math.abs(term) < EPS ? 0.0 : term;
    });
    return Math.max(numpySum(terms), 0.0);
  }

  /** Entropy of the class labelling, {@code sklearn.metrics.cluster.entropy(labels_true)}. */
  public static double classEntropy(ContingencyTable table) {
    check(table);
    return entropy(table.classTotals());
  }

  /** Entropy of the cluster labelling, {@code sklearn.metrics.cluster.entropy(labels_pred)}. */
  public static double clusterEntropy(ContingencyTable table) {
    check(table);
    return entropy(table.clusterTotals());
  }

  /** {@code normalized_mutual_info_score(average_method='arithmetic')}. */
  public static double nmi(ContingencyTable table) {
    check(table);
    return nmi(table, mutualInformation(table), entropy(table.classTotals()), entropy(table.clusterTotals()));
  }

  /** {@code adjusted_mutual_info_score(average_method='arithmetic')}. */
  public static double ami(ContingencyTable table) {
    return ami(table, null);
  }

  /**
   * {@link #ami(ContingencyTable)} with a shared log-factorial table, as in
   * {@link #score(ContingencyTable, LogFactorials)}.
   */
  static double ami(ContingencyTable table, LogFactorials shared) {
    check(table);
    return ami(table, mutualInformation(table), entropy(table.classTotals()), entropy(table.clusterTotals()), shared);
  }

  /** {@code adjusted_rand_score}, in exact integer pair counts. */
  public static double ari(ContingencyTable table) {
    check(table);
    BigInteger[] sumSquares = {BigInteger.ZERO};
    table.forEachCell((i, j, count) -> sumSquares[0] = sumSquares[0].add(square(count)));
    BigInteger ss = sumSquares[0];
    BigInteger n = BigInteger.valueOf(table.n());
    // sklearn's pair_confusion_matrix: ordered pairs of distinct samples, by same class / same cluster.
    BigInteger tp = ss.subtract(n);
    BigInteger fp = sumOfSquares(table.clusterTotals()).subtract(ss);
    BigInteger fn = sumOfSquares(table.classTotals()).subtract(ss);
    BigInteger tn = n.multiply(n).subtract(fp).subtract(fn).subtract(ss);
    // Full agreement, including one class in one cluster and all singletons in both.
    if (fn.signum() == 0 && fp.signum() == 0) return 1.0;
    BigInteger numerator = tp.multiply(tn).subtract(fn.multiply(fp));
    BigInteger denominator = tp.add(fn).multiply(fn.add(tn)).add(tp.add(fp).multiply(fp.add(tn)));
    // Python rounds each big integer to the nearest double before dividing; BigInteger.doubleValue does the same.
    return 2.0 * numerator.doubleValue() / denominator.doubleValue();
  }

  /** {@code homogeneity_score}: 1 when each cluster holds a single class. */
  public static double homogeneity(ContingencyTable table) {
    check(table);
    return homogeneity(mutualInformation(table), entropy(table.classTotals()));
  }

  /** {@code completeness_score}: 1 when each class lies in a single cluster. */
  public static double completeness(ContingencyTable table) {
    check(table);
    return completeness(mutualInformation(table), entropy(table.clusterTotals()));
  }

  /** {@code v_measure_score(beta=1.0)}: the harmonic mean of homogeneity and completeness. */
  public static double vMeasure(ContingencyTable table) {
    check(table);
    double mi = mutualInformation(table);
    return vMeasure(homogeneity(mi, entropy(table.classTotals())), completeness(mi, entropy(table.clusterTotals())));
  }

  /**
   * Expected mutual information of two random labellings with the table's class and cluster sizes (hypergeometric
   * model), as {@code sklearn.metrics.cluster._expected_mutual_info_fast.expected_mutual_information}. Rows (and
   * columns) of equal size contribute equally, so each distinct pair of sizes is summed once; within a pair the
   * sum runs over n_ij from the mode outwards and stops where the terms have become negligible. Both keep the cost
   * bounded for n up to ~1e9, where scikit-learn's full loop over all n_ij would not finish.
   */
  public static double expectedMutualInformation(ContingencyTable table) {
    return expectedMutualInformation(table, null);
  }

  static double expectedMutualInformation(ContingencyTable table, LogFactorials shared) {
    check(table);
    if (table.numClasses() == 1 || table.numClusters() == 1) return 0.0;
    long[][] rows = sizesWithMultiplicity(table.classTotals());
    long[][] columns = sizesWithMultiplicity(table.clusterTotals());
    long n = table.n();
    long largest = Math.max(rows[0][rows[0].length - 1], columns[0][columns[0].length - 1]);
    LogFactorials logFactorial = shared != null ? shared : new LogFactorials(largest);
    ExpectedMutualInformationCell cell = new ExpectedMutualInformationCell(n, logFactorial);
    double emi = 0.0;
    for (int r = 0; r < rows[0].length; r++) {
      for (int c = 0; c < columns[0].length; c++) {
        double weight = (double) rows[1][r] * (double) columns[1][c];
        emi += weight * cell.miContribution(rows[0][r], columns[0][c]);
      }
    }
    return emi;
  }

  private static double nmi(ContingencyTable table, double mi, double hTrue, double hPred) {
    // No split on either side is a perfect match.
    if (table.numClasses() == 1 && table.numClusters() == 1) return 1.0;
    if (mi == 0) return 0.0;
    return mi / ((hTrue + hPred) / 2);
  }

  private static double ami(ContingencyTable table, double mi, double hTrue, double hPred, LogFactorials shared) {
    if (table.numClasses() == 1 && table.numClusters() == 1) return 1.0;
    long n = table.n();
    boolean allSingletons = table.numClasses() == n && table.numClusters() == n;
    if (allSingletons && n > SINGLETONS_REPLAYED) return 1.0;
    double emi = allSingletons ? singletonsEmiAsSklearnSums(n) : expectedMutualInformation(table, shared);
    double normalizer = (hTrue + hPred) / 2;
    double denominator = normalizer - emi;
    // Rounding can put EMI a hair above the normaliser; keep the sign and stay away from zero, as sklearn does.
    denominator = denominator < 0 ? Math.min(denominator, -EPS) : Math.max(denominator, EPS);
    return (mi - emi) / denominator;
  }

  /**
   * With all singletons on both sides MI = EMI = H = log n, so AMI is 0/0 and sklearn's answer depends on whether its
   * row-major EMI sum of n^2 equal terms lands exactly on MI (AMI 0.0; n = 2 and 4 in sklearn 1.2.1) or not (AMI 1.0).
   * Replaying that sum reproduces it. Beyond SINGLETONS_REPLAYED the replay gets slow, and sklearn 1.2.1 gave 1.0 for
   * every larger n tried (up to 8192), its accumulated rounding keeping EMI off MI.
   */
  private static double singletonsEmiAsSklearnSums(long n) {
    double term = new ExpectedMutualInformationCell(n, new LogFactorials(1)).miContribution(1, 1);
    double emi = 0.0;
    for (long cell = 0; cell < n * n; cell++) emi += term;
    return emi;
  }

  private static double homogeneity(double mi, double hTrue) {
    return hTrue != 0 ? mi / hTrue : 1.0;
  }

  private static double completeness(double mi, double hPred) {
    return hPred != 0 ? mi / hPred : 1.0;
  }

  private static double vMeasure(double homogeneity, double completeness) {
    if (homogeneity + completeness == 0.0) return 0.0;
    return 2.0 * homogeneity * completeness / (homogeneity + completeness);
  }

  /** {@code sklearn.metrics.cluster.entropy} of a labelling given by its (positive) label counts. */
  static double entropy(long[] counts) {
    if (counts.length == 1) return 0.0;
    double[] pi = new double[counts.length];
    for (int i = 0; i < pi.length; i++) pi[i] = counts[i];
    double total = numpySum(pi);
    double logTotal = Math.log(total);
    double[] terms = new double[pi.length];
    // log(a / b) as log(a) - log(b), as sklearn does, for precision.
    for (int i = 0; i < pi.length; i++) terms[i] = (pi[i] / total) * (Math.log(pi[i]) - logTotal);
    return -numpySum(terms);
  }

  /** numpy's {@code np.sum} order ({@link PairwiseSum}), which keeps MI and entropy bit-identical to sklearn's. */
  static double numpySum(double[] values) {
    return PairwiseSum.of(values);
  }

  /** Distinct sizes ascending in [0], how many rows have each in [1]. */
  private static long[][] sizesWithMultiplicity(long[] totals) {
    long[] sorted = totals.clone();
    Arrays.sort(sorted);
    long[] sizes = new long[sorted.length];
    long[] multiplicity = new long[sorted.length];
    int distinct = 0;
    for (long size : sorted) {
      if (distinct > 0 && sizes[distinct - 1] == size) {
        multiplicity[distinct - 1]++;
      } else {
        sizes[distinct] = size;
        multiplicity[distinct++] = 1;
      }
    }
    return new long[][] {Arrays.copyOf(sizes, distinct), Arrays.copyOf(multiplicity, distinct)};
  }

  private static double product(long a, long b) {
    long high = Math.multiplyHigh(a, b);
    long low = a * b;
    // numpy multiplies in int64; past 2^63 (n > 3e9) fall back to a double product.
    return (high == 0 && low >= 0) ? (double) low : (double) a * (double) b;
  }

  private static BigInteger square(long v) {
    BigInteger b = BigInteger.valueOf(v);
    return b.multiply(b);
  }

  private static BigInteger sumOfSquares(long[] values) {
    BigInteger sum = BigInteger.ZERO;
    for (long v : values) sum = sum.add(square(v));
    return sum;
  }

  private static void check(ContingencyTable table) {
    if (table == null) throw new IllegalArgumentException("contingency table is null");
    if (table.n() == 0) {
      throw new IllegalArgumentException("contingency table is empty (n = 0): no labelled samples to score");
    }
  }
}
