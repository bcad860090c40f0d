package io.labelatlas.cluster.hdbscan;

/**
 * A hand-checkable example shared by the stage tests: six points on a line, 0, 1, 3.5 | 10, 12, 15.5, with
 * {@code minSamples = 2} (core distance = distance to the nearest other point): cores 1, 1, 2.5, 2, 2, 3.5.
 * Mutual-reachability MST: 0-1 at 1, 3-4 at 2, 1-2 at 2.5, 4-5 at 3.5, 2-3 at 6.5.
 */
final class SixPoints {
  private SixPoints() {}

  static double[][] points() {
    return new double[][] {{0}, {1}, {3.5}, {10}, {12}, {15.5}};
  }

  static CondensedTree condensed(int minClusterSize) {
    double[][] points = points();
    MutualReachabilityMst mst = MutualReachabilityMst.compute(points, CoreDistances.compute(points, 2));
    return CondensedTree.condense(SingleLinkageTree.fromSortedMst(mst), minClusterSize);
  }
}
