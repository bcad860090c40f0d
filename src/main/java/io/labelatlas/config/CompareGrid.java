package io.labelatlas.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The runs and configurations of a {@link CompareConfig}. Every (embed entry, cluster entry) pair becomes one run of
 * the base job, layered as base job &lt; profile &lt; the pair's entries &lt; {@code --set}; every algorithm of that
 * run is one configuration. All job settings are loaded and validated here, before Spark starts.
 */
public final class CompareGrid {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /**
   * One run of the grid.
   *
   * @param number 1-based, in grid order (embed entries outer, cluster entries inner)
   * @param overrides the {@code key=value} settings this point adds to the base job (the entries, then {@code --set})
   * @param description what varies, for progress lines: {@code hog + kmeans,gmm k=6}
   */
  public record Point(int number, int embedEntry, int clusterEntry, List<String> overrides,
      JobConfigLoader.Loaded job, String backbone, String description) {}

  /**
   * One row of the comparison: an algorithm of a run.
   *
   * @param id {@code backbone/algorithm[/params]}, unique in the grid
   * @param params the algorithm's settings that matter (k, HDBSCAN's and DBSCAN's sizes) and any other setting the
   *     grid entries change for it, e.g. {@code min_cluster_size=auto min_samples=auto}
   */
  public record Configuration(String id, int point, String backbone, String algorithm, String params) {}

  private final CompareConfig config;
  private final List<Point> points;
  private final List<Configuration> configurations;
  private final String comparisonId;

  private CompareGrid(CompareConfig config, List<Point> points, List<Configuration> configurations,
      String comparisonId) {
    this.config = config;
    this.points = List.copyOf(points);
    this.configurations = List.copyOf(configurations);
    this.comparisonId = comparisonId;
  }

  public CompareConfig config() {
    return config;
  }

  public List<Point> points() {
    return points;
  }

  public List<Configuration> configurations() {
    return configurations;
  }

  /**
   * {@code <grid name>-<12 hex>}: the sha256 of the grid's canonical settings, plus the profile's and the
   * {@code --set} flags where given, so the same grid over other data or settings gets rows of its own.
   */
  public String comparisonId() {
    return comparisonId;
  }

  public static CompareGrid expand(CompareConfig config, Path profileOrNull, List<String> sets) {
    List<Point> points = new ArrayList<>();
    List<Configuration> configurations = new ArrayList<>();
    Map<String, String> firstSeen = new LinkedHashMap<>();
    for (int e = 0; e < config.embed().size(); e++) {
      for (int c = 0; c < config.cluster().size(); c++) {
        String where = "embed[" + e + "] x cluster[" + c + "]";
        ObjectNode embedEntry = config.embed().get(e);
        ObjectNode clusterEntry = config.cluster().get(c);
        List<String> overrides = new ArrayList<>(overrides("embed", embedEntry));
        overrides.addAll(overrides("cluster", clusterEntry));
        // The box-size control reads no model: --set embed.* flags meant for the other entries would break it.
        boolean control = CompareConfig.isBoxControl(embedEntry);
        overrides.addAll(control ? sets.stream().filter(s -> !s.startsWith("embed.")).toList() : sets);
        JobConfigLoader.Loaded job;
        try {
          job = JobConfigLoader.load(config.base(), profileOrNull, overrides);
        } catch (ConfigException ex) {
          throw new ConfigException("grid file " + config.file() + ", " + where + ": " + ex.getMessage(), ex);
        }
        JobConfig jobConfig = job.config();
        int number = points.size() + 1;
        String backbone = backboneLabel(jobConfig.embed());
        List<String> varied = settings(clusterEntry, Set.of("algorithms"));
        String description = backbone + " + " + String.join(",", jobConfig.cluster().algorithms())
            + (varied.isEmpty() ? "" : " " + String.join(" ", varied));
        points.add(new Point(number, e, c, List.copyOf(overrides), job, backbone, description));
        for (String algorithm : jobConfig.cluster().algorithms()) {
          String params = params(algorithm, jobConfig.cluster(), clusterEntry, embedEntry);
          String id = backbone + "/" + algorithm + (params.isEmpty() ? "" : "/" + params);
          String earlier = firstSeen.putIfAbsent(id, where);
          if (earlier != null) {
            throw new ConfigException("grid file " + config.file() + ": " + earlier + " and " + where
                + " both give configuration '" + id + "'; drop " + algorithm + " from one of them");
          }
          configurations.add(new Configuration(id, number, backbone, algorithm, params));
        }
      }
    }
    StringBuilder identity = new StringBuilder(config.canonicalJson());
    if (profileOrNull != null) identity.append("|profile=").append(profileContent(profileOrNull));
    if (!sets.isEmpty()) identity.append("|set=").append(String.join("\n", sets));
    String comparisonId = config.name() + "-" + sha256(identity.toString()).substring(0, 12);
    return new CompareGrid(config, points, configurations, comparisonId);
  }

