package io.labelatlas.cluster.hdbscan.partitioned;

/**
 * Brute-force k nearest neighbours of every point of a leaf among the leaf's other points: O(m^2 d) time, each pair's
 * distance computed once and offered to both ends, O(m k) memory.
 */
final class LeafNeighbours {
  private LeafNeighbours() {}

  /** Entry {@code i} holds the {@code k} nearest other points of the block's point {@code i}, by global index. */
  static CandidateNeighbours[] compute(LeafBlock block, int k) {
    int m = block.size();
    int dimension = block.dimension;
    double[] coords = block.coords;
    int[] ids = block.ids;
    CandidateNeighbours[] lists = new CandidateNeighbours[m];
    for (int i = 0; i < m; i++) {
      lists[i] = new CandidateNeighbours(k);
    }
    if (k == 0) {
      return lists;
    }
    for (int i = 0; i < m; i++) {
      CandidateNeighbours own = lists[i];
      int iOffset = i * dimension;
      for (int j = i + 1; j < m; j++) {
        double squared = SquaredEuclidean.between(coords, iOffset, coords, j * dimension, dimension);
        if (own.accepts(squared)) {
          own.offer(ids[j], squared);
        }
        CandidateNeighbours other = lists[j];
        if (other.accepts(squared)) {
          other.offer(ids[i], squared);
        }
      }
    }
    return lists;
  }
}
