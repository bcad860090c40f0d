package io.labelatlas.cluster;

/** Union-find over a parent array, for building linkage trees (single linkage for HDBSCAN*, Ward's merges). */
public final class DisjointSets {
  private DisjointSets() {}

  /** The root of {@code node}'s set, compressing the path on the way. */
  public static int find(int[] parent, int node) {
    int root = node;
    while (parent[root] != root) {
      root = parent[root];
    }
    while (parent[node] != root) {
      int next = parent[node];
      parent[node] = root;
      node = next;
    }
    return root;
  }
}
