package io.labelatlas.cluster.hdbscan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
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
