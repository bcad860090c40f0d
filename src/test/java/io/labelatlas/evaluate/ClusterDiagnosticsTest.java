package io.labelatlas.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterDiagnosticsTest {
  static final double TOLERANCE = 1e-12;

  static ContingencyTable table(AuditCases.Block c) {
    String[] truth = c.tokens("true", 1);
    int[] pred = c.ints("pred");
    if (c.one("true")[1].equals("int")) return ContingencyTable.fromLabels(AgreementMetricsTest.ints(truth), pred);
    return ContingencyTable.fromLabels(truth, pred);
  }

  @Test
  void matchesNumpyOnGoldenCases() {
    List<AuditCases.Block> cases = AuditCases.blocks("diagnostics");
    assertEquals(5, cases.size());
    for (AuditCases.Block c : cases) {
      ContingencyTable t = table(c);
      assertEquals(c.value("micro_purity"), ClusterDiagnostics.microPurity(t), TOLERANCE, c.name());
      assertEquals(c.value("macro_purity"), ClusterDiagnostics.macroPurity(t), TOLERANCE, c.name());
      assertEquals(c.value("macro_purity"), TableMetric.MACRO_PURITY.of(t), TOLERANCE, c.name());

      List<ClusterDiagnostics.ClusterProfile> profiles = ClusterDiagnostics.profiles(t);
      List<String[]> clusters = c.all("cluster");
      assertEquals(clusters.size(), profiles.size(), c.name());
      for (int j = 0; j < profiles.size(); j++) {
        String[] e = clusters.get(j);
        ClusterDiagnostics.ClusterProfile p = profiles.get(j);
        String where = c.name() + " cluster " + e[1];
        assertEquals(Long.parseLong(e[1]), p.cluster(), where);
        assertEquals(Long.parseLong(e[2]), p.size(), where);
        assertEquals(e[3], p.majorityLabel(), where);
        assertEquals(Long.parseLong(e[4]), p.majorityCount(), where);
        assertEquals(Double.parseDouble(e[5]), p.purity(), TOLERANCE, where);
        assertEquals(Double.parseDouble(e[6]), p.entropy(), TOLERANCE, where);
      }

      double minShare = Double.parseDouble(c.header()[1]);
      List<ClusterDiagnostics.ClassSpread> spreads = ClusterDiagnostics.classSpread(t, minShare);
      List<String[]> classes = c.all("class");
      assertEquals(classes.size(), spreads.size(), c.name());
      for (int i = 0; i < spreads.size(); i++) {
        String[] e = classes.get(i);
        ClusterDiagnostics.ClassSpread s = spreads.get(i);
        String where = c.name() + " class " + e[1];
        assertEquals(e[1], s.label(), where);
        assertEquals(Long.parseLong(e[2]), s.size(), where);
        assertEquals(Integer.parseInt(e[3]), s.clustersAtMinShare(), where);
        assertEquals(Double.parseDouble(e[4]), s.entropy(), TOLERANCE, where);
        assertEquals(Long.parseLong(e[5]), s.mainCluster(), where);
        assertEquals(Double.parseDouble(e[6]), s.mainClusterShare(), TOLERANCE, where);
      }

      double[] balance = c.doubles("balance");
      LabelBalance b = LabelBalance.of(t);
      assertEquals((int) balance[0], b.classes(), c.name());
      assertEquals((long) balance[1], b.n(), c.name());
      assertEquals((long) balance[2], b.largest(), c.name());
      assertEquals((long) balance[3], b.smallest(), c.name());
      assertEquals(balance[4], b.imbalanceRatio(), TOLERANCE, c.name());
      assertEquals(balance[5], b.giniCoefficient(), TOLERANCE, c.name());
      assertEquals(balance[6], b.giniImpurity(), TOLERANCE, c.name());
      assertEquals(balance[7], b.entropy(), TOLERANCE, c.name());
    }
  }

  @Test
  void microAndMacroPurityWeighClustersDifferently() {
    // One clean cluster of 90 and one 50/50 cluster of 10: micro (90 + 5) / 100, macro (1 + 0.5) / 2.
    ContingencyTable t = ContingencyTable.builder().add("a", 0, 90).add("a", 1, 5).add("b", 1, 5).build();
    assertEquals(0.95, ClusterDiagnostics.microPurity(t), 1e-15);
    assertEquals(0.75, ClusterDiagnostics.macroPurity(t), 1e-15);
    assertEquals(AgreementMetrics.purity(t), ClusterDiagnostics.microPurity(t), 0.0);
  }

  @Test
  void bestAndWorstSkipNoiseAndSmallClustersAndBreakTiesBySize() {
    ContingencyTable t = ContingencyTable.builder()
        .add("a", -1, 50) // noise: pure but never ranked
        .add("a", 1, 30).add("b", 2, 10) // two pure clusters: the larger ranks first
        .add("a", 3, 2) // pure but below minSize
        .add("a", 4, 6).add("b", 4, 4) // 0.6
        .add("a", 5, 5).add("b", 5, 5) // 0.5
        .build();
    List<ClusterDiagnostics.ClusterProfile> profiles = ClusterDiagnostics.profiles(t);
    assertTrue(profiles.get(0).isNoise());
    List<ClusterDiagnostics.ClusterProfile> best = ClusterDiagnostics.best(profiles, 3, 5);
    assertEquals(List.of(1L, 2L, 4L), best.stream().map(ClusterDiagnostics.ClusterProfile::cluster).toList());
    List<ClusterDiagnostics.ClusterProfile> worst = ClusterDiagnostics.worst(profiles, 2, 5);
    assertEquals(List.of(5L, 4L), worst.stream().map(ClusterDiagnostics.ClusterProfile::cluster).toList());
    assertEquals(5, ClusterDiagnostics.best(profiles, 10, 1).size());
    assertEquals(Math.log(2), profiles.get(profiles.size() - 1).entropy(), 1e-15);
  }

  @Test
  void classSpreadCountsClustersAtTheShareBoundary() {
    // 3 of 30 is exactly 10%: it counts (a share test, not a product that rounds up).
    ContingencyTable t = ContingencyTable.builder().add("a", 0, 27).add("a", 1, 3).build();
    ClusterDiagnostics.ClassSpread s = ClusterDiagnostics.classSpread(t, 0.1).get(0);
    assertEquals(2, s.clustersAtMinShare());
    assertEquals(0L, s.mainCluster());
    assertEquals(0.9, s.mainClusterShare(), 1e-15);
    assertEquals(1, ClusterDiagnostics.classSpread(t, 0.11).get(0).clustersAtMinShare());
  }

  @Test
  void rejectsBadInput() {
    ContingencyTable empty = ContingencyTable.fromLabels(new int[0], new int[0]);
    assertThrows(IllegalArgumentException.class, () -> ClusterDiagnostics.profiles(empty));
    assertThrows(IllegalArgumentException.class, () -> ClusterDiagnostics.macroPurity(null));
    ContingencyTable t = ContingencyTable.fromLabels(new int[] {0, 1}, new int[] {0, 0});
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ClusterDiagnostics.classSpread(t, 0));
    assertTrue(e.getMessage().contains("minShare"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> ClusterDiagnostics.best(ClusterDiagnostics.profiles(t), -1, 1));
    assertTrue(e.getMessage().contains(">= 0"), e.getMessage());
  }
}
