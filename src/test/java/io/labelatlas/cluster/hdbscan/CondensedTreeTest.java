package io.labelatlas.cluster.hdbscan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

class CondensedTreeTest {

  @Test
  void splitsWhereBothSidesReachMinClusterSize() {
    CondensedTree tree = SixPoints.condensed(2);
    assertArrayEquals(new int[] {6, 6, 7, 8, 7, 7, 8, 8}, tree.parent());
    assertArrayEquals(new int[] {7, 8, 2, 5, 0, 1, 3, 4}, tree.child());
    assertArrayEquals(new double[] {1 / 6.5, 1 / 6.5, 0.4, 1 / 3.5, 1, 1, 0.5, 0.5}, tree.lambda(), 1e-12);
    assertArrayEquals(new int[] {3, 3, 1, 1, 1, 1, 1, 1}, tree.childSize());
  }

  @Test
  void smallSidesFallOutTogetherAtTheSplitLambda() {
    CondensedTree tree = SixPoints.condensed(3);
    assertArrayEquals(new int[] {6, 6, 7, 7, 7, 8, 8, 8}, tree.parent());
    assertArrayEquals(new int[] {7, 8, 0, 1, 2, 3, 4, 5}, tree.child());
    assertArrayEquals(new double[] {1 / 6.5, 1 / 6.5, 0.4, 0.4, 0.4, 1 / 3.5, 1 / 3.5, 1 / 3.5}, tree.lambda(), 1e-12);
  }

  @Test
  void noSplitLeavesOnlyTheRoot() {
    CondensedTree tree = SixPoints.condensed(4);
    assertArrayEquals(new int[] {6, 6, 6, 6, 6, 6}, tree.parent());
    assertArrayEquals(new int[] {2, 0, 1, 5, 3, 4}, tree.child());
    assertArrayEquals(new double[] {1 / 6.5, 1 / 6.5, 1 / 6.5, 1 / 6.5, 1 / 6.5, 1 / 6.5}, tree.lambda(), 1e-12);
  }
}
