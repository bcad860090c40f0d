package io.labelatlas.evaluate;

import java.util.Arrays;

/**
 * Cohen's kappa between two label columns of the same samples (original vs proposed labels, two annotators), equal
 * to {@code sklearn.metrics.cohen_kappa_score} (Cohen, "A coefficient of agreement for nominal scales", Educational
 * and Psychological Measurement 20, 1960; weighted form: Cohen 1968). The confusion matrix runs over the union of
 * both columns' labels in sorted order; weighted kappa counts disagreement by the distance between those positions.
 * When every sample carries one and the same label in both columns, kappa is 0/0 and, as in scikit-learn, NaN.
 */
public final class CohenKappa {
  /** Disagreement weights, as scikit-learn's {@code weights=None | 'linear' | 'quadratic'}. */
  public enum Weighting {
    NONE, LINEAR, QUADRATIC
  }

  private CohenKappa() {}

  /** Unweighted kappa of two columns of string labels. */
  public static double score(String[] first, String[] second) {
    return score(first, second, Weighting.NONE);
  }

  public static double score(String[] first, String[] second, Weighting weighting) {
    checkColumns(first, second);
    String[] union = new String[first.length + second.length];
    for (int s = 0; s < first.length; s++) {
      if (first[s] == null || second[s] == null) {
        throw new IllegalArgumentException("label of sample " + s + " is null in the " + (first[s] == null
            ? "first" : "second") + " column");
      }
      union[s] = first[s];
      union[first.length + s] = second[s];
    }
    String[] labels = Arrays.stream(union).distinct().sorted().toArray(String[]::new);
    int[] a = new int[first.length];
    int[] b = new int[second.length];
    for (int s = 0; s < a.length; s++) {
      a[s] = Arrays.binarySearch(labels, first[s]);
      b[s] = Arrays.binarySearch(labels, second[s]);
    }
    return fromCodes(a, b, labels.length, weighting);
  }

  /** Unweighted kappa of two columns of integer labels. */
  public static double score(int[] first, int[] second) {
    return score(first, second, Weighting.NONE);
  }

  // The String[] overload's encoding again for int[]: generics do not reach primitives, and boxing every label of a
  // bootstrap resample costs more than these lines.
  public static double score(int[] first, int[] second, Weighting weighting) {
    checkColumns(first, second);
    int[] union = new int[first.length + second.length];
    System.arraycopy(first, 0, union, 0, first.length);
    System.arraycopy(second, 0, union, first.length, second.length);
    int[] labels = ContingencyTable.distinctSorted(union);
    int[] a = new int[first.length];
    int[] b = new int[second.length];
    for (int s = 0; s < a.length; s++) {
      a[s] = Arrays.binarySearch(labels, first[s]);
      b[s] = Arrays.binarySearch(labels, second[s]);
    }
    return fromCodes(a, b, labels.length, weighting);
  }

  /**
   * Kappa of a square confusion matrix ({@code confusion[i][j]}: samples labelled i in the first column and j in the
   * second), rows and columns in the same label order.
   */
  public static double fromConfusion(long[][] confusion, Weighting weighting) {
    int k = confusion.length;
    for (long[] row : confusion) {
      if (row.length != k) throw new IllegalArgumentException("confusion matrix must be square, got a row of "
          + row.length + " in a " + k + "-row matrix");
      for (long v : row) if (v < 0) throw new IllegalArgumentException("confusion counts must be >= 0, got " + v);
    }
    long[] rowSums = new long[k];
    long[] columnSums = new long[k];
    long total = 0;
    for (int i = 0; i < k; i++) {
      for (int j = 0; j < k; j++) {
        rowSums[i] += confusion[i][j];
        columnSums[j] += confusion[i][j];
      }
      total += rowSums[i];
    }
    if (total == 0) throw new IllegalArgumentException("confusion matrix is empty: kappa needs at least one sample");
    // sklearn: expected = outer(column sums, row sums) / n; kappa = 1 - sum(w * confusion) / sum(w * expected),
    // with both sums over the row-major flattened matrix (numpy's pairwise order for the float one).
    long observed = 0;
    double[] expected = new double[k * k];
    for (int i = 0; i < k; i++) {
      for (int j = 0; j < k; j++) {
        long w = weight(i, j, weighting);
        observed += w * confusion[i][j];
        expected[i * k + j] = w * ((double) (columnSums[i] * rowSums[j]) / total);
      }
    }
    return 1 - observed / AgreementMetrics.numpySum(expected);
  }

  private static double fromCodes(int[] a, int[] b, int k, Weighting weighting) {
    long[][] confusion = new long[k][k];
    for (int s = 0; s < a.length; s++) confusion[a[s]][b[s]]++;
    return fromConfusion(confusion, weighting);
  }

  private static long weight(int i, int j, Weighting weighting) {
    return switch (weighting) {
      case NONE -> i == j ? 0 : 1;
      case LINEAR -> Math.abs(i - j);
      case QUADRATIC -> (long) (i - j) * (i - j);
    };
  }

  private static void checkColumns(String[] first, String[] second) {
    if (first == null || second == null) throw new IllegalArgumentException("label columns must not be null");
    checkLengths(first.length, second.length);
  }

  private static void checkColumns(int[] first, int[] second) {
    if (first == null || second == null) throw new IllegalArgumentException("label columns must not be null");
    checkLengths(first.length, second.length);
  }

  private static void checkLengths(int a, int b) {
    if (a != b) {
      throw new IllegalArgumentException("label columns differ in length: " + a + " and " + b + " samples");
    }
    if (a == 0) throw new IllegalArgumentException("label columns are empty: kappa needs at least one sample");
  }
}
