package io.labelatlas.cluster.hdbscan.partitioned;

import java.util.Arrays;

/**
 * DBSCAN's border points as one leaf sees them: for every non-core point of the block, the lowest cluster label among
 * the block's core points within {@code eps} (squared distances against {@code eps * eps}, as {@code Dbscan} compares
 * them). That is scikit-learn's rule (a border point keeps the first cluster, in index-order expansion, that reaches
 * it) when the clusters are numbered by their smallest core point, as {@code SpanningTreeCut} numbers them; the lowest
 * label over every leaf holding the point is then the lowest over all core points it shares a leaf with. O(b m d) for
 * b non-core points in a block of m.
 */
final class LeafBorderPoints {
  private LeafBorderPoints() {}

  /**
   * @param labels DBSCAN* labels by point index: a cluster for every core point, negative for every other point
   * @return per block point, the lowest label of a core point of the block within {@code eps} if the point is not
   *     core, else -1 (core points, and non-core points with no core point of the block within eps)
   */
  static int[] compute(LeafBlock block, int[] labels, double eps) {
    int m = block.size();
    int dimension = block.dimension;
    double eps2 = eps * eps;
    int[] found = new int[m];
    Arrays.fill(found, -1);
    for (int i = 0; i < m; i++) {
      if (labels[block.ids[i]] >= 0) {
        continue;
      }
      int best = -1;
      for (int j = 0; j < m; j++) {
        int label = labels[block.ids[j]];
        if (label < 0 || (best >= 0 && label >= best)) {
          continue;
        }
        if (SquaredEuclidean.between(block.coords, i * dimension, block.coords, j * dimension, dimension) <= eps2) {
          best = label;
        }
      }
      found[i] = best;
    }
    return found;
  }
}
