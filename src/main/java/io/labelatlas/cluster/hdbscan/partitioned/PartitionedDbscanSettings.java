package io.labelatlas.cluster.hdbscan.partitioned;

import io.labelatlas.cluster.hdbscan.SelectionMethod;

/**
 * Parameters of {@link PartitionedDbscan}: DBSCAN's {@code minSamples} and the shape of the random-projection
 * partitions the spanning tree is built on (as {@link PartitionedHdbscanSettings}, whose checks apply).
 *
 * @param minSamples a point is core when its minSamples-th nearest point (itself counted) lies within eps
 * @param leafSize the most points a leaf expects; at least minSamples
 * @param trees independent random-projection trees; every point lies in one leaf of each
 * @param sampleSize the most points the trees are fit on (held on the driver)
 * @param seed seeds the sample and the trees
 */
public record PartitionedDbscanSettings(int minSamples, int leafSize, int trees, int sampleSize, long seed) {
  public PartitionedDbscanSettings {
    asSpanningTreeSettings(minSamples, leafSize, trees, sampleSize, seed);
  }

  /** The spanning tree's settings; the hierarchy parameters are placeholders that no DBSCAN step reads. */
  PartitionedHdbscanSettings asSpanningTreeSettings() {
    return asSpanningTreeSettings(minSamples, leafSize, trees, sampleSize, seed);
  }

  private static PartitionedHdbscanSettings asSpanningTreeSettings(int minSamples, int leafSize, int trees,
      int sampleSize, long seed) {
    return new PartitionedHdbscanSettings(2, minSamples, SelectionMethod.EOM, 0, false, leafSize, trees, sampleSize,
        seed);
  }
}
