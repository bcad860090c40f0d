package io.labelatlas.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BoundaryMarginTest {
  private static final BoundaryMargin MARGIN = new BoundaryMargin(new int[] {0, 1, 7},
      new double[][] {{0, 0}, {4, 0}, {0, 10}});

  @Test
  void handComputedMargins() {
    // (1, 0): 1 from its own centre 0, 3 from centre 1, sqrt(101) from centre 7: (3 - 1) / (3 + 1).
    assertEquals(0.5, MARGIN.of(new double[] {1, 0}, 0), 1e-12);
    assertEquals(-0.5, MARGIN.of(new double[] {1, 0}, 1), 1e-12);
    assertEquals(1, MARGIN.of(new double[] {0, 10}, 7), 1e-12);
    assertEquals(0, MARGIN.of(new double[] {2, 5}, 0), 1e-12);
  }

  @Test
  void undefinedCasesAreNaN() {
    assertTrue(Double.isNaN(MARGIN.of(new double[] {1, 0}, -1)));
    assertTrue(Double.isNaN(MARGIN.of(null, 0)));
    assertTrue(Double.isNaN(MARGIN.of(new double[] {1, 0}, 3)));
    assertTrue(Double.isNaN(new BoundaryMargin(new int[] {0}, new double[][] {{0, 0}}).of(new double[] {1, 1}, 0)));
    assertEquals(0, new BoundaryMargin(new int[] {0, 1}, new double[][] {{1, 1}, {1, 1}}).of(new double[] {1, 1}, 0));
  }

  @Test
  void rejectsMismatchedLengths() {
    assertThrows(IllegalArgumentException.class, () -> MARGIN.of(new double[] {1, 0, 0}, 0));
    assertThrows(IllegalArgumentException.class,
        () -> new BoundaryMargin(new int[] {0, 1}, new double[][] {{0}, {0, 1}}));
  }
}
