package io.labelatlas.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * DBCV has no live reference here (the hdbscan package's validity_index cannot be installed, R's dbscan 1.1-11 has
 * none): hand-computed cases, invariants, and the numpy transcription in generate.py.
 */
class DbcvTest {
  @Test
  void twoLinesOfThreePointsByHand() {
    // Cluster {0, 1, 2} in 1-d: core distances (mean of 1/d over the other two)^-1 = 4/3, 1, 4/3; mutual
    // reachability 0-1 and 1-2 = 4/3, 0-2 = 2; MST 0-1-2 with one internal node (1) and no internal edge, so the
    // sparseness is the largest MST edge, 4/3. Separation from {10, 11, 12}: internal nodes 1 and 11 (core 1) at
    // distance 10. V = (10 - 4/3) / 10 = 13/15 for both clusters.
    double[][] x = {{0}, {1}, {2}, {10}, {11}, {12}};
    Dbcv.Result r = Dbcv.evaluate(x, new int[] {0, 0, 0, 1, 1, 1});
    assertEquals(13.0 / 15, r.score(), 1e-15);
    Dbcv.ClusterValidity a = r.clusters().get(0);
    assertEquals(4.0 / 3, a.sparseness(), 1e-15);
    assertEquals(10.0, a.separation(), 1e-15);
    assertEquals(0, r.noise());
    // Two noise points count in n only: 6 / 8 of the score.
    double[][] withNoise = {{0}, {1}, {2}, {10}, {11}, {12}, {5}, {30}};
    assertEquals(6.0 / 8 * 13 / 15, Dbcv.score(withNoise, new int[] {0, 0, 0, 1, 1, 1, -1, -1}), 1e-15);
  }

  @Test
  void aTwoPointClusterUsesAllItsNodesAndEdges() {
    // {0, 1}: both core distances 1, one MST edge of 1, no internal node. {5, 6, 7}: sparseness 4/3, internal node 6.
    // Separation = min(max(1, 1, 6), max(1, 1, 5)) = 5; V = 4/5 and 11/15; DBCV = 2/5 * 4/5 + 3/5 * 11/15 = 0.76.
    double[][] x = {{0}, {1}, {5}, {6}, {7}};
    Dbcv.Result r = Dbcv.evaluate(x, new int[] {3, 3, 8, 8, 8});
    assertEquals(0.8, r.clusters().get(0).validity(), 1e-15);
    assertEquals(11.0 / 15, r.clusters().get(1).validity(), 1e-15);
    assertEquals(0.76, r.score(), 1e-15);
    assertEquals(List.of(3, 8), r.clusters().stream().map(Dbcv.ClusterValidity::cluster).toList());
  }

  @Test
  void coreDistanceFollowsThePaperInTwoDimensions() {
    // A point with neighbours at distances 1, 2 and 2 in 2-d: ((1 + 1/4 + 1/4) / 3)^(-1/2) = sqrt(2).
    double[][] x = {{0, 0}, {1, 0}, {0, 2}, {-2, 0}};
    double[] core = new double[4];
    Dbcv.coreDistances(x, new int[] {0, 1, 2, 3}, 2, core);
    assertEquals(Math.sqrt(2), core[0], 1e-15);
    // A duplicate makes the density infinite: core distance 0.
    double[][] twice = {{0, 0}, {0, 0}, {1, 1}};
    Dbcv.coreDistances(twice, new int[] {0, 1, 2}, 2, core);
    assertEquals(0.0, core[0], 0.0);
    assertEquals(0.0, core[1], 0.0);
    assertEquals(1 / Math.sqrt(1 / 2.0 / 2 + 1 / 2.0 / 2), core[2], 1e-15);
  }

