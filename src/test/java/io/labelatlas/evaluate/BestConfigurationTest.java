package io.labelatlas.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BestConfigurationTest {
  private static final BootstrapSettings B199 = BootstrapSettings.of(199, 5);

  @Test
  void bestIsTheHighestFiniteValueAndTiesGoToTheFirst() {
    assertEquals(3, BestConfiguration.best(Arrays.asList(0.3, Double.NaN, null, 0.5, 0.5, 0.1)));
    assertEquals(1, BestConfiguration.best(List.of(-0.2, -0.1, Double.NEGATIVE_INFINITY)));
    assertEquals(0, BestConfiguration.best(List.of(0.0)));
    assertEquals(-1, BestConfiguration.best(Arrays.asList(null, Double.NaN)));
    assertEquals(-1, BestConfiguration.best(List.of()));
  }

  @Test
  void namesMapToTableMetrics() {
    assertEquals(TableMetric.AMI, BestConfiguration.tableMetric("ami"));
    assertEquals(TableMetric.MACRO_PURITY, BestConfiguration.tableMetric("macro_purity"));
    assertNull(BestConfiguration.tableMetric("silhouette"));
  }

  @Test
  void aPerfectClusteringAgainstOneClusterGivesTheSmallestPossibleP() {
    // 50 'a' and 50 'b': the best puts them in clusters 0 and 1, the other puts all in cluster 0. Every resample
    // keeps best purity 1 and ARI 1 above the other's (purity max share < 1, ARI 0) unless a class vanishes
    // (chance 2^-99), so all B differences are > 0 and p = 2 (1 + 0) / (B + 1) = 2 / 200 = 0.01.
    PairedBootstrap.JointCounts joint = PairedBootstrap.JointCounts.builder()
        .add("a", 0, 0, 50).add("b", 1, 0, 50).build();
    Map<String, PairedBootstrap.PairedComparison> compared = BestConfiguration.compareWithBest(joint,
        List.of("purity", "silhouette", "ari", "purity"), B199);
    assertEquals(List.of("purity", "ari"), List.copyOf(compared.keySet()), "table metrics only, in the order given");
    assertEquals(1.0, compared.get("purity").first(), 1e-12);
    assertEquals(0.5, compared.get("purity").second(), 1e-12);
    assertEquals(1.0, compared.get("ari").first(), 1e-12);
    assertEquals(0.0, compared.get("ari").second(), 1e-12);
    assertEquals(0.01, compared.get("purity").pValue(), 1e-12);
    // ARI would take the normal test on the jackknife's error of the difference, but every leave-one-out table keeps
    // the difference at 1 (error 0): no test, so the bootstrap's p stands.
    assertEquals(0.0, compared.get("ari").difference().jackknifeStandardError(), 0.0);
    assertEquals(0.01, compared.get("ari").pValue(), 1e-12);
    assertEquals(0.01, compared.get("ari").bootstrapPValue(), 1e-12);
  }

  @Test
  void theSameClusteringIsNoWorseThanTheBest() {
    PairedBootstrap.JointCounts joint = PairedBootstrap.JointCounts.builder()
        .add("a", 0, 0, 30).add("a", 1, 1, 5).add("b", 1, 1, 25).add("b", 0, 0, 4).build();
    Map<String, PairedBootstrap.PairedComparison> compared =
        BestConfiguration.compareWithBest(joint, List.of("ami", "nmi"), B199);
    assertEquals(1.0, compared.get("ami").pValue(), 0.0);
    assertEquals(1.0, compared.get("nmi").pValue(), 0.0);
    assertEquals(compared.get("ami").first(), compared.get("ami").second(), 0.0);
  }

  @Test
  void nothingToCompareWithoutLabelsOrTableMetrics() {
    assertTrue(BestConfiguration.compareWithBest(PairedBootstrap.JointCounts.builder().build(), List.of("ami"), B199)
        .isEmpty());
    PairedBootstrap.JointCounts joint = PairedBootstrap.JointCounts.builder().add("a", 0, 0, 3).build();
    assertTrue(BestConfiguration.compareWithBest(joint, List.of("silhouette"), B199).isEmpty());
  }
}
