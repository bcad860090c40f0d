package io.labelatlas.cluster.hdbscan.partitioned;

import java.util.Random;

/**
 * Seeded test data: Gaussian blobs of unequal size and spread (so density differs between clusters) plus points drawn
 * uniformly over the blobs' bounding box.
 */
final class BlobsWithNoise {
  private BlobsWithNoise() {}

  /**
   * @param noiseFraction share of the n points drawn uniformly
   * @param centreRange blob centres are uniform in [-centreRange, centreRange] per coordinate
   */
  static double[][] generate(int n, int dimension, int blobs, double noiseFraction, double centreRange, long seed) {
    Random random = new Random(seed);
    double[][] centres = new double[blobs][dimension];
    double[] spreads = new double[blobs];
    double[] weights = new double[blobs];
    double weightSum = 0;
    for (int b = 0; b < blobs; b++) {
      for (int d = 0; d < dimension; d++) {
        centres[b][d] = (2 * random.nextDouble() - 1) * centreRange;
      }
      spreads[b] = 0.4 + 0.8 * b / Math.max(1, blobs - 1);
      weights[b] = 1 + b % 3;
      weightSum += weights[b];
    }
    int noise = (int) Math.round(n * noiseFraction);
    double[][] points = new double[n][dimension];
    int at = 0;
    for (int b = 0; b < blobs; b++) {
      int size = b == blobs - 1 ? n - noise - at : (int) ((n - noise) * weights[b] / weightSum);
      for (int i = 0; i < size; i++, at++) {
        for (int d = 0; d < dimension; d++) {
          points[at][d] = centres[b][d] + spreads[b] * random.nextGaussian();
        }
      }
    }
    double box = centreRange + 3;
    for (; at < n; at++) {
      for (int d = 0; d < dimension; d++) {
        points[at][d] = (2 * random.nextDouble() - 1) * box;
      }
    }
    return points;
  }
}
