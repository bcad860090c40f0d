package io.labelatlas.cluster.hdbscan.partitioned;

import io.labelatlas.cluster.hdbscan.SelectionMethod;

/**
 * Parameters of {@link PartitionedHdbscan}: the HDBSCAN* ones (as {@code Hdbscan.fit}) plus the shape of the
 * random-projection partitions: points per leaf, number of independent trees, and the driver sample the trees are fit on.
 *
 * @param minClusterSize smallest cluster, at least 2
 * @param minSamples the core distance is the distance to the minSamples-th nearest point, the point itself counted
 * @param leafSize the most points a leaf expects (leaves hold between about half and all of it); at least minSamples
 * @param trees independent random-projection trees; every point lies in one leaf of each
 * @param sampleSize the most points the trees are fit on (held on the driver)
 * @param seed seeds the sample and the trees
 */
public record PartitionedHdbscanSettings(int minClusterSize, int minSamples, SelectionMethod method, double epsilon,
    boolean allowSingleCluster, int leafSize, int trees, int sampleSize, long seed) {

  /** The trees are cut on the sample, so a leaf needs a few sample points: at least this many per expected leaf. */
  static final int SAMPLE_POINTS_PER_LEAF = 4;

  public PartitionedHdbscanSettings {
    if (minClusterSize < 2) {
      throw new IllegalArgumentException("'minClusterSize' must be at least 2, got " + minClusterSize);
    }
    if (minSamples < 1) {
      throw new IllegalArgumentException("'minSamples' must be at least 1, got " + minSamples);
    }
    if (method == null) {
      throw new IllegalArgumentException("'method' must not be null");
    }
    if (!(epsilon >= 0) || Double.isInfinite(epsilon)) {
      throw new IllegalArgumentException("'epsilon' must be finite and >= 0, got " + epsilon);
    }
    if (leafSize < 2 || leafSize < minSamples) {
      throw new IllegalArgumentException("'leafSize' must be at least 2 and at least 'minSamples' = " + minSamples
          + " (a leaf has to hold a point's nearest neighbours), got " + leafSize);
    }
    if (trees < 1) {
      throw new IllegalArgumentException("'trees' must be at least 1, got " + trees);
    }
    if (sampleSize < 2) {
      throw new IllegalArgumentException("'sampleSize' must be at least 2, got " + sampleSize);
    }
  }

  /** Rejects settings that cannot work for {@code n} points, naming the setting. */
  void requireFits(long n) {
    if (minSamples > n) {
      throw new IllegalArgumentException("'minSamples' = " + minSamples + " exceeds the " + n + " rows of the data");
    }
    long needed = Math.min(n, SAMPLE_POINTS_PER_LEAF * ((n + leafSize - 1) / leafSize));
    if (sampleSize < needed) {
      throw new IllegalArgumentException("'sampleSize' = " + sampleSize + " is too small to cut " + n
          + " points into leaves of 'leafSize' = " + leafSize + ": the trees are fit on the sample and need "
          + SAMPLE_POINTS_PER_LEAF + " sample points per leaf, so at least " + needed);
    }
  }

  /** With every point in one leaf a second tree would repeat the first, so the exact case uses one. */
  int treesFor(long n) {
    return n <= leafSize ? 1 : trees;
  }

  long treeSeed(int tree) {
    return seed * 0x9E3779B97F4A7C15L + 31L * (tree + 1);
  }
}
