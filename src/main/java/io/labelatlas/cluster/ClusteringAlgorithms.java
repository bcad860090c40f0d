package io.labelatlas.cluster;

import io.labelatlas.config.JobConfig;
import io.labelatlas.config.JobConfig.ClusterConfig;
import java.util.Map;
import java.util.function.Function;

/**
 * The algorithms {@code cluster.algorithms} may name: adding one is a new {@link ClusteringAlgorithm}, a line here and
 * its name in {@code JobConfig.ALGORITHMS} (config sits below cluster, so it cannot read this map).
 */
public final class ClusteringAlgorithms {
  private ClusteringAlgorithms() {}

  private static final Map<String, Function<ClusterConfig, ClusteringAlgorithm>> FACTORIES = Map.of(
      "kmeans", KMeansClustering::new,
      "gmm", GaussianMixtureClustering::new,
      "hdbscan", HdbscanClustering::new,
      "ward", WardClustering::new,
      "dbscan", DbscanClustering::new);

  /** The named algorithm with its settings; an unknown name is an {@link IllegalArgumentException}. */
  public static ClusteringAlgorithm create(String name, ClusterConfig config) {
    Function<ClusterConfig, ClusteringAlgorithm> factory = FACTORIES.get(name);
    if (factory == null) {
      throw new IllegalArgumentException("unknown clustering algorithm '" + name + "', not one of "
          + JobConfig.ALGORITHMS);
    }
    return factory.apply(config);
  }
}
