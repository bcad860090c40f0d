package io.labelatlas.cluster.ward;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class WardLinkageTest {

  // scipy.cluster.hierarchy.ward([[0],[1],[10],[12]]) and AgglomerativeClustering(n_clusters=k).labels_
  private static final double[][] LINE = {{0}, {1}, {10}, {12}};

  @Test
  void handExampleTreeMatchesScipy() {
    WardTree tree = WardLinkage.tree(LINE);
    assertArrayEquals(new int[] {0, 2, 4}, tree.left());
    assertArrayEquals(new int[] {1, 3, 5}, tree.right());
    assertArrayEquals(new int[] {2, 2, 4}, tree.size());
    // Centroids 0.5 and 11, sizes 2 and 2: sqrt(2*2*2/4) * 10.5.
    assertArrayEquals(new double[] {1, 2, Math.sqrt(2) * 10.5}, tree.height(), 1e-12);
    assertEquals(4, tree.numPoints());
  }

  @Test
  void handExampleLabelsMatchSklearnNumbering() {
    WardTree tree = WardLinkage.tree(LINE);
    assertArrayEquals(new int[] {0, 0, 0, 0}, WardLinkage.cut(tree, 1));
    assertArrayEquals(new int[] {1, 1, 0, 0}, WardLinkage.cut(tree, 2));
    assertArrayEquals(new int[] {0, 0, 2, 1}, WardLinkage.cut(tree, 3));
    assertArrayEquals(new int[] {3, 1, 2, 0}, WardLinkage.cut(tree, 4));
    assertArrayEquals(new int[] {0, 0, 2, 1}, Ward.fit(LINE, 3));
  }

  @Test
  void heightsAreSortedAndLastMergeHoldsEveryPoint() {
    double[][] points = new double[50][3];
    java.util.Random random = new java.util.Random(7);
    for (double[] p : points) {
      for (int c = 0; c < p.length; c++) {
        p[c] = random.nextGaussian();
      }
    }
    WardTree tree = WardLinkage.tree(points);
    for (int i = 1; i < tree.numMerges(); i++) {
      assertTrue(tree.height()[i - 1] <= tree.height()[i]);
    }
    assertEquals(50, tree.size()[tree.numMerges() - 1]);
  }

  @Test
  void singlePointIsOneCluster() {
    WardTree tree = WardLinkage.tree(new double[][] {{3, 4}});
    assertEquals(0, tree.numMerges());
    assertArrayEquals(new int[] {0}, Ward.fit(new double[][] {{3, 4}}, 1));
  }

  @Test
  void rejectsBadPointsNamingThem() {
    assertMessageStarts("points", () -> WardLinkage.tree(null));
    assertMessageStarts("points", () -> WardLinkage.tree(new double[0][]));
    assertMessageStarts("points[0]", () -> WardLinkage.tree(new double[][] {{}}));
    assertMessageStarts("points is ragged", () -> WardLinkage.tree(new double[][] {{1, 2}, {3}}));
    assertMessageStarts("points is ragged", () -> WardLinkage.tree(new double[][] {{1, 2}, null}));
    assertMessageStarts("points[1][0] is not finite: NaN",
        () -> WardLinkage.tree(new double[][] {{1, 2}, {Double.NaN, 0}}));
    assertMessageStarts("points[0][1] is not finite: Infinity",
        () -> Ward.fit(new double[][] {{1, Double.POSITIVE_INFINITY}}, 1));
  }

  @Test
  void rejectsKOutsideOneToNNamingIt() {
    assertMessageStarts("k must be in 1..4", () -> Ward.fit(LINE, 0));
    assertMessageStarts("k must be in 1..4", () -> Ward.fit(LINE, 5));
    WardTree tree = WardLinkage.tree(LINE);
    assertMessageStarts("k must be in 1..4", () -> WardLinkage.cut(tree, -1));
    assertMessageStarts("k must be in 1..4", () -> WardLinkage.cut(tree, 5));
    assertMessageStarts("tree", () -> WardLinkage.cut(null, 1));
  }

  private static void assertMessageStarts(String prefix, org.junit.jupiter.api.function.Executable call) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    assertTrue(e.getMessage().startsWith(prefix), "message '" + e.getMessage() + "' should start with " + prefix);
  }
}
