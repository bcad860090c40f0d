package io.labelatlas.evaluate;

import io.labelatlas.geometry.Euclidean;
import java.util.Arrays;

/** Input checks, and the {@link Euclidean} distance, shared by the metrics that take points and one label each. */
final class LabelledPoints {
  private LabelledPoints() {}

  /** Returns the dimension after checking shapes and values; {@code metric} names the caller in messages. */
  static int check(double[][] points, int[] labels, String metric) {
    if (points == null || labels == null) throw new IllegalArgumentException(metric + ": points and labels are null");
    int n = points.length;
    if (labels.length != n) {
      throw new IllegalArgumentException(metric + ": inconsistent numbers of samples: " + n + " points, "
          + labels.length + " labels");
    }
    if (n == 0) throw new IllegalArgumentException(metric + ": no points");
    if (points[0] == null || points[0].length == 0) {
      throw new IllegalArgumentException(metric + ": points must have at least one coordinate");
    }
    int d = points[0].length;
    for (int i = 0; i < n; i++) {
      if (points[i] == null || points[i].length != d) {
        throw new IllegalArgumentException(metric + ": point " + i + " has "
            + (points[i] == null ? "no" : points[i].length) + " coordinates, point 0 has " + d);
      }
      for (int t = 0; t < d; t++) {
        if (!Double.isFinite(points[i][t])) {
          throw new IllegalArgumentException(metric + ": input contains NaN or infinity: point " + i + ", coordinate "
              + t + " is " + points[i][t]);
        }
      }
    }
    return d;
  }

  /**
   * Each point's cluster as an index into the distinct labels, ascending; the number of clusters is the largest index
   * plus one. Rejects, as scikit-learn does, fewer than 2 clusters or as many clusters as points.
   */
  static int[] clusterIndices(int[] labels) {
    int n = labels.length;
    int[] codes = ContingencyTable.distinctSorted(labels);
    int k = codes.length;
    if (k < 2 || k > n - 1) {
      throw new IllegalArgumentException(
          "Number of labels is " + k + ". Valid values are 2 to n_samples - 1 (inclusive); n_samples = " + n);
    }
    int[] cluster = new int[n];
    for (int i = 0; i < n; i++) cluster[i] = Arrays.binarySearch(codes, labels[i]);
    return cluster;
  }

  static double distance(double[] a, double[] b) {
    return Euclidean.distance(a, b);
  }
}
