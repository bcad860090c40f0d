package io.labelatlas.reduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Each part's columns become z-scores divided by sqrt(live columns): every part then has total variance one. */
class PartScalingTest {
  private static final float[][] ROWS = {{1, 10, 0, 5}, {3, 30, 0, 7}, {5, 20, 0, 9}, {7, 60, 0, 3}};

  @Test
  void everyPartEndsWithTotalVarianceOne() {
    PartScaling scaling = PartScaling.fit(new InMemoryRowPasses(ROWS).moments(), new int[] {1, 3});
    float[][] scaled = new float[ROWS.length][];
    for (int i = 0; i < ROWS.length; i++) scaled[i] = scaling.apply(ROWS[i]);
    // Column 0: mean 4, sample sd sqrt(20/3); a part of width 1 keeps weight 1.
    assertEquals((1 - 4) / Math.sqrt(20.0 / 3), scaled[0][0], 1e-6);
    // Column 1: mean 30, sample sd sqrt(1400/3), a part of 2 live columns (column 2 is constant): / sqrt(2) more.
    assertEquals((10 - 30) / Math.sqrt(1400.0 / 3) / Math.sqrt(2), scaled[0][1], 1e-6);
    assertEquals(0, scaled[2][2], "a constant column gets weight zero, not a division by zero");
    double[] variance = new double[4];
    for (int j = 0; j < 4; j++) {
      double mean = 0;
      for (float[] row : scaled) mean += row[j] / ROWS.length;
      for (float[] row : scaled) variance[j] += (row[j] - mean) * (row[j] - mean) / (ROWS.length - 1);
    }
    assertEquals(1, variance[0], 1e-6);
    assertEquals(1, variance[1] + variance[2] + variance[3], 1e-6,
        "width 3 with one constant column: the two live columns carry one half each");
  }

  @Test
  void widthsMustCoverTheVector() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> PartScaling.fit(new InMemoryRowPasses(ROWS).moments(), new int[] {1, 2}));
    assertEquals("part widths [1, 2] do not sum to the vectors' 4 columns", e.getMessage());
  }
}
