package io.labelatlas.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StandardNormalTest {
  @Test
  void matchesScipyNdtrAndNdtri() {
    int checked = 0;
    for (AuditCases.Block line : AuditCases.blocks("ndtr")) {
      double x = Double.parseDouble(line.header()[0]);
      double expected = Double.parseDouble(line.header()[1]);
      assertEquals(expected, StandardNormal.cdf(x), 1e-13 * expected, "ndtr(" + x + ")");
      checked++;
    }
    for (AuditCases.Block line : AuditCases.blocks("ndtri")) {
      double p = Double.parseDouble(line.header()[0]);
      double expected = Double.parseDouble(line.header()[1]);
      assertEquals(expected, StandardNormal.quantile(p), 1e-13 * Math.max(1, Math.abs(expected)), "ndtri(" + p + ")");
      checked++;
    }
    assertEquals(19, checked);
  }

  @Test
  void edgesAndSymmetry() {
    assertEquals(Double.NEGATIVE_INFINITY, StandardNormal.quantile(0), 0.0);
    assertEquals(Double.POSITIVE_INFINITY, StandardNormal.quantile(1), 0.0);
    assertTrue(Double.isNaN(StandardNormal.quantile(1.5)));
    assertTrue(Double.isNaN(StandardNormal.cdf(Double.NaN)));
    assertEquals(0.0, StandardNormal.cdf(Double.NEGATIVE_INFINITY), 0.0);
    assertEquals(1.0, StandardNormal.cdf(Double.POSITIVE_INFINITY), 0.0);
    for (double p = 0.001; p < 1; p += 0.0371) {
      assertEquals(p, StandardNormal.cdf(StandardNormal.quantile(p)), 1e-15, "round trip at " + p);
      assertEquals(-StandardNormal.quantile(p), StandardNormal.quantile(1 - p), 1e-12, "symmetry at " + p);
    }
  }
}