  /**
   * A grid entry as {@code --set} flags under {@code section}: nested mappings become dotted keys and every value is
   * written as JSON, which YAML reads back to the same value ({@code "auto"} stays text, {@code [kmeans, gmm]} a list).
   */
  static List<String> overrides(String section, ObjectNode entry) {
    List<String> out = new ArrayList<>();
    flatten(section, entry, (key, value) -> out.add(key + "=" + value.toString()));
    return out;
  }

  /** The entry's settings as {@code key=value} text, relative to its section, leaving out {@code skip}. */
  static List<String> settings(ObjectNode entry, Set<String> skip) {
    List<String> out = new ArrayList<>();
    flatten("", entry, (key, value) -> {
      if (!skip.contains(key) && !value.isNull()) out.add(key + "=" + text(value));
    });
    return out;
  }

  private interface Leaf {
    void accept(String key, JsonNode value);
  }

  private static void flatten(String prefix, JsonNode node, Leaf leaf) {
    if (node instanceof ObjectNode object) {
      Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        flatten(prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey(), field.getValue(), leaf);
      }
    } else {
      leaf.accept(prefix, node);
    }
  }

  private static String text(JsonNode value) {
    return value.isValueNode() ? value.asText() : value.toString();
  }

  /**
   * {@code hog}; a TorchScript file by its name ({@code mobilenet_v2_imagenet_features_ts}); else backbone:file; the
   * parts of a fusion so, joined by '+'.
   */
  static String backboneLabel(JobConfig.EmbedConfig embed) {
    List<String> labels = new ArrayList<>();
    for (String name : embed.backbones()) {
      if (!name.equals(embed.deepBackbone())) {
        labels.add(name);
        continue;
      }
      String file = embed.modelPath().replaceAll("/+$", "");
      file = file.substring(file.lastIndexOf('/') + 1);
      int dot = file.lastIndexOf('.');
      String stem = dot > 0 ? file.substring(0, dot) : file;
      labels.add(name.equals("torchscript") ? stem : name + ":" + stem);
    }
    return String.join("+", labels);
  }

  /**
   * The algorithm's own settings (k; HDBSCAN's or DBSCAN's sizes), then whatever else the cluster entry sets that
   * applies to this algorithm, then the embed entry's settings other than those naming the backbone.
   */
  static String params(String algorithm, JobConfig.ClusterConfig cluster, ObjectNode clusterEntry,
      ObjectNode embedEntry) {
    List<String> parts = new ArrayList<>();
    Set<String> shown;
    switch (algorithm) {
      case "kmeans", "gmm", "ward" -> {
        parts.add("k=" + (cluster.kIsAuto() ? "auto" : Integer.toString(cluster.k())));
        shown = Set.of("k");
      }
      case "hdbscan" -> {
        JobConfig.HdbscanConfig h = cluster.hdbscan();
        parts.add("min_cluster_size=" + (h.minClusterSizeIsAuto() ? "auto" : Integer.toString(h.minClusterSize())));
        parts.add("min_samples=" + (h.minSamplesIsAuto() ? "auto" : Integer.toString(h.minSamples())));
        shown = Set.of("hdbscan.min_cluster_size", "hdbscan.min_samples");
      }
      case "dbscan" -> {
        JobConfig.DbscanConfig d = cluster.dbscan();
        parts.add("eps=" + (d.eps() == JobConfig.AUTO ? "auto" : plain(d.eps())));
        parts.add("min_samples=" + d.minSamples());
        shown = Set.of("dbscan.eps", "dbscan.min_samples");
      }
      default -> shown = Set.of();
    }
    for (String setting : settings(clusterEntry, Set.of("algorithms"))) {
      String key = setting.substring(0, setting.indexOf('='));
      if (!shown.contains(key) && appliesTo(key, algorithm)) parts.add(setting);
    }
    for (String setting : settings(embedEntry, Set.of("backbone", "model_path", "dimension"))) {
      parts.add("embed." + setting);
    }
    return String.join(" ", parts);
  }

  /** Whether a {@code cluster} setting (dotted key relative to the section) can change this algorithm's result. */
  static boolean appliesTo(String key, String algorithm) {
    String head = key.contains(".") ? key.substring(0, key.indexOf('.')) : key;
    return switch (head) {
      case "k", "auto_k" -> List.of("kmeans", "gmm", "ward").contains(algorithm);
      case "max_iterations" -> List.of("kmeans", "gmm").contains(algorithm);
      case "gmm_dimension" -> algorithm.equals("gmm");
      case "exact_max_points" -> JobConfig.EXACT_ALGORITHMS.contains(algorithm);
      case "hdbscan", "dbscan", "ward" -> algorithm.equals(head);
      default -> true;
    };
  }

  private static String plain(double value) {
    return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }

  private static String profileContent(Path profile) {
    try {
      JsonNode tree = YAML.readTree(profile.toFile());
      return tree == null || tree.isMissingNode() ? "" : CompareConfig.canonical(tree);
    } catch (IOException e) {
      throw new ConfigException("profile " + profile + " is not valid YAML: " + e.getMessage(), e);
    }
  }

  private static String sha256(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
