package io.labelatlas.cluster.hdbscan;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/**
 * Flat clusters from a {@link CondensedTree}: excess-of-mass or leaf selection (Campello, Moulavi, Sander 2013,
 * Sec. 3.1), the {@code cluster_selection_epsilon} merge of Malzer and Baum (2020), labels and membership
 * probabilities, following hdbscan's {@code get_clusters}, {@code do_labelling} and {@code get_probabilities}
 * (McInnes, Healy, Astels 2017).
 *
 * @param labels cluster per point, 0..k-1 in order of condensed-tree cluster id, -1 for noise
 * @param probabilities lambda at which a point left its cluster over the cluster's largest direct lambda, capped at 1
 * @param selectedClusters condensed-tree ids of the selected clusters, ascending; label {@code i} is entry {@code i}
 */
public record ClusterSelection(int[] labels, double[] probabilities, int[] selectedClusters) {

  public static ClusterSelection select(CondensedTree tree, SelectionMethod method, double epsilon,
      boolean allowSingleCluster) {
    ClusterTree clusters = new ClusterTree(tree);
    TreeSet<Integer> selected = method == SelectionMethod.EOM
        ? excessOfMass(tree, clusters, epsilon, allowSingleCluster)
        : leaves(clusters, epsilon, allowSingleCluster);
    int[] ids = selected.stream().mapToInt(Integer::intValue).toArray();
    int[] labels = labels(tree, clusters, ids, epsilon, allowSingleCluster);
    return new ClusterSelection(labels, probabilities(tree, ids, labels), ids);
  }

  /** Stability of every cluster id (Campello, Moulavi, Sander 2013, Eq. 3), indexed by id; points hold 0. */
  public static double[] stability(CondensedTree tree) {
    double[] birth = new double[tree.clusterEnd()];
    for (int i = 0; i < tree.rows(); i++) {
      if (tree.child()[i] >= tree.numPoints()) {
        birth[tree.child()[i]] = tree.lambda()[i];
      }
    }
    double[] stability = new double[birth.length];
    for (int i = 0; i < tree.rows(); i++) {
      int parent = tree.parent()[i];
      stability[parent] += (tree.lambda()[i] - birth[parent]) * tree.childSize()[i];
    }
    return stability;
  }

  private static TreeSet<Integer> excessOfMass(CondensedTree tree, ClusterTree clusters, double epsilon,
      boolean allowSingleCluster) {
    double[] stability = stability(tree);
    int root = tree.root();
    int lowest = allowSingleCluster ? root : root + 1;
    boolean[] isCluster = new boolean[clusters.end];
    for (int c = clusters.end - 1; c >= lowest; c--) {
      double subtree = 0;
      for (int child : clusters.children.get(c)) {
        subtree += stability[child];
      }
      if (subtree > stability[c]) {
        stability[c] = subtree;
      } else {
        isCluster[c] = true;
        for (int below : clusters.descendants(c)) {
          isCluster[below] = false;
        }
      }
    }
    TreeSet<Integer> selected = new TreeSet<>();
    for (int c = lowest; c < clusters.end; c++) {
      if (isCluster[c]) {
        selected.add(c);
      }
    }
    if (epsilon == 0.0 || clusters.end == root + 1) {
      return selected;
    }
    if (selected.size() == 1 && selected.first() == root) {
      return selected;
    }
    return epsilonSearch(selected, clusters, epsilon, allowSingleCluster);
  }

  private static TreeSet<Integer> leaves(ClusterTree clusters, double epsilon, boolean allowSingleCluster) {
    TreeSet<Integer> leaves = new TreeSet<>();
    if (clusters.end == clusters.root + 1) {
      return leaves;
    }
    for (int c = clusters.root + 1; c < clusters.end; c++) {
      if (clusters.children.get(c).isEmpty()) {
        leaves.add(c);
      }
    }
    return epsilon == 0.0 ? leaves : epsilonSearch(leaves, clusters, epsilon, allowSingleCluster);
  }

  /** Replaces each candidate born below distance {@code epsilon} by its ancestor that was born above it. */
  private static TreeSet<Integer> epsilonSearch(TreeSet<Integer> candidates, ClusterTree clusters, double epsilon,
      boolean allowSingleCluster) {
    TreeSet<Integer> selected = new TreeSet<>();
    boolean[] processed = new boolean[clusters.end];
    for (int leaf : candidates) {
      if (1.0 / clusters.birthLambda[leaf] < epsilon) {
        if (!processed[leaf]) {
          int chosen = traverseUpwards(clusters, epsilon, leaf, allowSingleCluster);
          selected.add(chosen);
          for (int below : clusters.descendants(chosen)) {
            processed[below] = true;
          }
        }
      } else {
        selected.add(leaf);
      }
    }
    return selected;
  }

