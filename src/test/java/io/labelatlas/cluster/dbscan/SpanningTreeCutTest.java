package io.labelatlas.cluster.dbscan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.labelatlas.cluster.hdbscan.CoreDistances;
import io.labelatlas.cluster.hdbscan.MutualReachabilityMst;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** DBSCAN* as the cut of the exact mutual-reachability MST equals {@link Dbscan} (scikit-learn) on core points. */
class SpanningTreeCutTest {
  /** Blobs of different spread plus uniform noise, so that core, border and noise points all occur. */
  private static double[][] blobs(int n, int dimension, long seed) {
    Random random = new Random(seed);
    int blobs = 3 + random.nextInt(3);
    double[][] centres = new double[blobs][dimension];
    for (double[] centre : centres) {
      for (int d = 0; d < dimension; d++) centre[d] = 10 * random.nextDouble();
    }
    double[][] points = new double[n][dimension];
    for (int i = 0; i < n; i++) {
      boolean noise = random.nextDouble() < 0.15;
      int blob = random.nextInt(blobs);
      for (int d = 0; d < dimension; d++) {
        points[i][d] = noise ? 12 * random.nextDouble() - 1
            : centres[blob][d] + (0.3 + 0.2 * blob) * random.nextGaussian();
      }
    }
    return points;
  }

  @Test
  void theCutOfTheExactTreeLabelsCorePointsAsDbscanDoes() {
    int compared = 0;
    for (long seed = 1; seed <= 8; seed++) {
      int dimension = 2 + (int) (seed % 3);
      double[][] points = blobs(150 + 25 * (int) seed, dimension, seed);
      for (int minSamples : new int[] {1, 3, 5, 10}) {
        double[] core = CoreDistances.compute(points, minSamples);
        MutualReachabilityMst tree = MutualReachabilityMst.compute(points, core);
        for (double eps : new double[] {0.3, 0.6, 1.0, 2.0}) {
          DbscanLabels exact = Dbscan.fit(points, eps, minSamples);
          DbscanLabels cut = SpanningTreeCut.cut(tree, core, eps);
          String where = "seed " + seed + ", minSamples " + minSamples + ", eps " + eps;
          assertArrayEquals(exact.coreSamples(), cut.coreSamples(), where);
          // Same numbering too: clusters in the order of their smallest core point, as scikit-learn starts them.
          assertArrayEquals(exact.coreOnly(), cut.labels(), where);
          assertEquals(exact.clusterCount(), cut.clusterCount(), where);
          compared++;
        }
      }
    }
    assertEquals(128, compared);
  }

  @Test
  void nonCorePointsAreNoiseAndMinSamplesOneMakesSingleLinkage() {
    double[][] points = {{0}, {0.5}, {1.0}, {5}, {5.4}, {20}};
    double[] core = CoreDistances.compute(points, 1);
    DbscanLabels cut = SpanningTreeCut.cut(MutualReachabilityMst.compute(points, core), core, 0.5);
    assertArrayEquals(new int[] {0, 0, 0, 1, 1, 2}, cut.labels());
    double[] core3 = CoreDistances.compute(points, 3);
    DbscanLabels three = SpanningTreeCut.cut(MutualReachabilityMst.compute(points, core3), core3, 0.5);
    // Only 0.5 has two other points within 0.5: a single core point is a cluster of its own; its neighbours are
    // border points, noise in DBSCAN*.
    assertArrayEquals(new int[] {-1, 0, -1, -1, -1, -1}, three.labels());
    assertTrue(three.coreSamples()[1]);
  }

  @Test
  void badEpsAndTooManyEdgesAreRefused() {
    double[] core = {0, 0};
    MutualReachabilityMst tree = new MutualReachabilityMst(new int[] {0}, new int[] {1}, new double[] {1});
    assertThrows(IllegalArgumentException.class, () -> SpanningTreeCut.cut(tree, core, 0));
    assertThrows(IllegalArgumentException.class, () -> SpanningTreeCut.cut(tree, core, Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> SpanningTreeCut.cut(tree, new double[] {0}, 1));
  }
}
