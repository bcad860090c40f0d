package io.labelatlas.cluster.hdbscan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

class SingleLinkageTreeTest {

  @Test
  void mergesInScipyLinkageLayout() {
    MutualReachabilityMst mst = new MutualReachabilityMst(
        new int[] {0, 3, 1, 4, 2}, new int[] {1, 4, 2, 5, 3}, new double[] {1, 2, 2.5, 3.5, 6.5});
    SingleLinkageTree tree = SingleLinkageTree.fromSortedMst(mst);
    assertArrayEquals(new int[] {0, 3, 6, 7, 8}, tree.left());
    assertArrayEquals(new int[] {1, 4, 2, 5, 9}, tree.right());
    assertArrayEquals(new double[] {1, 2, 2.5, 3.5, 6.5}, tree.distance(), 0);
    assertArrayEquals(new int[] {2, 2, 3, 3, 6}, tree.size());
  }
}
