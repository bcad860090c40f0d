package io.labelatlas.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A comparison grid ({@code jobs/compare-*.yaml}): a base job and the embed and cluster settings that vary. Every
 * (embed entry, cluster entry) pair is one run of the base job with those entries merged key by key into its
 * {@code embed} and {@code cluster} sections; {@link CompareGrid} expands it.
 *
 * @param name letters, digits, '.', '_' and '-'; the comparison id starts with it
 * @param file the grid file
 * @param base the base job file, resolved against the grid file's folder
 * @param rankBy the metric that picks the best configuration: one the contingency table determines (one of
 *     {@link #TABLE_METRICS}), so that "p vs best" can be bootstrapped from the joint counts
 * @param metrics the columns of the comparison, {@code rankBy} first
 * @param resamples paired bootstrap resamples for "p vs best"; 0 skips the p-values
 * @param confidence level of the bootstrap intervals of the differences
 * @param seed seed of the paired bootstrap
 * @param embed overrides of the base job's {@code embed} section, one per entry; unless {@code box_control: false},
 *     ending with the box-size control ({@code backbone: box_size}) when no entry is one already
 * @param cluster overrides of the base job's {@code cluster} section, one per entry
 * @param markdown where the Markdown table goes (relative paths: against the working directory, as in jobs)
 * @param csv where the CSV goes
 * @param canonicalJson the grid file's settings as canonical JSON (sorted keys): what the comparison id hashes
 */
public record CompareConfig(
    String name,
    Path file,
    Path base,
    String rankBy,
    List<String> metrics,
    int resamples,
    double confidence,
    long seed,
    List<ObjectNode> embed,
    List<ObjectNode> cluster,
    String markdown,
    String csv,
    String canonicalJson) {

  /**
   * The names of {@code evaluate.TableMetric}, the metrics "p vs best" can be computed for (config depends on no
   * stage, so the list is repeated here; a test keeps the two equal).
   */
  public static final List<String> TABLE_METRICS =
      List.of("purity", "macro_purity", "nmi", "ami", "ari", "homogeneity", "completeness", "v_measure");
  /** Metrics a comparison can show besides {@link #TABLE_METRICS} (read from the {@code metrics} table only). */
  public static final List<String> OTHER_METRICS = List.of("silhouette", "davies_bouldin", "dbcv");
  public static final List<String> DEFAULT_METRICS = List.of("ami", "nmi", "ari", "purity", "v_measure", "silhouette");

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper CANONICAL =
      new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

  public CompareConfig {
    metrics = List.copyOf(metrics);
    embed = embed.stream().map(ObjectNode::deepCopy).toList();
    cluster = cluster.stream().map(ObjectNode::deepCopy).toList();
  }

  /** Every metric name the grid may list. */
  public static List<String> knownMetrics() {
    List<String> known = new ArrayList<>(TABLE_METRICS);
    known.addAll(OTHER_METRICS);
    return known;
  }

  /** Reads and validates a grid file; every message names the file and the key. */
  public static CompareConfig load(Path file) {
    if (!Files.isRegularFile(file)) throw new ConfigException("grid file " + file + " does not exist or is not a file");
    JsonNode parsed;
    try {
      parsed = YAML.readTree(file.toFile());
    } catch (IOException e) {
      throw new ConfigException("grid file " + file + " is not valid YAML: " + e.getMessage(), e);
    }
    if (!(parsed instanceof ObjectNode tree)) {
      throw new ConfigException("grid file " + file + " must be a YAML mapping (name, base, embed, cluster, ...)");
    }
    try {
      return fromTree(file, tree);
    } catch (ConfigException e) {
      throw new ConfigException("grid file " + file + ": " + e.getMessage(), e);
    }
  }

  private static CompareConfig fromTree(Path file, ObjectNode tree) {
    String canonical = canonical(tree);
    ObjectNode scalars = tree.deepCopy();
    List<ObjectNode> embed = entries(scalars.remove("embed"), "embed");
    List<ObjectNode> cluster = entries(scalars.remove("cluster"), "cluster");
    ConfigSection root = new ConfigSection("", scalars);

    String name = root.requiredString("name");
    if (!name.matches("[A-Za-z0-9_.-]+")) {
      throw new ConfigException("'name' = '" + name + "' may hold only letters, digits, '.', '_' and '-'");
    }
    String baseText = root.requiredString("base");
    Path folder = file.toAbsolutePath().getParent();
    Path base = folder.resolve(baseText).normalize();
    if (!Files.isRegularFile(base)) {
      throw new ConfigException("'base' = '" + baseText + "': no such job file " + base
          + " (relative paths are resolved against the grid file's folder)");
    }
    String rankBy = root.string("rank_by", "ami");
    if (!TABLE_METRICS.contains(rankBy)) {
      throw new ConfigException("'rank_by' = '" + rankBy + "' is not one of " + TABLE_METRICS
          + " (the best configuration is chosen, and tested against, by a metric of the contingency table)");
    }
    List<String> listed = root.stringList("metrics", DEFAULT_METRICS);
    Set<String> metrics = new LinkedHashSet<>();
    metrics.add(rankBy);
    for (String metric : listed) {
      if (metric.equals("purity_macro")) {
        throw new ConfigException("'metrics' names 'purity_macro': the metrics table calls it 'macro_purity'");
      }
      if (!knownMetrics().contains(metric)) {
        throw new ConfigException("'metrics' names '" + metric + "', not one of " + knownMetrics());
      }
      metrics.add(metric);
    }
    int resamples = root.integer("resamples", 1000, 0, 1_000_000);
    if (resamples == 1) throw new ConfigException("'resamples' = 1: use 0 (no p vs best) or at least 2 (1000 or more)");
    double confidence = root.decimal("confidence", 0.95, 0.5, 0.999);
    long seed = root.longValue("seed", 7, Long.MIN_VALUE, Long.MAX_VALUE);
    if (root.bool("box_control", true) && embed.stream().noneMatch(CompareConfig::isBoxControl)) {
      embed.add(boxControl());
    }
    ConfigSection output = root.section("output");
    String markdown = output.string("markdown", "out/" + name + "/compare.md");
    String csv = output.string("csv", "out/" + name + "/compare.csv");
    output.finish();
    if (markdown.isBlank() || csv.isBlank()) {
      throw new ConfigException("'output.markdown' and 'output.csv' need a path");
    }
    try {
      root.finish();
    } catch (ConfigException e) {
      throw new ConfigException(e.getMessage() + " (a grid also has: embed, cluster)", e);
    }
    return new CompareConfig(name, file, base, rankBy, List.copyOf(metrics), resamples, confidence, seed, embed,
        cluster, markdown, csv, canonical);
  }

  /** Whether an embed entry is the box-size control ({@code backbone: box_size}, or a list of just that). */
  static boolean isBoxControl(ObjectNode entry) {
    JsonNode backbone = entry.get("backbone");
    if (backbone != null && backbone.isArray() && backbone.size() == 1) backbone = backbone.get(0);
    return backbone != null && backbone.isTextual() && backbone.asText().equals("box_size");
  }

  /** The box-size control: the box's log width and height, no pixels; deep settings of the base job cleared. */
  private static ObjectNode boxControl() {
    ObjectNode entry = JsonNodeFactory.instance.objectNode();
    entry.put("backbone", "box_size");
    for (String key : List.of("model_path", "dimension", "layers", "pooling")) entry.putNull(key);
    return entry;
  }

  /** A list of mappings; absent or empty means one entry that changes nothing. */
  private static List<ObjectNode> entries(JsonNode node, String key) {
    List<ObjectNode> entries = new ArrayList<>();
    if (node == null || node.isNull()) {
      entries.add(JsonNodeFactory.instance.objectNode());
      return entries;
    }
    if (!node.isArray()) {
      throw new ConfigException("'" + key + "' must be a list of mappings, each overriding the base job's " + key
          + " section, e.g. " + key + ": [{...}, {...}]");
    }
    if (node.isEmpty()) throw new ConfigException("'" + key + "' is an empty list: leave it out to keep the base's");
    for (int i = 0; i < node.size(); i++) {
      JsonNode entry = node.get(i);
      if (entry == null || entry.isNull()) {
        entries.add(JsonNodeFactory.instance.objectNode());
      } else if (entry instanceof ObjectNode object) {
        entries.add(object);
      } else {
        throw new ConfigException("'" + key + "[" + i + "]' must be a mapping of " + key + " settings, found '"
            + entry.asText() + "'");
      }
    }
    return entries;
  }

  static String canonical(JsonNode tree) {
    try {
      return CANONICAL.writeValueAsString(CANONICAL.treeToValue(tree, Object.class));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
