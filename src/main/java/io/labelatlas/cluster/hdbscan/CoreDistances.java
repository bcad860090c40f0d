package io.labelatlas.cluster.hdbscan;

/**
 * Core distances of HDBSCAN* (Campello, Moulavi, Sander 2013, Def. 1): the distance from each point to its
 * {@code minSamples}-th nearest neighbour, where the point itself counts as its own first neighbour.
 *
 * <p>With that convention our {@code minSamples} equals Python hdbscan's {@code min_samples} and R dbscan's
 * {@code minPts} (R's {@code coredist} is {@code kNNdist(x, k = minPts - 1)}, its kNN excluding the point itself).
 * {@code minSamples = 1} therefore gives core distance 0 and plain single linkage.
 */
public final class CoreDistances {
  private CoreDistances() {}

  /** Brute force, O(n^2) time and O(n + minSamples) extra memory. */
  public static double[] compute(double[][] points, int minSamples) {
    int n = points.length;
    int k = minSamples - 1;
    double[] core = new double[n];
    if (k == 0) {
      return core;
    }
    // nearest[0..k-1] holds the k smallest distances to other points seen so far, kept ascending.
    double[] nearest = new double[k];
    for (int i = 0; i < n; i++) {
      java.util.Arrays.fill(nearest, Double.POSITIVE_INFINITY);
      for (int j = 0; j < n; j++) {
        if (j == i) {
          continue;
        }
        double d = distance(points[i], points[j]);
        if (d < nearest[k - 1]) {
          int at = k - 1;
          while (at > 0 && nearest[at - 1] > d) {
            nearest[at] = nearest[at - 1];
            at--;
          }
          nearest[at] = d;
        }
      }
      core[i] = nearest[k - 1];
    }
    return core;
  }

  static double distance(double[] a, double[] b) {
    double sum = 0;
    for (int d = 0; d < a.length; d++) {
      double diff = a[d] - b[d];
      sum += diff * diff;
    }
    return Math.sqrt(sum);
  }
}
