package io.labelatlas.review;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class LabelSpreadingTest {
  @Test
  void theScaleIsTheSeventhNeighboursDistanceOrTheFarthest() {
    assertEquals(7.0, LabelSpreading.scale(new double[] {9, 8, 7, 6, 5, 4, 3, 2, 1}));
    assertEquals(3.0, LabelSpreading.scale(new double[] {3, 1, 2}));
    assertEquals(0.0, LabelSpreading.scale(new double[0]));
  }

  @Test
  void affinityIsGaussianWithLocalScaling() {
    assertEquals(Math.exp(-4.0 / 6.0), LabelSpreading.affinity(2, 2, 3), 1e-15);
    assertEquals(1.0, LabelSpreading.affinity(0, 0, 0));
    assertEquals(0.0, LabelSpreading.affinity(1, 0, 3));
    assertEquals(0.5 / Math.sqrt(2 * 8), LabelSpreading.normalised(0.5, 2, 8), 1e-15);
  }

  @Test
  void aPassMixesNeighboursAndSeed() {
    LabelSpreading spreading = new LabelSpreading(0.8, 10, 0, 0.5);
    double[] next = spreading.next(new double[] {1, 2}, new double[] {0, 1}, 2);
    assertEquals(0.8, next[0], 1e-15);
    assertEquals(1.6 + 0.2, next[1], 1e-15);
    assertEquals(0.0, spreading.next(null, null, 2)[1]);
  }

  @Test
  void predictionIsTheWinnersShareAndNothingWhenUnreached() {
    LabelSpreading.Prediction p = LabelSpreading.predict(new double[] {1, 3});
    assertEquals(1, p.labelIndex());
    assertEquals(0.75, p.confidence(), 1e-15);
    assertNull(LabelSpreading.predict(new double[] {0, 0}));
    assertEquals(0.5, LabelSpreading.relativeChange(new double[] {1, 1}, new double[] {1, 3}), 1e-15);
    assertEquals(0.75, LabelSpreading.relativeChange(null, new double[] {1, 3}), 1e-15);
    assertEquals(0.0, LabelSpreading.relativeChange(null, new double[] {0, 0}));
  }

  @Test
  void settingsOutsideTheirRangeAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> new LabelSpreading(1, 10, 0, 0.5));
    assertThrows(IllegalArgumentException.class, () -> new LabelSpreading(0.5, 0, 0, 0.5));
    assertThrows(IllegalArgumentException.class, () -> new LabelSpreading(0.5, 10, -1, 0.5));
    assertThrows(IllegalArgumentException.class, () -> new LabelSpreading(0.5, 10, 0, 1.5));
  }
}
