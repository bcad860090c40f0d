package io.labelatlas.cluster.dbscan;

import io.labelatlas.cluster.DisjointSets;
import io.labelatlas.cluster.hdbscan.MutualReachabilityMst;
import java.util.Arrays;

/**
 * DBSCAN* (DBSCAN without border points; Campello, Moulavi, Sander 2013, Sec. 2.1 and Campello, Moulavi, Zimek,
 * Sander 2015, TKDD, Sec. 2) as the cut of a mutual-reachability minimum spanning tree at {@code eps}.
 *
 * <p>A point is core when its core distance (distance to its {@code minSamples}-th nearest neighbour, itself counted,
 * as {@link KDistanceCurve}) is {@code <= eps}, exactly when DBSCAN counts at least {@code minSamples} points within
 * {@code eps}. The mutual-reachability weight {@code max(core(a), core(b), d(a, b))} of an edge is {@code <= eps}
 * exactly when both ends are core and within {@code eps} of each other, so DBSCAN's clusters restricted to their core
 * points are the connected components of the graph's edges of weight {@code <= eps}; a minimum spanning tree has the
 * same components at every threshold, so union-find over its edges of weight {@code <= eps} finds them in O(n).
 * Non-core points are noise here (border points are attached elsewhere, if at all).
 *
 * <p>Clusters are numbered in the order of their smallest core point index, which is the order in which scikit-learn's
 * (and {@link Dbscan}'s) index-order scan starts them, so on core points the labels equal {@code Dbscan.fit}'s label
 * for label, given the exact tree and core distances. Distances here are roots compared with {@code eps}, where
 * {@link Dbscan} compares squares with {@code eps * eps}: a pair within rounding of {@code eps} may fall differently.
 */
public final class SpanningTreeCut {
  private SpanningTreeCut() {}

  /**
   * @param tree edges of a minimum spanning tree (or forest) of the mutual-reachability graph, any order
   * @param coreDistances one per point, the points numbered 0..n-1 as in {@code tree}
   * @return labels ({@link DbscanLabels#NOISE} for every non-core point), core flags and the cluster count
   */
  public static DbscanLabels cut(MutualReachabilityMst tree, double[] coreDistances, double eps) {
    if (!Double.isFinite(eps) || eps <= 0) {
      throw new IllegalArgumentException("'eps' must be finite and > 0, got " + eps);
    }
    int n = coreDistances.length;
    if (tree.size() > Math.max(0, n - 1)) {
      throw new IllegalArgumentException("a spanning tree of " + n + " points has at most " + Math.max(0, n - 1)
          + " edges, got " + tree.size());
    }
    DisjointSets sets = new DisjointSets(n);
    for (int e = 0; e < tree.size(); e++) {
      // Each edge of a tree joins two different sets, as DisjointSets.merge requires.
      if (tree.weight()[e] <= eps) {
        sets.merge(tree.from()[e], tree.to()[e]);
      }
    }
    boolean[] core = new boolean[n];
    int[] labels = new int[n];
    int[] labelOfRoot = new int[Math.max(1, 2 * n - 1)];
    Arrays.fill(labelOfRoot, DbscanLabels.NOISE);
    int clusters = 0;
    for (int p = 0; p < n; p++) {
      core[p] = coreDistances[p] <= eps;
      if (!core[p]) {
        labels[p] = DbscanLabels.NOISE;
        continue;
      }
      int root = sets.find(p);
      if (labelOfRoot[root] == DbscanLabels.NOISE) {
        labelOfRoot[root] = clusters++;
      }
      labels[p] = labelOfRoot[root];
    }
    return new DbscanLabels(labels, core, clusters);
  }
}
