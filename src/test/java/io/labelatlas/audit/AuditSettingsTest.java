package io.labelatlas.audit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuditSettingsTest {
  @Test
  void defaults() {
    AuditSettings settings = AuditSettings.defaults();
    assertEquals(10, settings.neighbours());
    assertEquals(0.5, settings.clusterWeight());
    assertEquals(List.of(10, 25, 50, 100, 200), settings.ks());
    assertEquals(10_000, settings.maxSuspects());
    assertEquals(200, settings.maxK());
  }

  @Test
  void ksAreSortedAndImmutable() {
    AuditSettings settings = new AuditSettings(5, 0, Arrays.asList(50, 5, 20), 100, 3);
    assertArrayEquals(new int[] {5, 20, 50}, settings.ksArray());
    assertThrows(UnsupportedOperationException.class, () -> settings.ks().add(1));
    assertEquals(1.0, new AuditSettings(5, 1, List.of(1), 1, 0).clusterWeight());
  }

  @Test
  void badValuesNameTheirKey() {
    assertMessage("audit.neighbours", () -> new AuditSettings(0, 0.5, List.of(10), 10, 0));
    assertMessage("audit.cluster_weight", () -> new AuditSettings(10, 1.5, List.of(10), 10, 0));
    assertMessage("audit.cluster_weight", () -> new AuditSettings(10, Double.NaN, List.of(10), 10, 0));
    assertMessage("audit.cluster_weight", () -> new AuditSettings(10, -0.1, List.of(10), 10, 0));
    assertMessage("audit.ks", () -> new AuditSettings(10, 0.5, List.of(), 10, 0));
    assertMessage("audit.ks", () -> new AuditSettings(10, 0.5, null, 10, 0));
    assertMessage("audit.ks", () -> new AuditSettings(10, 0.5, List.of(10, 0), 10, 0));
    assertMessage("lists 10 twice", () -> new AuditSettings(10, 0.5, List.of(10, 25, 10), 10, 0));
    assertMessage("audit.ks", () -> new AuditSettings(10, 0.5, List.of(AuditSettings.MAX_K + 1), 10, 0));
    assertMessage("audit.max_suspects", () -> new AuditSettings(10, 0.5, List.of(10), 0, 0));
  }

  private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable construct) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, construct);
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }
}
