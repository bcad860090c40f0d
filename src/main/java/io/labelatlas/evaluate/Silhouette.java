package io.labelatlas.evaluate;

import java.util.Arrays;

/**
 * Exact silhouette coefficient with Euclidean distances (Rousseeuw, "Silhouettes: a graphical aid to the
 * interpretation and validation of cluster analysis", J. Comput. Appl. Math. 20, 1987), equal to scikit-learn's
 * {@code silhouette_samples} / {@code silhouette_score(X, labels, metric='euclidean')}: a sample alone in its cluster
 * scores 0. Each pair distance is computed once and added to both samples' per-cluster sums, so time is O(n^2 d) and
 * memory O(n k) for k clusters, never an n x n matrix.
 */
public final class Silhouette {
  private Silhouette() {}

  /** Mean silhouette over all samples. */
  public static double score(double[][] points, int[] labels) {
    double[] samples = samples(points, labels);
    return AgreementMetrics.numpySum(samples) / samples.length;
  }

  /** Silhouette of each sample: (b - a) / max(a, b), a the mean distance within its cluster, b to the nearest other. */
  public static double[] samples(double[][] points, int[] labels) {
    int n = checkShape(points, labels);
    int d = points[0].length;
    int[] codes = ContingencyTable.distinctSorted(labels);
    int k = codes.length;
    if (k < 2 || k > n - 1) {
      throw new IllegalArgumentException(
          "Number of labels is " + k + ". Valid values are 2 to n_samples - 1 (inclusive); n_samples = " + n);
    }
    int[] cluster = new int[n];
    int[] size = new int[k];
    for (int i = 0; i < n; i++) {
      cluster[i] = Arrays.binarySearch(codes, labels[i]);
      size[cluster[i]]++;
    }
    double[] x = new double[n * d];
    for (int i = 0; i < n; i++) System.arraycopy(points[i], 0, x, i * d, d);

    // sums[i * k + c]: total distance from sample i to the samples of cluster c.
    double[] sums = new double[Math.multiplyExact(n, k)];
    for (int i = 0; i < n; i++) {
      int rowI = i * d;
      int sumsI = i * k;
      int clusterI = cluster[i];
      for (int j = i + 1; j < n; j++) {
        double distance = Math.sqrt(squaredDistance(x, rowI, j * d, d));
        sums[sumsI + cluster[j]] += distance;
        sums[j * k + clusterI] += distance;
      }
    }

    double[] silhouette = new double[n];
    for (int i = 0; i < n; i++) {
      int own = cluster[i];
      if (size[own] == 1) continue; // sklearn: 0/0 for a singleton, mapped to 0
      double a = sums[i * k + own] / (size[own] - 1);
      double b = Double.POSITIVE_INFINITY;
      for (int c = 0; c < k; c++) {
        if (c != own) b = Math.min(b, sums[i * k + c] / size[c]);
      }
      double s = (b - a) / Math.max(a, b);
      silhouette[i] = Double.isNaN(s) ? 0.0 : s; // a = b = 0: coincident points
    }
    return silhouette;
  }

  private static double squaredDistance(double[] x, int p, int q, int d) {
    // Four independent sums let the JIT overlap the floating-point adds.
    double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    int t = 0;
    for (; t + 3 < d; t += 4) {
      double e0 = x[p + t] - x[q + t];
      double e1 = x[p + t + 1] - x[q + t + 1];
      double e2 = x[p + t + 2] - x[q + t + 2];
      double e3 = x[p + t + 3] - x[q + t + 3];
      s0 += e0 * e0;
      s1 += e1 * e1;
      s2 += e2 * e2;
      s3 += e3 * e3;
    }
    for (; t < d; t++) {
      double e = x[p + t] - x[q + t];
      s0 += e * e;
    }
    return (s0 + s1) + (s2 + s3);
  }

  private static int checkShape(double[][] points, int[] labels) {
    if (points == null || labels == null) throw new IllegalArgumentException("points and labels must not be null");
    int n = points.length;
    if (labels.length != n) {
      throw new IllegalArgumentException(
          "Found input variables with inconsistent numbers of samples: " + n + " points, " + labels.length + " labels");
    }
    if (n == 0) throw new IllegalArgumentException("no points: silhouette needs at least 3 samples");
    if (points[0] == null || points[0].length == 0) {
      throw new IllegalArgumentException("points must have at least one coordinate");
    }
    int d = points[0].length;
    if ((long) n * d > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("too many coordinates for one array: " + n + " points x " + d);
    }
    for (int i = 0; i < n; i++) {
      if (points[i] == null || points[i].length != d) {
        throw new IllegalArgumentException("point " + i + " has " + (points[i] == null ? "no" : points[i].length)
            + " coordinates, point 0 has " + d);
      }
      for (int t = 0; t < d; t++) {
        if (!Double.isFinite(points[i][t])) {
          throw new IllegalArgumentException(
              "Input contains NaN or infinity: point " + i + ", coordinate " + t + " is " + points[i][t]);
        }
      }
    }
    return n;
  }
}
