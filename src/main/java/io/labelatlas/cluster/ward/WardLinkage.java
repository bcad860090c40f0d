package io.labelatlas.cluster.ward;

import io.labelatlas.cluster.DisjointSets;
import io.labelatlas.geometry.Euclidean;

import java.util.Arrays;

/**
 * Exact Ward agglomerative clustering in O(n) memory and O(n^2 d) time: the nearest-neighbour chain (Murtagh 1983;
 * Müllner 2011, "Modern hierarchical, agglomerative clustering algorithms", section 3.4) over cluster centroids, with
 * the Ward distance {@code d(A,B) = sqrt(2|A||B| / (|A|+|B|)) * ||c_A - c_B||}, which is the height scipy's
 * Lance-Williams update in {@code _hierarchy.nn_chain} produces (it equals the Euclidean distance for two points).
 *
 * <p>The chain walk mirrors scipy's bookkeeping so that ties resolve the same way where the distances round the same:
 * a new chain starts at the lowest live slot, candidates are scanned in slot order and replace the minimum only when
 * strictly smaller, the previous chain element wins ties, and a merge of slots {@code x < y} keeps the new cluster in
 * slot {@code y}. Rows are then stably sorted by height and relabelled with a union-find as scipy's {@code label}
 * does. Without distance ties the Ward hierarchy is unique, so the tree equals scipy's up to floating-point rounding
 * of the heights. With exact ties the chain makes the same choices as scipy only while both compute bit-identical
 * distances; the centroid formula and scipy's recursive update round differently, so tied data may merge in a
 * different (equally valid) order.
 *
 * <p>{@link #cut} reproduces scikit-learn 1.2's {@code _hc_cut} including its label numbering, which follows the
 * array order of a Python {@code heapq} of negated node ids.
 *
 * <p>{@link #tree(double[][], double[])} starts every point as a cluster of the given weight instead of 1: Ward's
 * Lance-Williams update only ever sees cluster sizes, so a point of weight m merges exactly as m coincident points
 * that were merged first (at height 0). This lets Ward run on k-means micro-cluster centres weighted by their sizes.
 */
public final class WardLinkage {

  private WardLinkage() {}

  public static WardTree tree(double[][] points) {
    return tree(points, null);
  }

  /**
   * The Ward tree of points carrying weights (null: all 1). Heights are those of the data in which point {@code i}
   * appears {@code weights[i]} times; {@link WardTree#size} still counts points, not weight.
   */
  public static WardTree tree(double[][] points, double[] weights) {
    int d = validatePoints(points);
    int n = points.length;
    double[] centroid = new double[n * d];
    for (int i = 0; i < n; i++) {
      System.arraycopy(points[i], 0, centroid, i * d, d);
    }
    // Sizes as doubles: with weights 1 every sum is an exact integer, so the unweighted tree is unchanged bit for bit.
    double[] clusterSize = new double[n];
    if (weights == null) {
      Arrays.fill(clusterSize, 1.0);
    } else {
      validateWeights(weights, n);
      System.arraycopy(weights, 0, clusterSize, 0, n);
    }
    // Live slots in ascending order, so scans visit candidates in scipy's order.
    int[] live = new int[n];
    for (int i = 0; i < n; i++) {
      live[i] = i;
    }
    int liveCount = n;
    int[] chain = new int[n];
    int chainLength = 0;

    int rows = n - 1;
    int[] mergeX = new int[rows];
    int[] mergeY = new int[rows];
    double[] squaredHeight = new double[rows];

    for (int k = 0; k < rows; k++) {
      if (chainLength == 0) {
        chain[0] = live[0];
        chainLength = 1;
      }
      int x;
      int y;
      double currentMin;
      while (true) {
        x = chain[chainLength - 1];
        if (chainLength > 1) {
          y = chain[chainLength - 2];
          currentMin = squaredWard(centroid, clusterSize, d, x, y);
        } else {
          y = -1;
          currentMin = Double.POSITIVE_INFINITY;
        }
        int xOffset = x * d;
        double xSize = clusterSize[x];
        for (int j = 0; j < liveCount; j++) {
          int i = live[j];
          if (i == x) {
            continue;
          }
          double iSize = clusterSize[i];
          double factor = 2.0 * xSize * iSize / (xSize + iSize);
          int iOffset = i * d;
          double sum = 0;
          // Partial sums only grow, so stopping once they reach the minimum cannot change the result.
          int c = 0;
          boolean abandoned = false;
          while (c < d) {
            int end = Math.min(d, c + 8);
            for (; c < end; c++) {
              double diff = centroid[xOffset + c] - centroid[iOffset + c];
              sum += diff * diff;
            }
            if (factor * sum >= currentMin) {
              abandoned = true;
              break;
            }
          }
          if (!abandoned) {
            currentMin = factor * sum;
            y = i;
          }
        }
        if (chainLength > 1 && y == chain[chainLength - 2]) {
          break;
        }
        chain[chainLength++] = y;
      }
      chainLength -= 2;
      if (x > y) {
        int swap = x;
        x = y;
        y = swap;
      }
      mergeX[k] = x;
      mergeY[k] = y;
      squaredHeight[k] = currentMin;
      mergeCentroids(centroid, clusterSize, d, x, y);
      liveCount = removeSlot(live, liveCount, x);
    }
    return relabel(n, mergeX, mergeY, squaredHeight);
  }

