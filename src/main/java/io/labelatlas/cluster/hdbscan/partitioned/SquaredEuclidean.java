package io.labelatlas.cluster.hdbscan.partitioned;

import io.labelatlas.geometry.Euclidean;

/**
 * This package's squared distance, {@link Euclidean#squared}: summed in coordinate order with a single accumulator, as
 * {@code CoreDistances} does, so that a leaf holding every point reproduces the exact algorithm bit for bit.
 */
final class SquaredEuclidean {
  private SquaredEuclidean() {}

  static double between(double[] a, int aOffset, double[] b, int bOffset, int dimension) {
    return Euclidean.squared(a, aOffset, b, bOffset, dimension);
  }

  static double between(double[] a, double[] b) {
    return Euclidean.squared(a, b);
  }
}
