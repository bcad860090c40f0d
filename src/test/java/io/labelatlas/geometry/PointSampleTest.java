package io.labelatlas.geometry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PointSampleTest {

  @Test
  void allIndicesWhenTheSampleCoversThem() {
    assertArrayEquals(new int[] {0, 1, 2}, PointSample.indices(3, 3, new Random(1)));
    assertArrayEquals(new int[] {0, 1, 2}, PointSample.indices(3, 10, new SplittableRandom(1)));
    assertArrayEquals(new int[0], PointSample.indices(0, 5, new Random(1)));
    assertThrows(IllegalArgumentException.class, () -> PointSample.indices(-1, 5, new Random(1)));
  }

  @Test
  void distinctAscendingAndFixedByTheGeneratorsSeed() {
    int[] a = PointSample.indices(1000, 50, new Random(7));
    assertEquals(50, Arrays.stream(a).distinct().count());
    for (int i = 1; i < a.length; i++) assertTrue(a[i - 1] < a[i]);
    assertArrayEquals(a, PointSample.indices(1000, 50, new Random(7)));
    assertTrue(!Arrays.equals(a, PointSample.indices(1000, 50, new SplittableRandom(7))));
  }

  @Test
  void aPartialFisherYatesShuffle() {
    Random expected = new Random(3);
    int[] all = {0, 1, 2, 3, 4, 5};
    for (int i = 0; i < 2; i++) {
      int j = i + expected.nextInt(all.length - i);
      int swap = all[i];
      all[i] = all[j];
      all[j] = swap;
    }
    int[] chosen = {all[0], all[1]};
    Arrays.sort(chosen);
    assertArrayEquals(chosen, PointSample.indices(6, 2, new Random(3)));
  }
}
