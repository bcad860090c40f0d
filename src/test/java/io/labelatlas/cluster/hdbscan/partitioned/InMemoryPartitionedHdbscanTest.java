package io.labelatlas.cluster.hdbscan.partitioned;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.labelatlas.cluster.hdbscan.CoreDistances;
import io.labelatlas.cluster.hdbscan.Hdbscan;
import io.labelatlas.cluster.hdbscan.HdbscanResult;
import io.labelatlas.cluster.hdbscan.SelectionMethod;
import io.labelatlas.evaluate.AgreementMetrics;
import io.labelatlas.evaluate.ContingencyTable;
import org.junit.jupiter.api.Test;

class InMemoryPartitionedHdbscanTest {

  static PartitionedHdbscanSettings settings(int minClusterSize, int minSamples, int leafSize, int trees,
      int sampleSize) {
    return new PartitionedHdbscanSettings(minClusterSize, minSamples, SelectionMethod.EOM, 0, false, leafSize, trees,
        sampleSize, 7);
  }

  /** Share of points whose core distance is more than {@code tolerance} (relative) above the exact one. */
  static double shareOff(double[] approximate, double[] exact, double tolerance) {
    int off = 0;
    for (int i = 0; i < exact.length; i++) {
      assertTrue(approximate[i] >= exact[i] * (1 - 1e-12), "point " + i + ": leaves only see some of the neighbours");
      off += approximate[i] > exact[i] * (1 + tolerance) ? 1 : 0;
    }
    return off / (double) exact.length;
  }

  @Test
  void oneLeafEqualsTheExactAlgorithm() {
    double[][] points = BlobsWithNoise.generate(600, 5, 4, 0.15, 4, 21);
    HdbscanResult exact = Hdbscan.fit(points, 15, 6, SelectionMethod.EOM, 0, false);
    InMemoryPartitionedHdbscan.Result partitioned = InMemoryPartitionedHdbscan.fit(points, settings(15, 6, 600, 3, 50));
    assertEquals(1.0, partitioned.diagnostics().get("leaves"));
    assertTrue(exact.numClusters() >= 3, "a test set with structure: " + exact.numClusters() + " clusters");
    assertArrayEquals(exact.labels(), partitioned.hdbscan().labels());
    assertArrayEquals(exact.probabilities(), partitioned.hdbscan().probabilities(), 0.0);
    assertArrayEquals(exact.outlierScores(), partitioned.hdbscan().outlierScores(), 0.0);
    assertArrayEquals(exact.coreDistances(), partitioned.hdbscan().coreDistances(), 0.0);
  }

  @Test
  void manyLeavesAgreeWithTheExactAlgorithm() {
    // Measured: ARI 0.9988; 7.3% of the core distances more than 10% above the exact ones, 0.9% more than 20%.
    double[][] points = BlobsWithNoise.generate(3000, 10, 6, 0.1, 5, 22);
    HdbscanResult exact = Hdbscan.fit(points, 30, 10, SelectionMethod.EOM, 0, false);
    InMemoryPartitionedHdbscan.Result partitioned = InMemoryPartitionedHdbscan.fit(points,
        settings(30, 10, 300, 2, 1000));
    assertTrue(partitioned.diagnostics().get("leaves") >= 20, "leaves: " + partitioned.diagnostics().get("leaves"));
    double ari = AgreementMetrics.ari(ContingencyTable.fromLabels(exact.labels(), partitioned.hdbscan().labels()));
    assertTrue(ari >= 0.98, "ARI " + ari);
    double off = shareOff(partitioned.hdbscan().coreDistances(), exact.coreDistances(), 0.10);
    assertTrue(off < 0.12, off + " of the core distances are more than 10% too large");
  }

  @Test
  void pointsInLeavesSmallerThanMinSamplesGetExactCoreDistances() {
    double[][] points = BlobsWithNoise.generate(400, 3, 3, 0.1, 5, 23);
    InMemoryPartitionedHdbscan.Result partitioned =
        InMemoryPartitionedHdbscan.fit(points, settings(10, 10, 10, 1, 400));
    double[] exact = CoreDistances.compute(points, 10);
    double shortLeafPoints = partitioned.diagnostics().get("short_leaf_points");
    assertTrue(shortLeafPoints > 0, "leaves of 5..10 points leave some points short of 9 neighbours");
    int exactOnes = 0;
    for (int i = 0; i < points.length; i++) {
      assertTrue(Double.isFinite(partitioned.hdbscan().coreDistances()[i]));
      exactOnes += partitioned.hdbscan().coreDistances()[i] == exact[i] ? 1 : 0;
    }
    assertTrue(exactOnes >= shortLeafPoints, exactOnes + " exact core distances");
    assertTrue(partitioned.diagnostics().get("components_joined") > 0, "one tree leaves its leaves apart");
    assertEquals(points.length, partitioned.hdbscan().labels().length);
  }

  @Test
  void rejectsBadPointsAndSettingsNamingThem() {
    PartitionedHdbscanSettings settings = settings(2, 2, 10, 1, 10);
    assertTrue(assertThrows(IllegalArgumentException.class, () -> InMemoryPartitionedHdbscan.fit(
        new double[][] {{0, 1}, {1, 2}, {1}}, settings)).getMessage().contains("'points' row 2 has 1 values"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> InMemoryPartitionedHdbscan.fit(
        new double[][] {{0, 1}, {Double.NaN, 2}}, settings)).getMessage().contains("'points' row 1 has NaN"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> InMemoryPartitionedHdbscan.fit(
        new double[][] {{0, 1}}, settings)).getMessage().contains("'minSamples' = 2 exceeds the 1 rows"));
    double[][] many = BlobsWithNoise.generate(1000, 2, 2, 0.1, 5, 1);
    assertTrue(assertThrows(IllegalArgumentException.class, () -> InMemoryPartitionedHdbscan.fit(many,
        settings(5, 5, 10, 1, 100))).getMessage().contains("'sampleSize' = 100 is too small"));
  }

  @Test
  void settingsRejectValuesNamingTheSetting() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> settings(1, 2, 10, 1, 10))
        .getMessage().contains("'minClusterSize'"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> settings(5, 0, 10, 1, 10))
        .getMessage().contains("'minSamples'"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> settings(5, 20, 10, 1, 10))
        .getMessage().contains("'leafSize' must be at least 2 and at least 'minSamples' = 20"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> settings(5, 5, 10, 0, 10))
        .getMessage().contains("'trees'"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> settings(5, 5, 10, 1, 1))
        .getMessage().contains("'sampleSize'"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new PartitionedHdbscanSettings(5, 5, null, 0,
        false, 10, 1, 10, 1)).getMessage().contains("'method'"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new PartitionedHdbscanSettings(5, 5,
        SelectionMethod.EOM, Double.NaN, false, 10, 1, 10, 1)).getMessage().contains("'epsilon'"));
  }
}
