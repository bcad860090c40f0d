package io.labelatlas.cluster.hdbscan;

/**
 * Exact HDBSCAN* over Euclidean points (Campello, Moulavi, Sander 2013; McInnes, Healy, Astels 2017, "hdbscan:
 * Hierarchical density based clustering"), as a chain of pure stages: {@link CoreDistances} -> {@link
 * MutualReachabilityMst} -> {@link SingleLinkageTree} -> {@link CondensedTree} -> {@link ClusterSelection} and
 * {@link Glosh}. O(n^2) time, O(n) memory beyond the input.
 *
 * <p>{@code minSamples} counts the point itself, as Python hdbscan's {@code min_samples}; R dbscan's
 * {@code hdbscan(x, minPts)} is {@code fit(x, minPts, minPts, EOM, 0, false)}.
 */
public final class Hdbscan {
  private Hdbscan() {}

  public static HdbscanResult fit(double[][] points, int minClusterSize, int minSamples, SelectionMethod method,
      double epsilon, boolean allowSingleCluster) {
    validate(points, minClusterSize, minSamples, method, epsilon);
    double[] core = CoreDistances.compute(points, minSamples);
    MutualReachabilityMst mst = MutualReachabilityMst.compute(points, core);
    CondensedTree tree = CondensedTree.condense(SingleLinkageTree.fromSortedMst(mst), minClusterSize);
    ClusterSelection selection = ClusterSelection.select(tree, method, epsilon, allowSingleCluster);
    return new HdbscanResult(selection.labels(), selection.probabilities(), Glosh.scores(tree), core, tree);
  }

  private static void validate(double[][] points, int minClusterSize, int minSamples, SelectionMethod method,
      double epsilon) {
    if (points == null || points.length == 0) {
      throw new IllegalArgumentException("'points' must hold at least one row");
    }
    int width = -1;
    for (int i = 0; i < points.length; i++) {
      if (points[i] == null) {
        throw new IllegalArgumentException("'points' row " + i + " is null");
      }
      if (width < 0) {
        width = points[i].length;
      } else if (points[i].length != width) {
        throw new IllegalArgumentException(
            "'points' row " + i + " has " + points[i].length + " values but row 0 has " + width);
      }
      for (int d = 0; d < points[i].length; d++) {
        if (!Double.isFinite(points[i][d])) {
          throw new IllegalArgumentException("'points' row " + i + " column " + d + " is " + points[i][d]);
        }
      }
    }
    if (minClusterSize < 2) {
      throw new IllegalArgumentException("'minClusterSize' must be at least 2, got " + minClusterSize);
    }
    if (minSamples < 1) {
      throw new IllegalArgumentException("'minSamples' must be at least 1, got " + minSamples);
    }
    if (points.length < minSamples) {
      throw new IllegalArgumentException(
          "'minSamples' = " + minSamples + " exceeds the " + points.length + " rows of 'points'");
    }
    if (method == null) {
      throw new IllegalArgumentException("'method' must not be null");
    }
    if (!(epsilon >= 0) || Double.isInfinite(epsilon)) {
      throw new IllegalArgumentException("'epsilon' must be finite and >= 0, got " + epsilon);
    }
  }
}
