package io.labelatlas.evaluate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ClusterStabilityTest {
  static final double[][] CENTRES = {{0, 0}, {10, 0}, {0, 10}, {10, 10}};

  static double[][] points(long seed, int n) {
    SplittableRandom random = new SplittableRandom(seed);
    double[][] x = new double[n][];
    for (int i = 0; i < n; i++) {
      double[] c = CENTRES[i % CENTRES.length];
      x[i] = new double[] {c[0] + random.nextGaussian(), c[1] + random.nextGaussian()};
    }
    return x;
  }

  static int nearestCentre(double[] p) {
    int best = 0;
    for (int c = 1; c < CENTRES.length; c++) {
      if (LabelledPoints.distance(p, CENTRES[c]) < LabelledPoints.distance(p, CENTRES[best])) best = c;
    }
    return best;
  }

  @Test
  void assignmentToFixedCentresIsPerfectlyStable() {
    double[][] x = points(1, 400);
    int[] labels = new int[x.length];
    for (int i = 0; i < x.length; i++) labels[i] = nearestCentre(x[i]) * 10 + 3; // ids need not be 0..k-1
    ClusterStability.Reclusterer nearest = indices -> {
      int[] fresh = new int[indices.length];
      for (int p = 0; p < indices.length; p++) fresh[p] = 100 - nearestCentre(x[indices[p]]); // other ids again
      return fresh;
    };
    for (ClusterStability.Resampling resampling : ClusterStability.Resampling.values()) {
      ClusterStability.Settings settings = new ClusterStability.Settings(30, resampling, 0.5, 0.5, 0.75, 7);
      List<ClusterStability.ClusterScore> scores = ClusterStability.assess(labels, nearest, settings);
      assertEquals(4, scores.size());
      for (ClusterStability.ClusterScore s : scores) {
        assertEquals(1.0, s.meanJaccard(), 0.0, resampling + " " + s);
        assertEquals(30, s.scored());
        assertEquals(30, s.recovered());
        assertEquals(0, s.dissolved());
      }
      assertEquals(List.of(3, 13, 23, 33), scores.stream().map(ClusterStability.ClusterScore::cluster).toList());
    }
  }

  @Test
  void randomLabelsAreUnstable() {
    double[][] x = points(2, 400);
    int[] labels = new int[x.length];
    for (int i = 0; i < x.length; i++) labels[i] = nearestCentre(x[i]);
    SplittableRandom random = new SplittableRandom(5);
    ClusterStability.Reclusterer noise = indices -> random.ints(indices.length, 0, 4).toArray();
    List<ClusterStability.ClusterScore> scores =
        ClusterStability.assess(labels, noise, ClusterStability.Settings.of(40, 3));
    for (ClusterStability.ClusterScore s : scores) {
      // Random 4-way labels: |C & D| ~ |C| / 4, union ~ 7 |C| / 4, Jaccard ~ 1/7 (a little more as the max of 4).
      assertTrue(s.meanJaccard() < 0.3, s.toString());
      assertEquals(40, s.dissolved(), s.toString());
      assertEquals(0, s.recovered(), s.toString());
    }
  }

  @Test
  void aClusterSplitInTwoHalvesItsJaccardAndNoiseOnlyEnlargesTheUnion() {
    int[] original = {0, 0, 0, 0, 1, 1, 1, 1};
    int[] indices = {0, 1, 2, 3, 4, 5, 6, 7};
    double[] split = ClusterStability.bestJaccard(original, 2, indices, new int[] {5, 5, 6, 6, 7, 7, 7, 7});
    assertArrayEquals(new double[] {0.5, 1.0}, split, 0.0);
    // Cluster 1 keeps 3 points and loses one to noise: 3 / 4.
    double[] withNoise = ClusterStability.bestJaccard(original, 2, indices, new int[] {5, 5, 5, 5, 7, 7, 7, -1});
    assertArrayEquals(new double[] {1.0, 0.75}, withNoise, 0.0);
    // Repeated draws count with multiplicity; a cluster not drawn is not scored.
    double[] repeated = ClusterStability.bestJaccard(original, 2, new int[] {0, 0, 1, 2}, new int[] {1, 1, 2, 2});
    assertEquals(0.5, repeated[0], 0.0);
    assertTrue(Double.isNaN(repeated[1]));
  }

  @Test
  void subsetResamplesDrawDistinctPoints() {
    int[] labels = new int[100];
    for (int i = 0; i < labels.length; i++) labels[i] = i % 2;
    ClusterStability.Reclusterer check = indices -> {
      assertEquals(30, indices.length);
      assertEquals(30, java.util.Arrays.stream(indices).distinct().count());
      return java.util.Arrays.stream(indices).map(i -> labels[i]).toArray();
    };
    ClusterStability.assess(labels, check, new ClusterStability.Settings(5, ClusterStability.Resampling.SUBSET, 0.3,
        0.5, 0.75, 1));
  }

  @Test
  void rejectsBadInput() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ClusterStability.Settings.of(0, 1));
    assertTrue(e.getMessage().contains("rounds"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new ClusterStability.Settings(5,
        ClusterStability.Resampling.SUBSET, 0.0, 0.5, 0.75, 1));
    assertThrows(IllegalArgumentException.class, () -> new ClusterStability.Settings(5,
        ClusterStability.Resampling.BOOTSTRAP, 0.5, 0.8, 0.75, 1));
    e = assertThrows(IllegalArgumentException.class,
        () -> ClusterStability.assess(new int[] {-1, -1}, i -> i, ClusterStability.Settings.of(5, 1)));
    assertTrue(e.getMessage().contains("noise"), e.getMessage());
    IllegalStateException s = assertThrows(IllegalStateException.class,
        () -> ClusterStability.assess(new int[] {0, 1}, i -> new int[1], ClusterStability.Settings.of(5, 1)));
    assertTrue(s.getMessage().contains("round 0"), s.getMessage());
  }
}
