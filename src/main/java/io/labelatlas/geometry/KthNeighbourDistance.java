package io.labelatlas.geometry;

import java.util.Arrays;

/**
 * Each point's distance to its k-th nearest neighbour, <em>the point itself counted as its first neighbour</em>
 * (distance 0): scikit-learn's {@code NearestNeighbors(n_neighbors=k).fit(X).kneighbors(X)[0][:, k - 1]}. It is
 * HDBSCAN*'s core distance for {@code min_samples = k} and the k-distance of DBSCAN's eps plot. {@code k = 1} gives
 * all zeros; a k above the number of points gives infinity.
 *
 * <p>Candidates are compared by {@link Euclidean#squared} and the root taken once at the end; the root is monotone, so
 * the k-th value is the same to the last bit as ranking the roots, and DBSCAN's squared-distance core test agrees.
 */
public final class KthNeighbourDistance {
  private KthNeighbourDistance() {}

  /** Brute force, O(n^2 d) time and O(n + k) extra memory; the points are not checked. */
  public static double[] perPoint(double[][] points, int k) {
    if (k < 1) {
      throw new IllegalArgumentException("'k' must be at least 1 (the point counts as its own neighbour), got " + k);
    }
    int n = points.length;
    double[] result = new double[n];
    int others = k - 1;
    if (others == 0) {
      return result;
    }
    // nearest[0..others-1]: the smallest squared distances to other points seen so far, ascending.
    double[] nearest = new double[others];
    for (int i = 0; i < n; i++) {
      Arrays.fill(nearest, Double.POSITIVE_INFINITY);
      for (int j = 0; j < n; j++) {
        if (j == i) {
          continue;
        }
        double d = Euclidean.squared(points[i], points[j]);
        if (d < nearest[others - 1]) {
          int at = others - 1;
          while (at > 0 && nearest[at - 1] > d) {
            nearest[at] = nearest[at - 1];
            at--;
          }
          nearest[at] = d;
        }
      }
      result[i] = Math.sqrt(nearest[others - 1]);
    }
    return result;
  }
}
