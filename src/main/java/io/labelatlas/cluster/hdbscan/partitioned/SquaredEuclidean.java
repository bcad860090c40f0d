package io.labelatlas.cluster.hdbscan.partitioned;

/**
 * Squared Euclidean distance between two points stored in flat arrays. Summed in coordinate order with a single
 * accumulator, as {@code CoreDistances.distance} does, so that a leaf holding every point reproduces the exact
 * algorithm bit for bit; unrolled by four to save loop branches without changing the rounding.
 */
final class SquaredEuclidean {
  private SquaredEuclidean() {}

  static double between(double[] a, int aOffset, double[] b, int bOffset, int dimension) {
    double sum = 0;
    int d = 0;
    for (; d + 3 < dimension; d += 4) {
      double d0 = a[aOffset + d] - b[bOffset + d];
      double d1 = a[aOffset + d + 1] - b[bOffset + d + 1];
      double d2 = a[aOffset + d + 2] - b[bOffset + d + 2];
      double d3 = a[aOffset + d + 3] - b[bOffset + d + 3];
      sum += d0 * d0;
      sum += d1 * d1;
      sum += d2 * d2;
      sum += d3 * d3;
    }
    for (; d < dimension; d++) {
      double diff = a[aOffset + d] - b[bOffset + d];
      sum += diff * diff;
    }
    return sum;
  }

  static double between(double[] a, double[] b) {
    return between(a, 0, b, 0, a.length);
  }
}
