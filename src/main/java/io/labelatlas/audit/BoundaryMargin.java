package io.labelatlas.audit;

import io.labelatlas.geometry.Euclidean;
import java.io.Serializable;

/**
 * How deep inside its cluster a point lies, from the cluster centroids: {@code (b - a) / (b + a)} with {@code a} the
 * distance to its own cluster's centroid and {@code b} to the nearest other one. 1 at its own centroid, 0 on the
 * bisector, negative when another centroid is nearer; a silhouette-like number computed from k centroids instead of
 * all points, so it costs O(k d) per point.
 */
public final class BoundaryMargin implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int[] clusters;
  private final double[][] centroids;

  /** @param clusters cluster ids (noise excluded), {@code centroids[i]} the centroid of {@code clusters[i]} */
  public BoundaryMargin(int[] clusters, double[][] centroids) {
    if (clusters.length != centroids.length) {
      throw new IllegalArgumentException(clusters.length + " cluster ids for " + centroids.length + " centroids");
    }
    for (int i = 1; i < centroids.length; i++) {
      if (centroids[i].length != centroids[0].length) {
        throw new IllegalArgumentException("centroid of cluster " + clusters[i] + " has " + centroids[i].length
            + " values, that of cluster " + clusters[0] + " has " + centroids[0].length);
      }
    }
    this.clusters = clusters.clone();
    this.centroids = centroids.clone();
  }

  /**
   * The margin of {@code point} in {@code cluster}; NaN for a noise point or null point, when its cluster has no
   * centroid or is the only cluster; 0 when the point sits on both centroids.
   */
  public double of(double[] point, int cluster) {
    if (point == null || cluster < 0) {
      return Double.NaN;
    }
    double own = Double.NaN;
    double other = Double.POSITIVE_INFINITY;
    for (int i = 0; i < clusters.length; i++) {
      if (centroids[i].length != point.length) {
        throw new IllegalArgumentException("a point has " + point.length + " values, the centroids have "
            + centroids[i].length);
      }
      double distance = Euclidean.distance(point, centroids[i]);
      if (clusters[i] == cluster) {
        own = distance;
      } else {
        other = Math.min(other, distance);
      }
    }
    if (Double.isNaN(own) || other == Double.POSITIVE_INFINITY) {
      return Double.NaN;
    }
    return own + other == 0 ? 0 : (other - own) / (other + own);
  }
}