  private static int traverseUpwards(ClusterTree clusters, double epsilon, int leaf, boolean allowSingleCluster) {
    int node = leaf;
    while (true) {
      int parent = clusters.parent[node];
      if (parent == clusters.root) {
        return allowSingleCluster ? parent : node;
      }
      if (1.0 / clusters.birthLambda[parent] > epsilon) {
        return parent;
      }
      node = parent;
    }
  }

  private static int[] labels(CondensedTree tree, ClusterTree clusters, int[] selected, double epsilon,
      boolean allowSingleCluster) {
    int n = tree.numPoints();
    int root = tree.root();
    int[] labelOfCluster = new int[clusters.end];
    Arrays.fill(labelOfCluster, -1);
    for (int i = 0; i < selected.length; i++) {
      labelOfCluster[selected[i]] = i;
    }
    double rootDeath = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < tree.rows(); i++) {
      if (tree.parent()[i] == root) {
        rootDeath = Math.max(rootDeath, tree.lambda()[i]);
      }
    }
    int[] labels = new int[n];
    Arrays.fill(labels, -1);
    for (int i = 0; i < tree.rows(); i++) {
      int point = tree.child()[i];
      if (point >= n) {
        continue;
      }
      int cluster = tree.parent()[i];
      while (cluster != root && labelOfCluster[cluster] < 0) {
        cluster = clusters.parent[cluster];
      }
      if (cluster != root) {
        labels[point] = labelOfCluster[cluster];
      } else if (labelOfCluster[root] >= 0 && selected.length == 1 && allowSingleCluster) {
        // The root as the single cluster keeps only the points that stay until it would have split, as hdbscan does.
        double threshold = epsilon != 0.0 ? 1.0 / epsilon : rootDeath;
        labels[point] = tree.lambda()[i] >= threshold ? labelOfCluster[root] : -1;
      }
    }
    return labels;
  }

  private static double[] probabilities(CondensedTree tree, int[] selected, int[] labels) {
    double[] deaths = directDeaths(tree);
    double[] probabilities = new double[labels.length];
    for (int i = 0; i < tree.rows(); i++) {
      int point = tree.child()[i];
      if (point >= tree.numPoints() || labels[point] < 0) {
        continue;
      }
      double maxLambda = deaths[selected[labels[point]]];
      double lambda = tree.lambda()[i];
      probabilities[point] = maxLambda == 0.0 || Double.isInfinite(lambda) ? 1.0 : Math.min(lambda, maxLambda) / maxLambda;
    }
    return probabilities;
  }

  /** Largest lambda among each cluster's own rows, as hdbscan's {@code max_lambdas}. */
  static double[] directDeaths(CondensedTree tree) {
    double[] deaths = new double[tree.clusterEnd()];
    for (int i = 0; i < tree.rows(); i++) {
      deaths[tree.parent()[i]] = Math.max(deaths[tree.parent()[i]], tree.lambda()[i]);
    }
    return deaths;
  }

  /** The clusters-only part of the condensed tree. */
  private static final class ClusterTree {
    final int root;
    final int end;
    final int[] parent;
    final double[] birthLambda;
    final List<List<Integer>> children = new ArrayList<>();

    ClusterTree(CondensedTree tree) {
      root = tree.root();
      end = tree.clusterEnd();
      parent = new int[end];
      birthLambda = new double[end];
      Arrays.fill(parent, -1);
      for (int c = 0; c < end; c++) {
        children.add(new ArrayList<>());
      }
      for (int i = 0; i < tree.rows(); i++) {
        int child = tree.child()[i];
        if (child >= tree.numPoints()) {
          parent[child] = tree.parent()[i];
          birthLambda[child] = tree.lambda()[i];
          children.get(tree.parent()[i]).add(child);
        }
      }
    }

    List<Integer> descendants(int cluster) {
      List<Integer> order = new ArrayList<>(children.get(cluster));
      for (int at = 0; at < order.size(); at++) {
        order.addAll(children.get(order.get(at)));
      }
      return order;
    }
  }
}
