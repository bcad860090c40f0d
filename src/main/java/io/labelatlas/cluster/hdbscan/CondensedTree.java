package io.labelatlas.cluster.hdbscan;

import java.util.ArrayList;
import java.util.List;

/**
 * The condensed cluster tree of HDBSCAN* (Campello, Moulavi, Sander 2013, Sec. 3; hdbscan's {@code condense_tree},
 * McInnes, Healy, Astels 2017). A split counts only when both sides hold at least {@code minClusterSize} points;
 * otherwise the small side's points fall out of the parent at that lambda. Row {@code i}: {@code child[i]} (a point
 * below {@code numPoints}, or a cluster from {@code numPoints}, the root, upward) leaves {@code parent[i]} at
 * {@code lambda[i] = 1 / distance} carrying {@code childSize[i]} points.
 */
public record CondensedTree(int numPoints, int[] parent, int[] child, double[] lambda, int[] childSize) {

  public int root() {
    return numPoints;
  }

  public int rows() {
    return parent.length;
  }

  /** One past the largest cluster id. */
  public int clusterEnd() {
    int end = numPoints + 1;
    for (int c : child) {
      end = Math.max(end, c + 1);
    }
    return end;
  }

  public static CondensedTree condense(SingleLinkageTree hierarchy, int minClusterSize) {
    int n = hierarchy.numPoints();
    int top = 2 * n - 2;
    int[] relabel = new int[top + 1];
    boolean[] ignore = new boolean[top + 1];
    relabel[top] = n;
    int nextLabel = n + 1;
    Rows rows = new Rows();
    for (int node : breadthFirst(hierarchy, top)) {
      if (ignore[node] || node < n) {
        continue;
      }
      int row = node - n;
      int left = hierarchy.left()[row];
      int right = hierarchy.right()[row];
      double distance = hierarchy.distance()[row];
      double lambda = distance > 0 ? 1.0 / distance : Double.POSITIVE_INFINITY;
      int leftCount = nodeSize(hierarchy, left);
      int rightCount = nodeSize(hierarchy, right);
      int parent = relabel[node];
      boolean leftBig = leftCount >= minClusterSize;
      boolean rightBig = rightCount >= minClusterSize;
      if (leftBig && rightBig) {
        relabel[left] = nextLabel++;
        rows.add(parent, relabel[left], lambda, leftCount);
        relabel[right] = nextLabel++;
        rows.add(parent, relabel[right], lambda, rightCount);
      } else {
        if (leftBig) {
          relabel[left] = parent;
        } else {
          fallOut(hierarchy, left, parent, lambda, rows, ignore);
        }
        if (rightBig) {
          relabel[right] = parent;
        } else {
          fallOut(hierarchy, right, parent, lambda, rows, ignore);
        }
      }
    }
    return rows.toTree(n);
  }

  private static void fallOut(SingleLinkageTree hierarchy, int subtree, int parent, double lambda, Rows rows,
      boolean[] ignore) {
    for (int node : breadthFirst(hierarchy, subtree)) {
      if (node < hierarchy.numPoints()) {
        rows.add(parent, node, lambda, 1);
      }
      ignore[node] = true;
    }
  }

  private static int nodeSize(SingleLinkageTree hierarchy, int node) {
    int n = hierarchy.numPoints();
    return node < n ? 1 : hierarchy.size()[node - n];
  }

  /** Level order, left before right, as hdbscan's {@code bfs_from_hierarchy}, so our rows come in its order. */
  static List<Integer> breadthFirst(SingleLinkageTree hierarchy, int root) {
    int n = hierarchy.numPoints();
    List<Integer> order = new ArrayList<>();
    order.add(root);
    for (int at = 0; at < order.size(); at++) {
      int node = order.get(at);
      if (node >= n) {
        order.add(hierarchy.left()[node - n]);
        order.add(hierarchy.right()[node - n]);
      }
    }
    return order;
  }

  private static final class Rows {
    private final List<int[]> links = new ArrayList<>();
    private final List<Double> lambdas = new ArrayList<>();

    void add(int parent, int child, double lambda, int childSize) {
      links.add(new int[] {parent, child, childSize});
      lambdas.add(lambda);
    }

    CondensedTree toTree(int numPoints) {
      int m = links.size();
      int[] parent = new int[m];
      int[] child = new int[m];
      double[] lambda = new double[m];
      int[] childSize = new int[m];
      for (int i = 0; i < m; i++) {
        parent[i] = links.get(i)[0];
        child[i] = links.get(i)[1];
        childSize[i] = links.get(i)[2];
        lambda[i] = lambdas.get(i);
      }
      return new CondensedTree(numPoints, parent, child, lambda, childSize);
    }
  }
}
