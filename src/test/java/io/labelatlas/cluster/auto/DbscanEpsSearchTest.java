package io.labelatlas.cluster.auto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.labelatlas.cluster.auto.DbscanEpsSearch.Candidate;
import io.labelatlas.cluster.dbscan.Dbscan;
import io.labelatlas.cluster.dbscan.KDistanceCurve;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class DbscanEpsSearchTest {
  private static final double NAN = Double.NaN;

  @Test
  void aUsableKneeIsKeptEvenWhenAMultipleScoresHigher() {
    List<Candidate> candidates = List.of(
        new Candidate(1, 1.0, 3, 0.2, NAN),
        new Candidate(0.5, 0.5, 5, 0.3, 0.9),
        new Candidate(0.75, 0.75, 4, 0.1, 0.8),
        new Candidate(1.5, 1.5, 2, 0.0, 0.7),
        new Candidate(2, 2.0, 1, 0.0, NAN));
    assertEquals(0, DbscanEpsSearch.choose(candidates));
  }

  @Test
  void aDegenerateKneeGivesWayToTheBestNonDegenerateSilhouette() {
    List<Candidate> oneCluster = List.of(
        new Candidate(1, 1.0, 1, 0.01, NAN),
        new Candidate(0.5, 0.5, 3, 0.2, 0.6),
        new Candidate(0.75, 0.75, 2, 0.1, 0.7),
        new Candidate(1.5, 1.5, 1, 0.0, NAN),
        new Candidate(2, 2.0, 4, 0.6, 0.95)); // best silhouette, but mostly noise
    assertEquals(2, DbscanEpsSearch.choose(oneCluster));
    List<Candidate> mostlyNoise = List.of(
        new Candidate(1, 1.0, 6, 0.7, NAN),
        new Candidate(0.5, 0.5, 2, 0.9, NAN),
        new Candidate(0.75, 0.75, 4, 0.8, NAN),
        new Candidate(1.5, 1.5, 3, 0.4, 0.3),
        new Candidate(2, 2.0, 2, 0.2, 0.5));
    assertEquals(4, DbscanEpsSearch.choose(mostlyNoise));
  }

  @Test
  void withNothingUsableTheKneeStays() {
    List<Candidate> candidates = List.of(
        new Candidate(1, 1.0, 1, 0.0, NAN),
        new Candidate(0.5, 0.5, 0, 1.0, NAN),
        new Candidate(2, 2.0, 1, 0.0, NAN));
    assertEquals(0, DbscanEpsSearch.choose(candidates));
  }

  @Test
  void farOutliersPushTheKneeIntoTheBackgroundAndHalfTheKneeSeparatesTheBlobs() {
    double[][] points = ClusterTestData.blobsWithBackgroundAndFarOutliers();
    double knee = KDistanceCurve.kneeEps(KDistanceCurve.compute(points, 5));
    assertEquals(1, Dbscan.fit(points, knee, 5).clusterCount());
    DbscanEpsSearch.Result result = DbscanEpsSearch.search(points, 5, knee, 500, 1);
    assertEquals(5, result.candidates().size());
    assertEquals(knee * 0.5, result.eps(), 1e-12);
    assertEquals(3, Arrays.stream(result.labels()).filter(l -> l >= 0).distinct().count());
    // Most of each blob lands in its own cluster.
    for (int blob = 0; blob < 3; blob++) {
      int[] counts = new int[3];
      for (int i = blob * 80; i < (blob + 1) * 80; i++) if (result.labels()[i] >= 0) counts[result.labels()[i]]++;
      assertTrue(Arrays.stream(counts).max().getAsInt() >= 70, "blob " + blob + ": " + Arrays.toString(counts));
    }
    assertTrue(result.evidence().contains("x0.5 eps") && result.evidence().contains("chosen"), result.evidence());
    assertTrue(result.evidence().length() <= 1000, result.evidence());
  }

  @Test
  void aZeroKneeIsRefusedWithAHint() {
    double[][] same = new double[10][];
    Arrays.fill(same, new double[] {1, 2});
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> DbscanEpsSearch.search(same, 5, 0.0, 100, 1));
    assertTrue(e.getMessage().contains("cluster.dbscan.eps"), e.getMessage());
  }
}
