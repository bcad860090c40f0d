package io.labelatlas.cluster.hdbscan.ml;

import java.util.SplittableRandom;

/** Three well-separated Gaussian blobs in 4-d (120 points each, sd 1) plus 40 uniform noise points; seeded. */
final class SeparatedBlobs {
  static final int PER_BLOB = 120;
  static final int NOISE = 40;
  static final double[][] CENTRES = {{0, 0, 0, 0}, {12, 0, 0, 0}, {0, 12, 0, 0}};

  private SeparatedBlobs() {}

  /** Rows 0..359 are the blobs in order (blob = row / PER_BLOB), rows 360..399 the noise. */
  static double[][] points() {
    SplittableRandom random = new SplittableRandom(11);
    double[][] points = new double[3 * PER_BLOB + NOISE][];
    for (int i = 0; i < 3 * PER_BLOB; i++) {
      double[] c = CENTRES[i / PER_BLOB];
      points[i] = new double[4];
      for (int d = 0; d < 4; d++) {
        points[i][d] = c[d] + random.nextGaussian();
      }
    }
    for (int i = 3 * PER_BLOB; i < points.length; i++) {
      points[i] = new double[4];
      for (int d = 0; d < 4; d++) {
        points[i][d] = -6 + 24 * random.nextDouble();
      }
    }
    return points;
  }

  /** The blob a row was drawn from, -1 for the noise rows. */
  static int blobOf(int row) {
    return row < 3 * PER_BLOB ? row / PER_BLOB : -1;
  }
}