  @Test
  void matchesTheNumpyTranscription() {
    List<AuditCases.Block> cases = AuditCases.blocks("dbcv");
    assertEquals(3, cases.size());
    for (AuditCases.Block c : cases) {
      Dbcv.Result r = Dbcv.evaluate(c.points(), c.pointLabels());
      assertEquals(c.value("dbcv"), r.score(), 1e-12, c.name());
      List<String[]> clusters = c.all("dbcv_cluster");
      assertEquals(clusters.size(), r.clusters().size(), c.name());
      for (int k = 0; k < clusters.size(); k++) {
        String[] e = clusters.get(k);
        Dbcv.ClusterValidity v = r.clusters().get(k);
        assertEquals(Integer.parseInt(e[1]), v.cluster(), c.name());
        assertEquals(Integer.parseInt(e[2]), v.size(), c.name());
        assertEquals(Double.parseDouble(e[3]), v.sparseness(), 1e-12, c.name() + " sparseness of " + e[1]);
        assertEquals(Double.parseDouble(e[4]), v.separation(), 1e-12, c.name() + " separation of " + e[1]);
        assertEquals(Double.parseDouble(e[5]), v.validity(), 1e-12, c.name() + " validity of " + e[1]);
      }
    }
  }

  @Test
  void invariantUnderScalingTranslationRotationAndRenaming() {
    SplittableRandom random = new SplittableRandom(5);
    double[][] x = blobs(random, 120, 3, 1.5);
    int[] labels = new int[x.length];
    for (int i = 0; i < x.length; i++) labels[i] = random.nextDouble() < 0.1 ? -1 : i % 3;
    double score = Dbcv.score(x, labels);
    double angle = 0.7;
    double[][] moved = new double[x.length][];
    for (int i = 0; i < x.length; i++) {
      double u = x[i][0], v = x[i][1];
      double rotatedU = Math.cos(angle) * u - Math.sin(angle) * v;
      double rotatedV = Math.sin(angle) * u + Math.cos(angle) * v;
      moved[i] = new double[] {7.5 * rotatedU + 100, 7.5 * rotatedV - 3};
    }
    assertEquals(score, Dbcv.score(moved, labels), 1e-12);
    int[] renamed = Arrays.stream(labels).map(l -> l < 0 ? -7 : new int[] {40, 2, 19}[l]).toArray();
    assertEquals(score, Dbcv.score(x, renamed), 1e-15);
  }

  @Test
  void separatedBlobsScoreHighAndRandomLabelsLow() {
    SplittableRandom random = new SplittableRandom(9);
    double[][] x = blobs(random, 150, 3, 0.5);
    int[] byBlob = new int[x.length];
    int[] shuffled = new int[x.length];
    for (int i = 0; i < x.length; i++) {
      byBlob[i] = i % 3;
      shuffled[i] = random.nextInt(3);
    }
    Dbcv.Result good = Dbcv.evaluate(x, byBlob);
    Dbcv.Result bad = Dbcv.evaluate(x, shuffled);
    assertTrue(good.score() > 0.7, "separated blobs: " + good.score());
    assertTrue(bad.score() < 0, "random labels: " + bad.score());
    for (Dbcv.ClusterValidity v : bad.clusters()) assertTrue(v.validity() >= -1 && v.validity() <= 1, v.toString());
  }

  @Test
  void highDimensionNeitherOverflowsNorUnderflows() {
    SplittableRandom random = new SplittableRandom(2);
    int d = 768;
    double[][] x = new double[40][d];
    int[] labels = new int[40];
    for (int i = 0; i < x.length; i++) {
      labels[i] = i % 2;
      for (int t = 0; t < d; t++) x[i][t] = (t == 0 ? 30 * labels[i] : 0) + 1e-3 * random.nextGaussian();
    }
    double score = Dbcv.score(x, labels);
    assertTrue(Double.isFinite(score) && score > 0.9, "well separated in 768-d: " + score);
  }

  @Test
  void rejectsUndefinedCases() {
    double[][] x = {{0}, {1}, {2}, {3}};
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Dbcv.score(x, new int[] {0, 0, 0, -1}));
    assertTrue(e.getMessage().contains("at least 2 clusters"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Dbcv.score(x, new int[] {0, 0, 0, 5}));
    assertTrue(e.getMessage().contains("cluster 5 holds 1"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Dbcv.score(x, new int[] {0, 1}));
  }

  static double[][] blobs(SplittableRandom random, int n, int k, double spread) {
    double[][] x = new double[n][2];
    for (int i = 0; i < n; i++) {
      int blob = i % k;
      x[i][0] = 10 * Math.cos(2 * Math.PI * blob / k) + spread * random.nextGaussian();
      x[i][1] = 10 * Math.sin(2 * Math.PI * blob / k) + spread * random.nextGaussian();
    }
    return x;
  }
}
