package io.labelatlas.cluster.hdbscan.partitioned;

import io.labelatlas.cluster.hdbscan.SelectionMethod;

/**
 * Parameters of {@link PartitionedHdbscan}: the HDBSCAN* ones (as {@code Hdbscan.fit}) plus the shape of the
 * random-projection partitions: points per leaf, number of independent trees, and the driver sample the trees are fit on.
 */
public record PartitionedHdbscanSettings(int minClusterSize, int minSamples, SelectionMethod method, double epsilon,
    boolean allowSingleCluster, int leafSize, int trees, int sampleSize, long seed) {}
