package io.labelatlas.evaluate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class NoiseTreatmentTest {
  static final int[] CLASSES = {0, 0, 0, 1, 1, 1, 2, 2, 0, 1};
  static final int[] CLUSTERS = {5, 5, 5, 6, 6, 6, 6, -1, -1, -2};

  @Test
  void clusteredOnlyScoresTheClusteredPointsAndReportsCoverage() {
    NoiseTreatment.BothWays<AgreementScores> both = NoiseTreatment.agreement(CLASSES, CLUSTERS);
    assertEquals(0.7, both.coverage(), 1e-15);
    assertEquals(7, both.clustered());
    assertEquals(3, both.noise());
    int[] kept = {0, 1, 2, 3, 4, 5, 6};
    AgreementScores expected = AgreementMetrics.score(ContingencyTable.fromLabels(
        Arrays.stream(kept).map(i -> CLASSES[i]).toArray(), Arrays.stream(kept).map(i -> CLUSTERS[i]).toArray()));
    assertEquals(expected, both.clusteredOnly());
    assertEquals(6.0 / 7, both.clusteredOnly().purity(), 1e-15);
  }

  @Test
  void noiseAsOneClusterMergesEveryNegativeIdIntoMinusOne() {
    NoiseTreatment.BothWays<AgreementScores> both = NoiseTreatment.agreement(CLASSES, CLUSTERS);
    int[] merged = Arrays.stream(CLUSTERS).map(c -> c < 0 ? -1 : c).toArray();
    assertEquals(AgreementMetrics.score(ContingencyTable.fromLabels(CLASSES, merged)), both.noiseAsOneCluster());
    assertArrayEquals(merged, NoiseTreatment.NOISE_AS_ONE_CLUSTER.labels(CLUSTERS));
    ContingencyTable table = NoiseTreatment.NOISE_AS_ONE_CLUSTER.apply(ContingencyTable.fromLabels(CLASSES, CLUSTERS));
    assertArrayEquals(new long[] {-1, 5, 6}, table.clusterIds());
    // Purity with noise as one cluster: clusters 5 (3 of class 0), 6 (3 of 1), noise {2, 0, 1} (1): 7 / 10.
    assertEquals(0.7, both.noiseAsOneCluster().purity(), 1e-15);
  }

  @Test
  void indicesAndLabelsOfEachTreatment() {
    assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6}, NoiseTreatment.CLUSTERED_ONLY.sampleIndices(CLUSTERS));
    assertArrayEquals(new int[] {5, 5, 5, 6, 6, 6, 6}, NoiseTreatment.CLUSTERED_ONLY.labels(CLUSTERS));
    assertEquals(10, NoiseTreatment.NOISE_AS_ONE_CLUSTER.sampleIndices(CLUSTERS).length);
    assertEquals(0.7, NoiseTreatment.coverage(CLUSTERS), 1e-15);
  }

  @Test
  void geometricMetricsBothWaysAndUndefinedCases() {
    double[][] x = {{0}, {1}, {10}, {11}, {50}};
    int[] clusters = {0, 0, 1, 1, -1};
    NoiseTreatment.BothWays<Double> db = NoiseTreatment.daviesBouldin(x, clusters);
    assertEquals(DaviesBouldin.score(Arrays.copyOf(x, 4), new int[] {0, 0, 1, 1}), db.clusteredOnly(), 0.0);
    assertEquals(DaviesBouldin.score(x, new int[] {0, 0, 1, 1, -1}), db.noiseAsOneCluster(), 0.0);
    assertEquals(0.8, db.coverage(), 1e-15);
    NoiseTreatment.BothWays<Double> silhouette = NoiseTreatment.silhouette(x, clusters);
    assertEquals(Silhouette.score(Arrays.copyOf(x, 4), new int[] {0, 0, 1, 1}), silhouette.clusteredOnly(), 0.0);
    // One cluster plus noise: undefined on the clustered points, defined with noise as a cluster.
    NoiseTreatment.BothWays<Double> one = NoiseTreatment.daviesBouldin(x, new int[] {0, 0, 0, 0, -1});
    assertNull(one.clusteredOnly());
    assertEquals(DaviesBouldin.score(x, new int[] {0, 0, 0, 0, -1}), one.noiseAsOneCluster(), 0.0);
    // All noise.
    NoiseTreatment.BothWays<AgreementScores> none = NoiseTreatment.agreement(new int[] {0, 1}, new int[] {-1, -1});
    assertNull(none.clusteredOnly());
    assertEquals(0.0, none.coverage(), 0.0);
  }

  @Test
  void rejectsBadInput() {
    assertThrows(IllegalArgumentException.class, () -> NoiseTreatment.coverage(null));
    assertThrows(IllegalArgumentException.class, () -> NoiseTreatment.coverage(new int[0]));
    assertThrows(IllegalArgumentException.class,
        () -> NoiseTreatment.daviesBouldin(new double[][] {{0}}, new int[] {0, 1}));
  }
}
