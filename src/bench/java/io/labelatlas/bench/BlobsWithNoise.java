package io.labelatlas.bench;

import java.io.Serializable;
import java.util.Random;

/**
 * Seeded benchmark data with real density structure: Gaussian blobs of unequal size and spread, some of them
 * overlapping, plus uniform background noise. Point {@code i} depends only on (seed, i), so Spark executors and the
 * driver generate identical points without shipping them.
 */
public final class BlobsWithNoise implements Serializable {
  private final int dimension;
  private final long seed;
  private final double noiseFraction;
  private final double[][] centres;
  private final double[] spreads;
  private final double[] cumulativeWeights;
  private final double halfWidth;

  public BlobsWithNoise(int dimension, int blobs, double noiseFraction, long seed) {
    this(dimension, blobs, noiseFraction, 5.0, seed);
  }

  /** @param halfWidth blob centres are uniform in [-halfWidth, halfWidth]^d: smaller means more overlap */
  public BlobsWithNoise(int dimension, int blobs, double noiseFraction, double halfWidth, long seed) {
    if (dimension < 1 || blobs < 1 || !(noiseFraction >= 0 && noiseFraction < 1)) {
      throw new IllegalArgumentException("dimension and blobs must be >= 1 and noiseFraction in [0, 1)");
    }
    this.dimension = dimension;
    this.seed = seed;
    this.noiseFraction = noiseFraction;
    Random random = new Random(seed);
    this.halfWidth = halfWidth;
    centres = new double[blobs][dimension];
    spreads = new double[blobs];
    cumulativeWeights = new double[blobs];
    double total = 0;
    for (int b = 0; b < blobs; b++) {
      for (int j = 0; j < dimension; j++) centres[b][j] = (2 * random.nextDouble() - 1) * halfWidth;
      spreads[b] = 0.4 + 1.6 * random.nextDouble();
      total += Math.pow(0.75, b) * (0.5 + random.nextDouble());
      cumulativeWeights[b] = total;
    }
    for (int b = 0; b < blobs; b++) cumulativeWeights[b] /= total;
  }

  public int dimension() {
    return dimension;
  }

  /** The blob a point was drawn from, or -1 for background noise. */
  public int component(long index) {
    Random random = pointRandom(index);
    if (random.nextDouble() < noiseFraction) return -1;
    double u = random.nextDouble();
    for (int b = 0; b < cumulativeWeights.length; b++) {
      if (u <= cumulativeWeights[b]) return b;
    }
    return cumulativeWeights.length - 1;
  }

  public double[] point(long index) {
    Random random = pointRandom(index);
    double[] x = new double[dimension];
    if (random.nextDouble() < noiseFraction) {
      for (int j = 0; j < dimension; j++) x[j] = (2 * random.nextDouble() - 1) * (halfWidth + 3);
      return x;
    }
    double u = random.nextDouble();
    int blob = cumulativeWeights.length - 1;
    for (int b = 0; b < cumulativeWeights.length; b++) {
      if (u <= cumulativeWeights[b]) {
        blob = b;
        break;
      }
    }
    for (int j = 0; j < dimension; j++) x[j] = centres[blob][j] + spreads[blob] * random.nextGaussian();
    return x;
  }

  private Random pointRandom(long index) {
    return new Random(seed * 0x9E3779B97F4A7C15L + index * 0xC2B2AE3D27D4EB4FL + 1);
  }
}
