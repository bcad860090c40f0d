package io.labelatlas.evaluate;

import java.util.Arrays;
import java.util.TreeMap;

/**
 * How unevenly samples spread over the classes of one label column.
 *
 * @param classes number of classes present
 * @param n number of samples
 * @param largest size of the largest class
 * @param smallest size of the smallest class
 * @param imbalanceRatio largest / smallest (1 when balanced)
 * @param giniCoefficient Gini coefficient of the class sizes, sum_i sum_j |c_i - c_j| / (2 k sum_i c_i): 0 when all
 *     classes are equal, approaching 1 - 1/k as one class takes almost all samples (an inequality measure)
 * @param giniImpurity 1 - sum_i p_i^2: the chance that two samples drawn with replacement differ in class (a
 *     diversity measure; 0 for one class, 1 - 1/k when balanced). Reported because "Gini" means either
 * @param entropy entropy of the class distribution in nats
 */
public record LabelBalance(int classes, long n, long largest, long smallest, double imbalanceRatio,
    double giniCoefficient, double giniImpurity, double entropy) {

  /** From positive class sizes in any order. */
  public static LabelBalance of(long[] classSizes) {
    if (classSizes == null || classSizes.length == 0) {
      throw new IllegalArgumentException("no classes: label balance needs at least one labelled sample");
    }
    long[] sorted = classSizes.clone();
    Arrays.sort(sorted);
    if (sorted[0] <= 0) throw new IllegalArgumentException("class sizes must be > 0, got " + sorted[0]);
    int k = sorted.length;
    double n = 0;
    long total = 0;
    for (long c : sorted) {
      total = Math.addExact(total, c);
      n += c;
    }
    // With sizes ascending, sum_i sum_j |c_i - c_j| = 2 sum_i (2i - k - 1) c_(i), i from 1.
    double weighted = 0;
    double sumSquares = 0;
    for (int i = 0; i < k; i++) {
      weighted += (2.0 * (i + 1) - k - 1) * sorted[i];
      sumSquares += (sorted[i] / n) * (sorted[i] / n);
    }
    return new LabelBalance(k, total, sorted[k - 1], sorted[0], sorted[k - 1] / (double) sorted[0],
        weighted / (k * n), 1 - sumSquares, AgreementMetrics.entropy(sorted));
  }

  /** From a label column. */
  public static LabelBalance of(String[] labels) {
    if (labels == null) throw new IllegalArgumentException("label column is null");
    TreeMap<String, Long> sizes = new TreeMap<>();
    for (int s = 0; s < labels.length; s++) {
      if (labels[s] == null) throw new IllegalArgumentException("label of sample " + s + " is null");
      sizes.merge(labels[s], 1L, Long::sum);
    }
    return of(sizes.values().stream().mapToLong(Long::longValue).toArray());
  }

  /** From the class totals (rows) of a contingency table. */
  public static LabelBalance of(ContingencyTable table) {
    if (table == null) throw new IllegalArgumentException("contingency table is null");
    return of(table.classTotals());
  }
}
