package io.labelatlas.geometry;

/**
 * Euclidean distances between points held as {@code double[]} rows or as rows of one flat array.
 *
 * <p>{@link #squared} sums in coordinate order with a single accumulator, as scikit-learn's KD-tree and scipy's
 * {@code cdist} do, so that near-equal distances compare the same way as in the references the clustering tests are
 * pinned to (DBSCAN's core test, HDBSCAN*'s core distances, Ward's merge costs); unrolled by four without changing
 * the rounding. {@link #squaredFourLanes} rounds differently and is used only where no reference pins the last bit.
 */
public final class Euclidean {
  private Euclidean() {}

  public static double squared(double[] a, double[] b) {
    return squared(a, 0, b, 0, a.length);
  }

  /** Squared distance between {@code a[aOffset ..]} and {@code b[bOffset ..]}, {@code dimension} values each. */
  public static double squared(double[] a, int aOffset, double[] b, int bOffset, int dimension) {
    double sum = 0;
    int d = 0;
    for (; d + 3 < dimension; d += 4) {
      double d0 = a[aOffset + d] - b[bOffset + d];
      double d1 = a[aOffset + d + 1] - b[bOffset + d + 1];
      double d2 = a[aOffset + d + 2] - b[bOffset + d + 2];
      double d3 = a[aOffset + d + 3] - b[bOffset + d + 3];
      sum += d0 * d0;
      sum += d1 * d1;
      sum += d2 * d2;
      sum += d3 * d3;
    }
    for (; d < dimension; d++) {
      double diff = a[aOffset + d] - b[bOffset + d];
      sum += diff * diff;
    }
    return sum;
  }

  public static double distance(double[] a, double[] b) {
    return Math.sqrt(squared(a, b));
  }

  /**
   * Squared distance between rows {@code p} and {@code q} (offsets) of one flat array, summed in four independent
   * lanes so the JIT can overlap the adds: the exact silhouette's O(n^2 d) loop runs about twice as fast. Its last bit
   * differs from {@link #squared}; the silhouette is compared with scikit-learn to a tolerance, not bit for bit.
   */
  public static double squaredFourLanes(double[] x, int p, int q, int dimension) {
    double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    int t = 0;
    for (; t + 3 < dimension; t += 4) {
      double e0 = x[p + t] - x[q + t];
      double e1 = x[p + t + 1] - x[q + t + 1];
      double e2 = x[p + t + 2] - x[q + t + 2];
      double e3 = x[p + t + 3] - x[q + t + 3];
      s0 += e0 * e0;
      s1 += e1 * e1;
      s2 += e2 * e2;
      s3 += e3 * e3;
    }
    for (; t < dimension; t++) {
      double e = x[p + t] - x[q + t];
      s0 += e * e;
    }
    return (s0 + s1) + (s2 + s3);
  }
}
