package io.labelatlas.config;

import io.labelatlas.config.JobConfig.AutoKConfig;
import io.labelatlas.config.JobConfig.ClusterConfig;
import io.labelatlas.config.JobConfig.DbscanConfig;
import io.labelatlas.config.JobConfig.HdbscanConfig;
import io.labelatlas.config.JobConfig.WardConfig;
import java.util.List;

/**
 * Parses and validates the {@code cluster} section (and its {@code auto_k}, {@code hdbscan}, {@code dbscan},
 * {@code ward} subsections) into {@link ClusterConfig}; settings that accept {@code auto} are stored as
 * {@link JobConfig#AUTO}.
 */
final class ClusterSection {
  private static final int AUTO = JobConfig.AUTO;
  private static final List<String> ALGORITHMS = JobConfig.ALGORITHMS;

  private ClusterSection() {}

  private static HdbscanConfig hdbscan(ConfigSection section) {
    HdbscanConfig config = new HdbscanConfig(
        integerOrAuto(section, "min_cluster_size", AUTO, 2, 1_000_000),
        integerOrAuto(section, "min_samples", AUTO, 1, 10_000),
        section.choice("selection", "eom", List.of("eom", "leaf")),
        section.decimal("epsilon", 0.0, 0.0, Double.MAX_VALUE),
        section.bool("allow_single_cluster", false),
        section.choice("mode", "auto", List.of("auto", "exact", "partitioned")),
        section.integer("leaf_size", 2_000, 16, 1_000_000),
        section.integer("trees", 8, 1, 64),
        section.integer("sample_size", 50_000, 100, 10_000_000));
    section.finish();
    return config;
  }

  private static DbscanConfig dbscan(ConfigSection section) {
    DbscanConfig config = new DbscanConfig(
        decimalOrAuto(section, "eps", AUTO, 0.0, Double.MAX_VALUE),
        section.integer("min_samples", 5, 1, 10_000),
        section.choice("mode", "auto", DbscanConfig.MODES),
        section.choice("border_points", "attach", DbscanConfig.BORDER_POINTS));
    section.finish();
    return config;
  }

  private static AutoKConfig autoK(ConfigSection section) {
    AutoKConfig config = new AutoKConfig(
        section.integer("min", 2, 2, 1_000),
        section.integer("max", 12, 2, 1_000),
        section.integer("sample", 5_000, 10, 200_000),
        section.decimal("min_cluster_fraction", 0.01, 0.0, 0.49));
    section.finish();
    if (config.max() < config.min()) {
      throw new ConfigException("'" + section.key("max") + "' = " + config.max() + " is smaller than '"
          + section.key("min") + "' = " + config.min());
    }
    return config;
  }

  private static WardConfig ward(ConfigSection section) {
    WardConfig config = new WardConfig(section.integer("micro_clusters", 2_000, 2, 1_000_000));
    section.finish();
    return config;
  }

  /** A whole number in {@code min..max}, or {@code auto} (also written 0), stored as {@link JobConfig#AUTO}. */
  private static int integerOrAuto(ConfigSection section, String name, int fallback, int min, int max) {
    String text = section.string(name, null);
    if (text == null) return fallback;
    String value = text.trim();
    if (value.equalsIgnoreCase("auto") || value.equals("0")) return AUTO;
    if (!value.matches("-?\\d{1,9}")) {
      throw new ConfigException("'" + section.key(name) + "' = '" + text + "' is not auto or a whole number in "
          + min + ".." + max);
    }
    int parsed = Integer.parseInt(value);
    if (parsed < min || parsed > max) {
      throw new ConfigException("'" + section.key(name) + "' = " + parsed + " is out of range " + min + ".." + max
          + " (or auto)");
    }
    return parsed;
  }

  /** A number in {@code min..max}, or {@code auto}, stored as {@link JobConfig#AUTO}. */
  private static double decimalOrAuto(ConfigSection section, String name, double fallback, double min, double max) {
    String text = section.string(name, null);
    if (text == null) return fallback;
    if (text.trim().equalsIgnoreCase("auto")) return AUTO;
    double parsed;
    try {
      parsed = Double.parseDouble(text.trim());
    } catch (NumberFormatException e) {
      throw new ConfigException("'" + section.key(name) + "' = '" + text + "' is not auto or a number in "
          + min + ".." + max);
    }
    if (!(parsed >= min && parsed <= max)) {
      throw new ConfigException("'" + section.key(name) + "' = " + parsed + " is out of range " + min + ".." + max
          + " (or auto)");
    }
    return parsed;
  }

  /** Parses a {@code cluster} section on its own: for jobs and for the {@code cluster} command's flags. */
  static ClusterConfig parse(ConfigSection cl) {
    List<String> algorithms = cl.stringList("algorithms", List.of("kmeans", "gmm"));
    if (algorithms.isEmpty()) throw new ConfigException("'cluster.algorithms' must name at least one of " + ALGORITHMS);
    for (String algorithm : algorithms) {
      if (!ALGORITHMS.contains(algorithm)) {
        throw new ConfigException("'cluster.algorithms' names '" + algorithm + "', not one of " + ALGORITHMS);
      }
    }
    ClusterConfig cluster = new ClusterConfig(
        algorithms,
        integerOrAuto(cl, "k", 6, 2, 10_000),
        cl.integer("max_iterations", 50, 1, 10_000),
        cl.longValue("seed", 42, Long.MIN_VALUE, Long.MAX_VALUE),
        cl.integer("gmm_dimension", 10, 1, 1000),
        cl.integer("exact_max_points", 20_000, 2, 1_000_000),
        autoK(cl.section("auto_k")),
        hdbscan(cl.section("hdbscan")),
        dbscan(cl.section("dbscan")),
        ward(cl.section("ward")));
    cl.finish();
    return cluster;
  }
}
