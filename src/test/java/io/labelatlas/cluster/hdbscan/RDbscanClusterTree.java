package io.labelatlas.cluster.hdbscan;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A test-only model of how R dbscan 1.1-11 condenses a single-linkage tree ({@code computeStability} in its
 * {@code src/hdbscan.cpp}) and selects clusters ({@code fosc}, {@code getSalientAssignments}), run on our own
 * {@link SingleLinkageTree}. It exists to pin down why R's labels differ from ours on some data sets.
 *
 * <p>R's rule differs from HDBSCAN* (Campello, Moulavi, Sander 2013, Sec. 3; hdbscan's and scikit-learn's
 * {@code condense_tree}) in one place: when a merge is undone and one or both sides hold fewer than
 * {@code minClusterSize} points, R does not let those points leave the cluster at that level. Both sides keep the
 * cluster's id, and each point leaves only where it becomes a singleton of the single-linkage tree (or at the
 * cluster's split, if that comes first). A leaf cluster, which HDBSCAN* ends where its last split leaves only spurious
 * parts, thus lives on in R and collects a larger stability, and excess of mass prefers leaves more often in R.
 *
 * @param parent parent cluster id per cluster, -1 for the root (cluster 0)
 * @param stability R's {@code stability} per cluster
 * @param children the two children of each split cluster, empty for leaves
 * @param members the points that leave each cluster directly (R's {@code contains})
 */
record RDbscanClusterTree(int[] parent, double[] stability, List<int[]> children, List<int[]> members) {

  static RDbscanClusterTree of(SingleLinkageTree hierarchy, int minClusterSize) {
    int n = hierarchy.numPoints();
    int rows = n - 1;
    int[] clusterOfRow = new int[rows];
    boolean[] split = new boolean[2 * n];
    double[] birth = new double[2 * n];
    double[] death = new double[2 * n];
    int[] splitSize = new int[2 * n];
    int[] parent = new int[2 * n];
    Arrays.fill(parent, -1);
    List<List<double[]>> left = new ArrayList<>();
    left.add(new ArrayList<>());
    birth[0] = hierarchy.distance()[rows - 1];
    int clusters = 1;
    for (int k = rows - 1; k >= 0; k--) {
      int cid = clusterOfRow[k];
      int a = hierarchy.left()[k];
      int b = hierarchy.right()[k];
      double height = hierarchy.distance()[k];
      double leaveAt = split[cid] ? death[cid] : height;
      if (a < n && b < n) {
        left.get(cid).add(new double[] {a, leaveAt});
        left.get(cid).add(new double[] {b, leaveAt});
        death[cid] = split[cid] ? death[cid] : Math.min(height, death[cid]);
      } else if (a < n || b < n) {
        left.get(cid).add(new double[] {a < n ? a : b, leaveAt});
        clusterOfRow[(a < n ? b : a) - n] = cid;
      } else if (size(hierarchy, a) >= minClusterSize && size(hierarchy, b) >= minClusterSize) {
        death[cid] = height;
        split[cid] = true;
        splitSize[cid] = size(hierarchy, a) + size(hierarchy, b);
        for (int side : new int[] {a, b}) {
          int child = clusters++;
          left.add(new ArrayList<>());
          parent[child] = cid;
          birth[child] = height;
          death[child] = hierarchy.distance()[side - n];
          clusterOfRow[side - n] = child;
        }
      } else {
        clusterOfRow[a - n] = cid;
        clusterOfRow[b - n] = cid;
      }
    }
    double[] stability = new double[clusters];
    List<int[]> children = new ArrayList<>();
    List<int[]> members = new ArrayList<>();
    for (int c = 0; c < clusters; c++) {
      for (double[] point : left.get(c)) {
        stability[c] += 1 / point[1] - 1 / birth[c];
      }
      stability[c] += splitSize[c] * (1 / death[c] - 1 / birth[c]);
      int self = c;
      children.add(java.util.stream.IntStream.range(0, clusters).filter(x -> parent[x] == self).toArray());
      members.add(left.get(c).stream().mapToInt(p -> (int) p[0]).toArray());
    }
    return new RDbscanClusterTree(Arrays.copyOf(parent, clusters), stability, children, members);
  }

  private static int size(SingleLinkageTree hierarchy, int node) {
    int n = hierarchy.numPoints();
    return node < n ? 1 : hierarchy.size()[node - n];
  }

  /** R's unsupervised excess-of-mass selection ({@code fosc}); the root never counts (R labels its points 0, noise). */
  List<Integer> selected() {
    List<Integer> chosen = new ArrayList<>();
    score(0, chosen);
    return chosen;
  }

  private double score(int cluster, List<Integer> chosen) {
    if (children.get(cluster).length == 0) {
      if (cluster != 0) {
        chosen.add(cluster);
      }
      return stability[cluster];
    }
    double below = 0;
    for (int child : children.get(cluster)) {
      below += score(child, chosen);
    }
    if (stability[cluster] < below) {
      return below;
    }
    if (cluster != 0) {
      chosen.removeAll(descendants(cluster));
      chosen.add(cluster);
    }
    return stability[cluster];
  }

  private List<Integer> descendants(int cluster) {
    List<Integer> order = new ArrayList<>();
    for (int child : children.get(cluster)) {
      order.add(child);
      order.addAll(descendants(child));
    }
    return order;
  }

  /** Labels in our convention (-1 noise, clusters 0.. in the order R selected them), as R's {@code cluster} - 1. */
  int[] labels() {
    int[] labels = new int[members.stream().mapToInt(m -> m.length).sum()];
    Arrays.fill(labels, -1);
    List<Integer> chosen = selected();
    for (int i = 0; i < chosen.size(); i++) {
      List<Integer> subtree = descendants(chosen.get(i));
      subtree.add(chosen.get(i));
      for (int c : subtree) {
        for (int point : members.get(c)) {
          labels[point] = i;
        }
      }
    }
    return labels;
  }
}
