package io.labelatlas.cluster.ward;

/**
 * Ward hierarchy in scipy's linkage layout ({@code scipy.cluster.hierarchy.ward(X)}): row {@code i} merges nodes
 * {@code left[i] < right[i]} at {@code height[i]} into node {@code n + i} of {@code size[i]} points; nodes
 * {@code 0..n-1} are the points and rows are sorted by height.
 */
public record WardTree(int[] left, int[] right, double[] height, int[] size) {

  public WardTree {
    if (left == null || right == null || height == null || size == null) {
      throw new IllegalArgumentException("tree: arrays must not be null");
    }
    if (right.length != left.length || height.length != left.length || size.length != left.length) {
      throw new IllegalArgumentException("tree: left, right, height and size must have the same length");
    }
  }

  public int numPoints() {
    return left.length + 1;
  }

  public int numMerges() {
    return left.length;
  }
}
