package io.labelatlas.cluster;

/**
 * Union-find that numbers merges as scipy's linkage matrices do: n points are nodes 0..n-1 and the i-th merge creates
 * node n+i. Shared by the HDBSCAN* single-linkage tree, Ward's tree and DBSCAN*'s spanning-tree cut.
 */
public final class DisjointSets {
  /** One merge: the roots that were joined and the size of the new set. */
  public record Merge(int left, int right, int size) {}

  private final int points;
  private final int[] parent;
  private final int[] size;
  private int merges;

  public DisjointSets(int points) {
    this.points = points;
    this.parent = new int[Math.max(1, 2 * points - 1)];
    this.size = new int[parent.length];
    for (int node = 0; node < parent.length; node++) {
      parent[node] = node;
      size[node] = node < points ? 1 : 0;
    }
  }

  /** Joins the sets holding {@code x} and {@code y} into the next new node. */
  public Merge merge(int x, int y) {
    int a = find(x);
    int b = find(y);
    int merged = points + merges++;
    parent[a] = merged;
    parent[b] = merged;
    size[merged] = size[a] + size[b];
    return new Merge(a, b, size[merged]);
  }

  /** The root of {@code node}'s set, compressing the path on the way. */
  public int find(int node) {
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
