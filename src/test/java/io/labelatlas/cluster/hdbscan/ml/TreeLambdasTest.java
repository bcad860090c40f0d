package io.labelatlas.cluster.hdbscan.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.labelatlas.cluster.hdbscan.CondensedTree;
import org.junit.jupiter.api.Test;

class TreeLambdasTest {
  /**
   * Seven points, root 7 splitting at lambda 0.5 into clusters 8 (points 0-2) and 9 (points 3-5); point 6 falls out
   * of the root at 0.3.
   */
  private static final CondensedTree TREE = new CondensedTree(7,
      new int[] {7, 7, 7, 8, 8, 8, 9, 9, 9},
      new int[] {6, 8, 9, 0, 1, 2, 3, 4, 5},
      new double[] {0.3, 0.5, 0.5, 1.0, 2.0, 2.0, 0.8, 4.0, 4.0},
      new int[] {1, 3, 3, 1, 1, 1, 1, 1, 1});

  @Test
  void lambdasOfTwoSelectedLeaves() {
    TreeLambdas lambdas = TreeLambdas.of(TREE, new int[] {8, 9});
    assertArrayEquals(new double[] {1.0, 2.0, 2.0, 0.8, 4.0, 4.0, 0.3}, lambdas.exitLambdas());
    // The root's largest lambda comes from below it (cluster 9), as GLOSH's lambda_max.
    assertArrayEquals(new double[] {2.0, 2.0, 2.0, 4.0, 4.0, 4.0, 4.0}, lambdas.exitClusterMaxLambdas());
    assertArrayEquals(new double[] {0.5, 0.5}, lambdas.clusterBirthLambdas());
    assertArrayEquals(new double[] {2.0, 4.0}, lambdas.clusterMaxLambdas());
  }

  @Test
  void theRootAsTheOnlyClusterIsBornAtZeroAndCountsOnlyItsOwnRows() {
    TreeLambdas lambdas = TreeLambdas.of(TREE, new int[] {7});
    assertArrayEquals(new double[] {0.0}, lambdas.clusterBirthLambdas());
    assertArrayEquals(new double[] {0.5}, lambdas.clusterMaxLambdas());
  }

  @Test
  void rejectsAPointIdAsASelectedCluster() {
    assertThrows(IllegalArgumentException.class, () -> TreeLambdas.of(TREE, new int[] {3}));
  }
}
