package io.labelatlas.cluster.hdbscan.partitioned;

import java.util.Arrays;

/**
 * Minimum spanning tree of the mutual-reachability graph among the points of one leaf, {@code max(core(a), core(b),
 * d(a, b))} with the points' global core distances: Prim's algorithm on the implicit complete graph, O(m^2 d) time and
 * O(m) memory, distances recomputed. It visits points in the same order and breaks ties the same way as
 * {@code MutualReachabilityMst.compute}, so a leaf holding every point gives the exact tree edge for edge.
 */
final class LeafSpanningTree {
  private LeafSpanningTree() {}

  /** The block's m - 1 tree edges between global point indices, in the order Prim adds them. */
  static SpanningEdges compute(LeafBlock block, double[] coreDistances) {
    int m = block.size();
    int dimension = block.dimension;
    double[] coords = block.coords;
    int[] ids = block.ids;
    SpanningEdges edges = new SpanningEdges(m - 1);
    double[] core = new double[m];
    for (int i = 0; i < m; i++) {
      core[i] = coreDistances[ids[i]];
    }
    boolean[] inTree = new boolean[m];
    double[] best = new double[m];
    int[] bestFrom = new int[m];
    Arrays.fill(best, Double.POSITIVE_INFINITY);
    int current = 0;
    for (int edge = 0; edge < m - 1; edge++) {
      inTree[current] = true;
      int currentOffset = current * dimension;
      double currentCore = core[current];
      int next = -1;
      for (int j = 0; j < m; j++) {
        if (inTree[j]) {
          continue;
        }
        double distance = Math.sqrt(SquaredEuclidean.between(coords, currentOffset, coords, j * dimension, dimension));
        double reach = Math.max(distance, Math.max(currentCore, core[j]));
        if (reach < best[j]) {
          best[j] = reach;
          bestFrom[j] = current;
        }
        if (next < 0 || best[j] < best[next]) {
          next = j;
        }
      }
      edges.add(ids[bestFrom[next]], ids[next], best[next]);
      current = next;
    }
    return edges.trimmed();
  }
}
