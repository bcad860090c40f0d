package io.labelatlas.cluster.hdbscan;

import io.labelatlas.cluster.DisjointSets;

/**
 * Single-linkage hierarchy built from MST edges sorted by weight, in scipy's linkage layout: row {@code i} merges
 * nodes {@code left[i]} and {@code right[i]} at {@code distance[i]} into node {@code n + i} of {@code size[i]} points;
 * nodes {@code 0..n-1} are the points. Follows hdbscan's {@code label} (McInnes, Healy, Astels 2017).
 */
public record SingleLinkageTree(int[] left, int[] right, double[] distance, int[] size) {

  public int numPoints() {
    return distance.length + 1;
  }

  public static SingleLinkageTree fromSortedMst(MutualReachabilityMst mst) {
    int rows = mst.size();
    int n = rows + 1;
    DisjointSets sets = new DisjointSets(n);
    int[] left = new int[rows];
    int[] right = new int[rows];
    double[] distance = new double[rows];
    int[] size = new int[rows];
    for (int i = 0; i < rows; i++) {
      DisjointSets.Merge merge = sets.merge(mst.from()[i], mst.to()[i]);
      left[i] = merge.left();
      right[i] = merge.right();
      distance[i] = mst.weight()[i];
      size[i] = merge.size();
    }
    return new SingleLinkageTree(left, right, distance, size);
  }
}
