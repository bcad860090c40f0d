package io.labelatlas.geometry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PairwiseSumTest {

  @Test
  void sumsInNumpysOrder() {
    assertEquals(0.0, PairwiseSum.of(new double[0]), 0.0);
    double[] tenths = new double[10];
    Arrays.fill(tenths, 0.1);
    // numpy: np.sum(np.full(10, 0.1)) == 1.0, while adding left to right gives 0.9999999999999999.
    assertEquals(1.0, PairwiseSum.of(tenths), 0.0);
    double sequential = 0;
    for (double v : tenths) sequential += v;
    assertNotEquals(1.0, sequential);
    double[] values = new double[1000];
    for (int i = 0; i < values.length; i++) values[i] = i * 0.25;
    assertEquals(999 * 1000 / 2 * 0.25, PairwiseSum.of(values), 0.0);
  }
}
