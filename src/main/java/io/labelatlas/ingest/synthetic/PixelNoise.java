package io.labelatlas.ingest.synthetic;

import java.util.Random;

/**
 * Cheap per-pixel noise, roughly standard normal: xorshift64* bits summed as four 16-bit uniforms (Irwin-Hall),
 * rescaled to unit variance. {@link Random#nextGaussian} costs several times more and pixel noise dominated the run.
 */
final class PixelNoise {
  private static final double SCALE = Math.sqrt(3.0) / 65536.0;
  private long state;

  PixelNoise(long seed) {
    state = seed == 0 ? 0x9E3779B97F4A7C15L : seed;
  }

  double next() {
    state ^= state >>> 12;
    state ^= state << 25;
    state ^= state >>> 27;
    long bits = state * 0x2545F4914F6CDD1DL;
    long sum = (bits & 0xFFFF) + ((bits >>> 16) & 0xFFFF) + ((bits >>> 32) & 0xFFFF) + (bits >>> 48);
    return (sum + 2.0 - 2 * 65536.0) * SCALE;
  }
}