  /**
   * Flat clustering into {@code k} clusters, numbered exactly as scikit-learn 1.2's {@code _hc_cut}: repeatedly split
   * the highest-numbered node, then label cluster {@code i} by the node at position {@code i} of the heap array.
   */
  public static int[] cut(WardTree tree, int k) {
    if (tree == null) {
      throw new IllegalArgumentException("tree must not be null");
    }
    int n = tree.numPoints();
    if (k < 1 || k > n) {
      throw new IllegalArgumentException("k must be in 1.." + n + " (number of points), got " + k);
    }
    int[] labels = new int[n];
    if (n == 1) {
      return labels;
    }
    int[] left = tree.left();
    int[] right = tree.right();
    long[] heap = new long[k];
    int heapSize = 0;
    heap[heapSize++] = -(Math.max(left[n - 2], right[n - 2]) + 1L);
    for (int step = 0; step < k - 1; step++) {
      int row = (int) (-heap[0] - n);
      heapSize = PythonHeap.push(heap, heapSize, -left[row]);
      PythonHeap.pushPop(heap, heapSize, -right[row]);
    }
    int[] stack = new int[n];
    for (int cluster = 0; cluster < heapSize; cluster++) {
      int top = 0;
      stack[top++] = (int) -heap[cluster];
      while (top > 0) {
        int node = stack[--top];
        if (node < n) {
          labels[node] = cluster;
        } else {
          stack[top++] = left[node - n];
          stack[top++] = right[node - n];
        }
      }
    }
    return labels;
  }

  static int validatePoints(double[][] points) {
    if (points == null || points.length == 0) {
      throw new IllegalArgumentException("points must contain at least one row");
    }
    if (points[0] == null || points[0].length == 0) {
      throw new IllegalArgumentException("points[0] must have at least one coordinate");
    }
    int d = points[0].length;
    for (int i = 0; i < points.length; i++) {
      double[] row = points[i];
      if (row == null || row.length != d) {
        throw new IllegalArgumentException("points is ragged: row " + i + " has "
            + (row == null ? "no array" : row.length + " coordinates") + ", row 0 has " + d);
      }
      for (int c = 0; c < d; c++) {
        if (!Double.isFinite(row[c])) {
          throw new IllegalArgumentException("points[" + i + "][" + c + "] is not finite: " + row[c]);
        }
      }
    }
    return d;
  }

  static void validateWeights(double[] weights, int n) {
    if (weights.length != n) {
      throw new IllegalArgumentException("weights has " + weights.length + " values for " + n + " points");
    }
    for (int i = 0; i < n; i++) {
      if (!(weights[i] > 0) || !Double.isFinite(weights[i])) {
        throw new IllegalArgumentException("weights[" + i + "] must be finite and > 0, got " + weights[i]);
      }
    }
  }

  private static double squaredWard(double[] centroid, double[] clusterSize, int d, int a, int b) {
    double aSize = clusterSize[a];
    double bSize = clusterSize[b];
    int aOffset = a * d;
    int bOffset = b * d;
    return 2.0 * aSize * bSize / (aSize + bSize) * Euclidean.squared(centroid, aOffset, centroid, bOffset, d);
  }

  private static void mergeCentroids(double[] centroid, double[] clusterSize, int d, int x, int y) {
    double xSize = clusterSize[x];
    double ySize = clusterSize[y];
    double total = xSize + ySize;
    int xOffset = x * d;
    int yOffset = y * d;
    for (int c = 0; c < d; c++) {
      centroid[yOffset + c] = (xSize * centroid[xOffset + c] + ySize * centroid[yOffset + c]) / total;
    }
    clusterSize[y] += clusterSize[x];
    clusterSize[x] = 0;
  }

  private static int removeSlot(int[] live, int liveCount, int slot) {
    int at = Arrays.binarySearch(live, 0, liveCount, slot);
    System.arraycopy(live, at + 1, live, at, liveCount - at - 1);
    return liveCount - 1;
  }

  /** scipy's post-processing: stable sort by height, then renumber merged nodes {@code n + row} via union-find. */
  private static WardTree relabel(int n, int[] mergeX, int[] mergeY, double[] squaredHeight) {
    int rows = n - 1;
    Integer[] order = new Integer[rows];
    for (int i = 0; i < rows; i++) {
      order[i] = i;
    }
    // Arrays.sort on objects is a stable merge sort, like numpy's kind='mergesort'.
    Arrays.sort(order, (a, b) -> Double.compare(squaredHeight[a], squaredHeight[b]));
    DisjointSets sets = new DisjointSets(n);
    int[] left = new int[rows];
    int[] right = new int[rows];
    double[] height = new double[rows];
    int[] size = new int[rows];
    for (int i = 0; i < rows; i++) {
      int row = order[i];
      DisjointSets.Merge merge = sets.merge(mergeX[row], mergeY[row]);
      left[i] = Math.min(merge.left(), merge.right());
      right[i] = Math.max(merge.left(), merge.right());
      height[i] = Math.sqrt(squaredHeight[row]);
      size[i] = merge.size();
    }
    return new WardTree(left, right, height, size);
  }
}
