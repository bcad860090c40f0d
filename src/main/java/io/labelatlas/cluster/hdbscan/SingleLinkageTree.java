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
    int[] parent = new int[2 * n - 1];
    int[] nodeSize = new int[2 * n - 1];
    for (int node = 0; node < parent.length; node++) {
      parent[node] = node;
      nodeSize[node] = node < n ? 1 : 0;
    }
    int[] left = new int[rows];
    int[] right = new int[rows];
    double[] distance = new double[rows];
    int[] size = new int[rows];
    for (int i = 0; i < rows; i++) {
      int a = DisjointSets.find(parent, mst.from()[i]);
      int b = DisjointSets.find(parent, mst.to()[i]);
      int merged = n + i;
      parent[a] = merged;
      parent[b] = merged;
      nodeSize[merged] = nodeSize[a] + nodeSize[b];
      left[i] = a;
      right[i] = b;
      distance[i] = mst.weight()[i];
      size[i] = nodeSize[merged];
    }
    return new SingleLinkageTree(left, right, distance, size);
  }
}
