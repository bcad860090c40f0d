package io.labelatlas.cluster.hdbscan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

/** Expected values worked by hand from {@link SixPoints}; see {@link CondensedTreeTest} for the tree. */
class ClusterSelectionTest {

  @Test
  void stabilityIsLambdaAboveBirthTimesSize() {
    double[] stability = ClusterSelection.stability(SixPoints.condensed(2));
    double birth = 1 / 6.5;
    assertArrayEquals(new double[] {6 * birth, (0.4 - birth) + 2 * (1 - birth), (1 / 3.5 - birth) + 2 * (0.5 - birth)},
        new double[] {stability[6], stability[7], stability[8]}, 1e-12);
  }

  @Test
  void excessOfMassPicksBothHalves() {
    ClusterSelection selection = ClusterSelection.select(SixPoints.condensed(2), SelectionMethod.EOM, 0, false);
    assertArrayEquals(new int[] {7, 8}, selection.selectedClusters());
    assertArrayEquals(new int[] {0, 0, 0, 1, 1, 1}, selection.labels());
    // lambda at which each point left over the cluster's largest lambda: point 2 left at 0.4 of 1, point 5 at 2/7 of 0.5.
    assertArrayEquals(new double[] {1, 1, 0.4, 1, 1, 4.0 / 7}, selection.probabilities(), 1e-12);
  }

  @Test
  void leafSelectionTakesTheLeaves() {
    ClusterSelection selection = ClusterSelection.select(SixPoints.condensed(2), SelectionMethod.LEAF, 0, false);
    assertArrayEquals(new int[] {7, 8}, selection.selectedClusters());
    assertArrayEquals(new int[] {0, 0, 0, 1, 1, 1}, selection.labels());
  }

  @Test
  void withoutSplitsEverythingIsNoiseUnlessASingleClusterIsAllowed() {
    CondensedTree tree = SixPoints.condensed(4);
    assertArrayEquals(new int[] {-1, -1, -1, -1, -1, -1},
        ClusterSelection.select(tree, SelectionMethod.EOM, 0, false).labels());
    ClusterSelection single = ClusterSelection.select(tree, SelectionMethod.EOM, 0, true);
    assertArrayEquals(new int[] {6}, single.selectedClusters());
    assertArrayEquals(new int[] {0, 0, 0, 0, 0, 0}, single.labels());
    assertArrayEquals(new double[] {1, 1, 1, 1, 1, 1}, single.probabilities(), 1e-12);
  }

  @Test
  void epsilonMergesClustersBornBelowItOnlyIntoAnAllowedRoot() {
    CondensedTree tree = SixPoints.condensed(2);
    // Both clusters are born at distance 6.5 < 7; their parent is the root, so they stay unless the root may be chosen.
    assertArrayEquals(new int[] {7, 8}, ClusterSelection.select(tree, SelectionMethod.EOM, 7, false).selectedClusters());
    ClusterSelection merged = ClusterSelection.select(tree, SelectionMethod.LEAF, 7, true);
    assertArrayEquals(new int[] {6}, merged.selectedClusters());
    assertArrayEquals(new int[] {0, 0, 0, 0, 0, 0}, merged.labels());
    assertArrayEquals(new int[] {7, 8}, ClusterSelection.select(tree, SelectionMethod.EOM, 6, true).selectedClusters());
  }
}
