package io.labelatlas.cli;

import io.labelatlas.config.ConfigException;
import io.labelatlas.config.JobConfig;
import io.labelatlas.config.JobConfig.ClusterConfig;
import io.labelatlas.config.JobConfigLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The algorithm flags of {@code cluster} ({@code --k}, {@code --min-samples}, ...): each one's key in a job's
 * {@code cluster} section, so the command builds that section with the job's defaults and validation, and names the
 * flag (not the key) when a value is wrong.
 */
final class ClusterParameters {
  /** One algorithm parameter: its flag, its key in the {@code cluster} section and the algorithms that read it. */
  record Parameter(String flag, String value, String key, String usedBy, String description,
      Function<ClusterConfig, Object> defaultValue) {}

  static final List<Parameter> ALL = List.of(
      new Parameter("k", "N|auto", "k", "kmeans gmm ward", "number of clusters; auto: searched in auto_k",
          c -> auto(c.k())),
      new Parameter("max-iterations", "N", "max_iterations", "kmeans gmm", "iteration limit",
          ClusterConfig::maxIterations),
      new Parameter("seed", "N", "seed", "kmeans gmm", "random seed", ClusterConfig::seed),
      new Parameter("gmm-dimension", "N", "gmm_dimension", "gmm", "GMM sees only the first N dimensions",
          ClusterConfig::gmmDimension),
      new Parameter("exact-max-points", "N", "exact_max_points", "hdbscan ward dbscan",
          "most rows the exact (driver-side) algorithms take", ClusterConfig::exactMaxPoints),
      new Parameter("min-cluster-size", "N|auto", "hdbscan.min_cluster_size", "hdbscan",
          "smallest group that is a cluster; auto: from n", c -> auto(c.hdbscan().minClusterSize())),
      new Parameter("min-samples", "N|auto", "hdbscan.min_samples", "hdbscan",
          "neighbours for the core distance (self included)", c -> auto(c.hdbscan().minSamples())),
      new Parameter("mode", "exact|partitioned|auto", "hdbscan.mode", "hdbscan",
          "driver, Spark, or exact up to --exact-max-points", c -> c.hdbscan().mode()),
      new Parameter("selection", "eom|leaf", "hdbscan.selection", "hdbscan", "excess of mass or leaf clusters",
          c -> c.hdbscan().selection()),
      new Parameter("epsilon", "X", "hdbscan.epsilon", "hdbscan", "cluster_selection_epsilon",
          c -> c.hdbscan().epsilon()),
      new Parameter("allow-single-cluster", "", "hdbscan.allow_single_cluster", "hdbscan",
          "the root may be the only cluster", c -> c.hdbscan().allowSingleCluster()),
      new Parameter("leaf-size", "N", "hdbscan.leaf_size", "partitioned modes", "points per random-projection leaf",
          c -> c.hdbscan().leafSize()),
      new Parameter("trees", "N", "hdbscan.trees", "partitioned modes", "random-projection trees",
          c -> c.hdbscan().trees()),
      new Parameter("sample-size", "N", "hdbscan.sample_size", "partitioned modes",
          "sample that shapes the partitions", c -> c.hdbscan().sampleSize()),
      new Parameter("eps", "X|auto", "dbscan.eps", "dbscan", "neighbourhood radius; auto (or 0): knee of k-distances",
          c -> c.dbscan().eps() == JobConfig.AUTO ? "auto" : c.dbscan().eps()),
      new Parameter("dbscan-min-samples", "N", "dbscan.min_samples", "dbscan",
          "neighbours of a core point (self included)", c -> c.dbscan().minSamples()),
      new Parameter("dbscan-mode", "exact|partitioned|auto", "dbscan.mode", "dbscan",
          "driver, Spark (cut of the partitioned spanning tree), or exact up to --exact-max-points",
          c -> c.dbscan().mode()),
      new Parameter("border-points", "attach|noise", "dbscan.border_points", "dbscan",
          "border points join a core neighbour's cluster, or stay noise (DBSCAN*)", c -> c.dbscan().borderPoints()));

  private ClusterParameters() {}

  private static Object auto(int value) {
    return value == JobConfig.AUTO ? "auto" : value;
  }

  /** One help line per parameter: flag, default, algorithms that read it, description. */
  static String help() {
    ClusterConfig defaults = JobConfigLoader.clusterConfig(List.of());
    StringBuilder text = new StringBuilder();
    for (Parameter p : ALL) {
      String flag = "--" + p.flag() + (p.value().isEmpty() ? "" : " " + p.value());
      text.append(String.format(Locale.ROOT, "  %-32s %-8s %-20s %s%n", flag, p.defaultValue().apply(defaults),
          p.usedBy(), p.description()));
    }
    return text.toString();
  }

  /**
   * The cluster section from {@code --set} settings, then {@code --algorithm}, then the named flags (later wins).
   * Values pass through as text, so settings this command does not know by name still work.
   */
  static ClusterConfig clusterConfig(String algorithm, List<String> sets, Map<String, String> flags) {
    List<String> settings = new ArrayList<>();
    for (String set : sets) settings.add(set.startsWith("cluster.") ? set.substring("cluster.".length()) : set);
    settings.add("algorithms=[" + algorithm + "]");
    for (Parameter p : ALL) {
      String value = flags.get(p.flag());
      if (value != null) settings.add(p.key() + "=" + value);
    }
    try {
      return JobConfigLoader.clusterConfig(settings);
    } catch (ConfigException e) {
      throw new ConfigException("cluster: " + withFlags(e.getMessage()), e);
    }
  }

  /** Appends the flag that sets each {@code 'cluster.key'} a message names, since the user typed flags, not keys. */
  static String withFlags(String message) {
    if (message == null) return "";
    List<String> flags = new ArrayList<>();
    for (Parameter p : ALL) {
      if (message.contains("'cluster." + p.key() + "'")) flags.add("--" + p.flag());
    }
    if (message.contains("'cluster.algorithms'")) flags.add("--algorithm");
    return flags.isEmpty() ? message : message + " (set by " + String.join(", ", flags) + ")";
  }
}
