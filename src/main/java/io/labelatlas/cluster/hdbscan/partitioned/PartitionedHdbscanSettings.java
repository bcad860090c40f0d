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
    ProjectionForest.requireForestShape(trees, sampleSize);
  }

  /** Rejects settings that cannot work for {@code n} points, naming the setting. */
  void requireFits(long n) {
    if (minSamples > n) {
      throw new IllegalArgumentException("'minSamples' = " + minSamples + " exceeds the " + n + " rows of the data");
    }
    ProjectionForest.requireSampleFits(n, leafSize, sampleSize);
  }

  /** With every point in one leaf a second tree would repeat the first, so the exact case uses one. */
  int treesFor(long n) {
    return ProjectionForest.treesFor(n, leafSize, trees);
  }
}
