package io.labelatlas.cluster.hdbscan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

class GloshTest {

  @Test
  void scoreIsOneMinusLambdaOverTheClustersLargestLambda() {
    // Cluster 7 reaches lambda 1 (points 0, 1); point 2 left it at 0.4. Cluster 8 reaches 0.5; point 5 left at 2/7.
    assertArrayEquals(new double[] {0, 0, 0.6, 0, 0, 3.0 / 7}, Glosh.scores(SixPoints.condensed(2)), 1e-12);
  }

  @Test
  void theRootsLargestLambdaComesFromItsDescendants() {
    CondensedTree tree = new CondensedTree(3, new int[] {3, 3, 4, 4}, new int[] {0, 4, 1, 2},
        new double[] {0.1, 0.2, 0.8, 0.8}, new int[] {1, 2, 1, 1});
    assertArrayEquals(new double[] {1 - 0.1 / 0.8, 0, 0}, Glosh.scores(tree), 1e-12);
  }
}
