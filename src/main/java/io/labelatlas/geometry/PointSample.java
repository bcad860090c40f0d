package io.labelatlas.geometry;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/** A seeded uniform sample of point indices, drawn without replacement by a partial Fisher-Yates shuffle. */
public final class PointSample {
  private PointSample() {}

  /**
   * At most {@code size} distinct indices of {@code 0 .. n - 1}, ascending: all of them when {@code size >= n}, else
   * the first {@code size} of a partial shuffle driven by {@code random} (so that a given generator and seed always
   * give the same sample).
   */
  public static int[] indices(int n, int size, RandomGenerator random) {
    if (n < 0 || size < 0) throw new IllegalArgumentException("n and sample must be >= 0, got " + n + ", " + size);
    int[] all = new int[n];
    for (int i = 0; i < n; i++) all[i] = i;
    if (size >= n) return all;
    for (int i = 0; i < size; i++) {
      int j = i + random.nextInt(n - i);
      int swap = all[i];
      all[i] = all[j];
      all[j] = swap;
    }
    int[] chosen = Arrays.copyOf(all, size);
    Arrays.sort(chosen);
    return chosen;
  }
}
