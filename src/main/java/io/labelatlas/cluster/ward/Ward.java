package io.labelatlas.cluster.ward;

/**
 * Ward agglomerative clustering into {@code k} flat clusters, the equivalent of scikit-learn 1.2's
 * {@code AgglomerativeClustering(n_clusters=k, linkage='ward').fit(X).labels_}: build the full tree with
 * {@link WardLinkage#tree} and cut it with {@link WardLinkage#cut}.
 */
public final class Ward {

  private Ward() {}

  /** Labels {@code 0..k-1}, numbered as scikit-learn numbers them. */
  public static int[] fit(double[][] points, int k) {
    WardLinkage.validatePoints(points);
    if (k < 1 || k > points.length) {
      throw new IllegalArgumentException("k must be in 1.." + points.length + " (number of points), got " + k);
    }
    return WardLinkage.cut(WardLinkage.tree(points), k);
  }

  /** As {@link #fit(double[][], int)} with point {@code i} standing for {@code weights[i]} coincident points. */
  public static int[] fit(double[][] points, double[] weights, int k) {
    WardLinkage.validatePoints(points);
    if (weights == null) {
      throw new IllegalArgumentException("weights must not be null (use fit(points, k) for unit weights)");
    }
    if (k < 1 || k > points.length) {
      throw new IllegalArgumentException("k must be in 1.." + points.length + " (number of points), got " + k);
    }
    return WardLinkage.cut(WardLinkage.tree(points, weights), k);
  }
}
