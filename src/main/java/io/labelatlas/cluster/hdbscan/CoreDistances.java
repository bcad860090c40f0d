package io.labelatlas.cluster.hdbscan;

import io.labelatlas.geometry.Euclidean;
import io.labelatlas.geometry.KthNeighbourDistance;

/**
 * Core distances of HDBSCAN* (Campello, Moulavi, Sander 2013, Def. 1): the distance from each point to its
 * {@code minSamples}-th nearest neighbour, where the point itself counts as its own first neighbour.
 *
 * <p>With that convention our {@code minSamples} equals Python hdbscan's {@code min_samples} and R dbscan's
 * {@code minPts} (R's {@code coredist} is {@code kNNdist(x, k = minPts - 1)}, its kNN excluding the point itself).
 * {@code minSamples = 1} therefore gives core distance 0 and plain single linkage. The kernel is shared with DBSCAN's
 * k-distance plot: {@link KthNeighbourDistance}.
 */
public final class CoreDistances {
  private CoreDistances() {}

  /** Brute force, O(n^2 d) time and O(n + minSamples) extra memory. */
  public static double[] compute(double[][] points, int minSamples) {
    return KthNeighbourDistance.perPoint(points, minSamples);
  }

  static double distance(double[] a, double[] b) {
    return Euclidean.distance(a, b);
  }
}
