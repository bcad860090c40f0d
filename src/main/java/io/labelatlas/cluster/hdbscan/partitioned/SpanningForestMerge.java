package io.labelatlas.cluster.hdbscan.partitioned;

import io.labelatlas.cluster.hdbscan.MutualReachabilityMst;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Merges the spanning trees of many leaves into one spanning tree on the driver. Kruskal's algorithm over the union
 * of the leaf trees' edges gives the minimum spanning forest of the union of the leaves' mutual-reachability graphs
 * (an edge left out of its leaf's tree is the heaviest on a cycle there, so it is not needed); if more than one
 * component remains, exact mutual-reachability edges among representatives of every component join them, as the
 * partition-and-merge step of MR-HDBSCAN* does (Santos, Ghesmoune, Naldi, Campello, Sander, "A scalable
 * hierarchical clustering algorithm using Spark", 2019). Memory: O(edges + n).
 */
final class SpanningForestMerge {
  private SpanningForestMerge() {}

  /**
   * A minimum spanning forest.
   *
   * @param from one end of each edge
   * @param to the other end
   * @param weight ascending; ties in the order the candidate edges came
   * @param component each point's component, 0.. in order of each component's smallest point index
   * @param components how many components
   */
  record SpanningForest(int[] from, int[] to, double[] weight, int[] component, int components) {
    int points() {
      return component.length;
    }

    SpanningEdges edges() {
      return SpanningEdges.of(from, to, weight);
    }

    /** The forest as the sorted spanning tree the single-linkage stage reads; it must be connected. */
    MutualReachabilityMst asSpanningTree() {
      if (components != 1) {
        throw new IllegalStateException("the spanning forest has " + components + " components, not one");
      }
      return new MutualReachabilityMst(from, to, weight);
    }
  }

  /** Kruskal over the candidate edges of {@code n} points; equal weights keep the candidates' order. */
  static SpanningForest minimumForest(int n, List<SpanningEdges> candidates) {
    long total = 0;
    for (SpanningEdges chunk : candidates) {
      total += chunk.size();
    }
    if (total > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(total + " candidate edges are more than one array can hold");
    }
    int edges = (int) total;
    int[] from = new int[edges];
    int[] to = new int[edges];
    double[] weight = new double[edges];
    int at = 0;
    for (SpanningEdges chunk : candidates) {
      for (int e = 0; e < chunk.size(); e++) {
        from[at] = chunk.from(e);
        to[at] = chunk.to(e);
        weight[at] = chunk.weight(e);
        at++;
      }
    }
    int[] order = stableOrder(weight);
    UnionFind sets = new UnionFind(n);
    int treeEdges = 0;
    int[] treeFrom = new int[Math.max(0, n - 1)];
    int[] treeTo = new int[treeFrom.length];
    double[] treeWeight = new double[treeFrom.length];
    for (int i = 0; i < edges && treeEdges < n - 1; i++) {
      int e = order[i];
      if (sets.union(from[e], to[e])) {
        treeFrom[treeEdges] = from[e];
        treeTo[treeEdges] = to[e];
        treeWeight[treeEdges] = weight[e];
        treeEdges++;
      }
    }
    int[] component = new int[n];
    int[] labelOfRoot = new int[n];
    Arrays.fill(labelOfRoot, -1);
    int components = 0;
    for (int p = 0; p < n; p++) {
      int root = sets.find(p);
      if (labelOfRoot[root] < 0) {
        labelOfRoot[root] = components++;
      }
      component[p] = labelOfRoot[root];
    }
    return new SpanningForest(Arrays.copyOf(treeFrom, treeEdges), Arrays.copyOf(treeTo, treeEdges),
        Arrays.copyOf(treeWeight, treeEdges), component, components);
  }

  /**
   * Points that stand for the forest's components when joining them: sample points, at most {@code cap} of them
   * taken round-robin over the components so that every sampled component has one, plus the smallest member of every
   * component without a sampled point. Ascending.
   */
  static int[] representatives(int[] samplePoints, SpanningForest forest, int cap) {
    List<List<Integer>> byComponent = new ArrayList<>();
    for (int c = 0; c < forest.components(); c++) {
      byComponent.add(new ArrayList<>());
    }
    int[] sorted = samplePoints.clone();
    Arrays.sort(sorted);
    for (int point : sorted) {
      byComponent.get(forest.component()[point]).add(point);
    }
    boolean[] chosen = new boolean[forest.points()];
    boolean[] covered = new boolean[forest.components()];
    int count = 0;
    for (int round = 0; count < cap; round++) {
      boolean any = false;
      for (int c = 0; c < byComponent.size() && count < cap; c++) {
        if (round < byComponent.get(c).size()) {
          chosen[byComponent.get(c).get(round)] = true;
          covered[c] = true;
          count++;
          any = true;
        }
      }
      if (!any) {
        break;
      }
    }
    for (int p = 0; p < forest.points(); p++) {
      int c = forest.component()[p];
      if (!covered[c]) {
        chosen[p] = true;
        covered[c] = true;
      }
    }
    int total = 0;
    for (boolean b : chosen) {
      total += b ? 1 : 0;
    }
    int[] representatives = new int[total];
    int at = 0;
    for (int p = 0; p < chosen.length; p++) {
      if (chosen[p]) {
        representatives[at++] = p;
      }
    }
    return representatives;
  }

  /**
   * Joins the forest's components into one spanning tree: the exact mutual-reachability spanning tree among the
   * representatives (Prim, O(r^2 d) time, O(r) memory), then Kruskal over the forest and those edges.
   *
   * @param representatives point indices with at least one point in every component
   * @param vectors their coordinates, in the same order
   */
  static MutualReachabilityMst join(SpanningForest forest, int[] representatives, double[][] vectors,
      double[] coreDistances) {
    if (forest.components() == 1) {
      return forest.asSpanningTree();
    }
    SpanningEdges joining = representativeTree(representatives, vectors, coreDistances);
    SpanningForest joined = minimumForest(forest.points(), List.of(forest.edges(), joining));
    if (joined.components() != 1) {
      throw new IllegalArgumentException("the representatives leave " + joined.components()
          + " components apart; every component needs one");
    }
    return joined.asSpanningTree();
  }

  /** The representatives as one block, so the leaves' own Prim ({@link LeafSpanningTree}) spans them. */
  private static SpanningEdges representativeTree(int[] ids, double[][] vectors, double[] coreDistances) {
    int dimension = vectors[0].length;
    double[] coords = new double[ids.length * dimension];
    for (int i = 0; i < ids.length; i++) {
      System.arraycopy(vectors[i], 0, coords, i * dimension, dimension);
    }
    return LeafSpanningTree.compute(new LeafBlock(-1, -1, dimension, ids, coords), coreDistances);
  }

  /** Positions of {@code keys} in ascending order, equal keys in their original order (bottom-up merge sort). */
  static int[] stableOrder(double[] keys) {
    int n = keys.length;
    int[] order = new int[n];
    Arrays.setAll(order, i -> i);
    int[] scratch = new int[n];
    for (int width = 1; width < n; width *= 2) {
      for (int lo = 0; lo < n; lo += 2 * width) {
        int mid = Math.min(lo + width, n);
        int hi = Math.min(lo + 2 * width, n);
        int i = lo;
        int j = mid;
        int out = lo;
        while (i < mid && j < hi) {
          scratch[out++] = keys[order[i]] <= keys[order[j]] ? order[i++] : order[j++];
        }
        while (i < mid) {
          scratch[out++] = order[i++];
        }
        while (j < hi) {
          scratch[out++] = order[j++];
        }
      }
      int[] swap = order;
      order = scratch;
      scratch = swap;
    }
    return order;
  }

  /** Union by size with path halving; {@code union} says whether the two points were apart. */
  private static final class UnionFind {
    private final int[] parent;
    private final int[] size;

    UnionFind(int n) {
      parent = new int[n];
      size = new int[n];
      for (int i = 0; i < n; i++) {
        parent[i] = i;
        size[i] = 1;
      }
    }

    int find(int x) {
      while (parent[x] != x) {
        parent[x] = parent[parent[x]];
        x = parent[x];
      }
      return x;
    }

    boolean union(int a, int b) {
      int ra = find(a);
      int rb = find(b);
      if (ra == rb) {
        return false;
      }
      if (size[ra] < size[rb]) {
        int swap = ra;
        ra = rb;
        rb = swap;
      }
      parent[rb] = ra;
      size[ra] += size[rb];
      return true;
    }
  }
}
