package io.labelatlas.cluster.hdbscan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Compares {@link Hdbscan} with R dbscan 1.1-11's {@code hdbscan(x, minPts)} on the data sets of
 * {@code golden/hdbscan/generate.R}. R uses one {@code minPts} for both parameters, so it is our
 * {@code fit(x, minPts, minPts, EOM, 0, false)}.
 */
class HdbscanGoldenTest {

  @ParameterizedTest
  @ValueSource(strings = {"blobs2d", "blobs2d_large", "blobs5d", "moons", "blobs2d_small_minpts"})
  void matchesR(String name) throws IOException {
    RHdbscanGolden golden = RHdbscanGolden.load(name);
    HdbscanResult result = Hdbscan.fit(golden.points(), golden.minPts(), golden.minPts(), SelectionMethod.EOM, 0, false);

    assertArrayEquals(golden.coreDistances(), result.coreDistances(), 1e-9, "core distances");
    LabelComparison.assertSameUpToRenaming(golden.rCluster(), result.labels());
    assertArrayEquals(rMembershipProb(result.labels(), result.coreDistances()), golden.membershipProb(), 1e-9,
        "R's core-distance membership_prob recomputed from our labels");
  }

  /** R's {@code minPts} counts the point itself, as our {@code minSamples}: only that value reproduces R's core distances. */
  @ParameterizedTest
  @ValueSource(strings = {"blobs2d", "blobs5d", "blobs2d_small_minpts"})
  void rMinPtsIsOurMinSamplesAndMinClusterSize(String name) throws IOException {
    RHdbscanGolden golden = RHdbscanGolden.load(name);
    java.util.List<Integer> matching = new java.util.ArrayList<>();
    for (int minSamples = Math.max(1, golden.minPts() - 2); minSamples <= golden.minPts() + 2; minSamples++) {
      double[] core = CoreDistances.compute(golden.points(), minSamples);
      boolean same = true;
      for (int i = 0; i < core.length; i++) {
        same &= Math.abs(core[i] - golden.coreDistances()[i]) < 1e-9;
      }
      if (same) {
        matching.add(minSamples);
      }
    }
    assertEquals(java.util.List.of(golden.minPts()), matching);
  }

  /**
   * Where R parts from HDBSCAN* ({@link RDbscanClusterTree}), on ten points on a line with minPts 3. Clusters: A =
   * {2.5, 18.7, 23.2} and B = the other seven, born at distance 33.8; B splits at 15.7 into C = {57, 59.4, 66} and D =
   * {81.7 .. 99.3}. In D, 81.7 leaves at 14.3 and at 12.8 the rest falls apart into {99.3} and {86.5, 96}, both
   * smaller than 3: HDBSCAN* ends D there (stability 0.0495), so C + D = 0.1918 < B = 0.2388 and B is chosen. R keeps
   * 86.5 and 96 in D until they part at 9.5, scores D 0.1038 and picks C and D. R's answer, from {@code Rscript -e
   * 'library(dbscan); h <- hdbscan(matrix(c(2.5, 18.7, 23.2, 57, 59.4, 66, 81.7, 86.5, 96, 99.3)), 3);
   * print(h$cluster); print(h$cluster_scores)'} with dbscan 1.1-11: clusters 3 3 3 2 2 2 1 1 1 1, scores 0.10380432
   * 0.14225053 0.05617014.
   */
  @Test
  void rKeepsLeafPointsAfterTheLeafFallsApart() {
    double[] line = {2.5, 18.7, 23.2, 57.0, 59.4, 66.0, 81.7, 86.5, 96.0, 99.3};
    double[][] points = new double[line.length][];
    for (int i = 0; i < line.length; i++) {
      points[i] = new double[] {line[i]};
    }
    HdbscanResult ours = Hdbscan.fit(points, 3, 3, SelectionMethod.EOM, 0, false);

    assertArrayEquals(new int[] {0, 0, 0, 1, 1, 1, 1, 1, 1, 1}, ours.labels());
    double a = 3 * (1 / 20.7 - 1 / 33.8);
    double b = 7 * (1 / 15.7 - 1 / 33.8);
    double c = 3 * (1 / 9.0 - 1 / 15.7);
    double d = (1 / 14.3 - 1 / 15.7) + 3 * (1 / 12.8 - 1 / 15.7);
    double[] stability = ClusterSelection.stability(ours.condensedTree());
    assertArrayEquals(new double[] {a, b, c, d}, java.util.Arrays.copyOfRange(stability, 11, 15), 1e-12);

    MutualReachabilityMst mst = MutualReachabilityMst.compute(points, ours.coreDistances());
    RDbscanClusterTree r = RDbscanClusterTree.of(SingleLinkageTree.fromSortedMst(mst), 3);
    LabelComparison.assertSameUpToRenaming(new int[] {3, 3, 3, 2, 2, 2, 1, 1, 1, 1}, r.labels());
    double rD = (1 / 14.3 - 1 / 15.7) + (1 / 12.8 - 1 / 15.7) + 2 * (1 / 9.5 - 1 / 15.7);
    assertEquals(0.10380432, rD, 1e-8, "R's cluster_scores for D");
    double[] rSorted = r.stability().clone();
    java.util.Arrays.sort(rSorted);
    assertArrayEquals(new double[] {a, rD, c, b}, java.util.Arrays.copyOfRange(rSorted, 1, 5), 1e-12,
        "R's stabilities: only the leaf D changes (the root, first, is never selected)");
  }

  /**
   * dbscan 1.1-11's {@code membership_prob}: {@code (max core - core) / max core} within each cluster, not hdbscan's
   * lambda ratio, so we check that our labels and core distances give R's numbers under R's definition.
   */
  static double[] rMembershipProb(int[] labels, double[] core) {
    double[] maxCore = new double[labels.length + 1];
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] >= 0) {
        maxCore[labels[i]] = Math.max(maxCore[labels[i]], core[i]);
      }
    }
    double[] prob = new double[labels.length];
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] >= 0) {
        prob[i] = (maxCore[labels[i]] - core[i]) / maxCore[labels[i]];
      }
    }
    return prob;
  }
}
