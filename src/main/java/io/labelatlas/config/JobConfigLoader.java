package io.labelatlas.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Layers a job file, an optional profile and {@code --set key=value} overrides into one validated {@link JobConfig}.
 * Later layers win key by key; a profile is a job-shaped YAML file that usually sets only {@code spark} and
 * {@code output}.
 */
public final class JobConfigLoader {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper CANONICAL =
      new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

  private JobConfigLoader() {}

  /** The merged settings tree and the config built from it. */
  public record Loaded(JobConfig config, JsonNode tree) {
    /**
     * The effective settings as canonical JSON (sorted keys), recorded in the {@code runs} table. Values of keys that
     * look like secrets (S3 keys, passwords, tokens) are replaced by {@code <redacted>}: secrets belong in Hadoop's
     * credential providers, and if a job file carries one anyway it must not reach a table or a log.
     */
    public String canonicalJson() {
      try {
        Object asMap = CANONICAL.treeToValue(redacted(tree.deepCopy()), Object.class);
        return CANONICAL.writeValueAsString(asMap);
      } catch (JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** Matched against the full dotted path of a setting, so nested YAML ({@code secret: {key: ...}}) is caught too. */
  private static final java.util.regex.Pattern SECRET_PATH = java.util.regex.Pattern.compile(
      "(?i).*(secret|password|passwd|token|credential|access\\.key|session\\.key|account\\.key|private\\.key"
          + "|encryption\\.key|(^|\\.)key$).*");
  private static final String REDACTED = "<redacted>";

  static JsonNode redacted(JsonNode node) {
    return redacted(node, "");
  }

  /**
   * Replaces secret-looking values in place. A list's elements sit at the list's own path ({@code tokens: [a, b]},
   * {@code hadoop: [{fs.s3a.secret.key: x}]}); a {@code {key|name: setting, value: v}} pair (Kubernetes' idiom) is
   * judged by the setting it names, and a {@code setting=value} list element (spark-submit's {@code --conf}) by its
   * setting.
   */
  private static JsonNode redacted(JsonNode node, String path) {
    if (node instanceof ObjectNode object) {
      String pairName = pairName(object);
      Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        String fieldPath = join(path, field.getKey());
        if (pairName != null && field.getKey().equals("value")) {
          if (isSecret(join(path, pairName))) field.setValue(JsonNodeFactory.instance.textNode(REDACTED));
          else redacted(field.getValue(), join(path, pairName));
        } else if (pairName != null && (field.getKey().equals("key") || field.getKey().equals("name"))) {
          continue; // the name of a setting, not its value
        } else if (field.getValue().isValueNode() && isSecret(fieldPath)) {
          field.setValue(JsonNodeFactory.instance.textNode(REDACTED));
        } else {
          redacted(field.getValue(), fieldPath);
        }
      }
    } else if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        JsonNode element = array.get(i);
        if (element.isValueNode() && isSecret(path)) {
          array.set(i, JsonNodeFactory.instance.textNode(REDACTED));
        } else if (element.isTextual() && element.asText().indexOf('=') > 0) {
          String text = element.asText();
          String setting = text.substring(0, text.indexOf('=')).trim();
          if (isSecret(join(path, setting))) array.set(i, JsonNodeFactory.instance.textNode(setting + "=" + REDACTED));
        } else {
          redacted(element, path);
        }
      }
    }
    return node;
  }

  /** The setting a {@code {key: ..., value: ...}} or {@code {name: ..., value: ...}} object names, else null. */
  private static String pairName(ObjectNode object) {
    if (!object.has("value")) return null;
    for (String name : List.of("key", "name")) {
      if (object.path(name).isTextual()) return object.get(name).asText();
    }
    return null;
  }

  private static boolean isSecret(String path) {
    return !path.isEmpty() && SECRET_PATH.matcher(path).matches() && !path.endsWith(".provider");
  }

  private static String join(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  public static Loaded load(Path jobFile, Path profileOrNull, List<String> overrides) {
    ObjectNode tree = readYaml(jobFile, "job file");
    if (profileOrNull != null) merge(tree, readYaml(profileOrNull, "profile"));
    for (String override : overrides) applyOverride(tree, override);
    return build(tree, jobFile.toString());
  }

  /** Builds from YAML text: for tests and for job definitions held in memory (the demo job inside the jar). */
  public static Loaded fromYaml(String yaml, List<String> overrides) {
    return fromYaml(yaml, null, overrides);
  }

  public static Loaded fromYaml(String yaml, Path profileOrNull, List<String> overrides) {
    ObjectNode tree;
    try {
      JsonNode parsed = YAML.readTree(yaml);
      tree = parsed instanceof ObjectNode o ? o : JsonNodeFactory.instance.objectNode();
    } catch (IOException e) {
      throw new ConfigException("job text is not valid YAML: " + e.getMessage(), e);
    }
    if (profileOrNull != null) merge(tree, readYaml(profileOrNull, "profile"));
    for (String override : overrides) applyOverride(tree, override);
    return build(tree, "job text");
  }

  /**
   * Builds the {@code cluster} section alone from {@code key=value} settings relative to it ({@code k=8},
   * {@code hdbscan.min_samples=5}), with the same defaults and validation as a job file.
   */
  public static JobConfig.ClusterConfig clusterConfig(List<String> settings) {
    ObjectNode tree = JsonNodeFactory.instance.objectNode();
    for (String setting : settings) applyOverride(tree, setting);
    return ClusterSection.parse(new ConfigSection("cluster", tree));
  }

  private static Loaded build(ObjectNode tree, String origin) {
    try {
      return new Loaded(JobConfig.from(new ConfigSection("", tree)), tree);
    } catch (ConfigException e) {
      throw new ConfigException(origin + ": " + e.getMessage(), e);
    }
  }

  private static ObjectNode readYaml(Path file, String what) {
    if (!Files.isRegularFile(file)) throw new ConfigException(what + " " + file + " does not exist or is not a file");
    try {
      JsonNode parsed = YAML.readTree(file.toFile());
      if (parsed == null || parsed.isMissingNode() || parsed.isNull()) return JsonNodeFactory.instance.objectNode();
      if (!(parsed instanceof ObjectNode object)) {
        throw new ConfigException(what + " " + file + " must be a YAML mapping of settings");
      }
      return object;
    } catch (IOException e) {
      throw new ConfigException(what + " " + file + " is not valid YAML: " + e.getMessage(), e);
    }
  }

  static void merge(ObjectNode target, ObjectNode overlay) {
    Iterator<Map.Entry<String, JsonNode>> fields = overlay.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      JsonNode existing = target.get(field.getKey());
      if (existing instanceof ObjectNode existingObject && field.getValue() instanceof ObjectNode overlayObject) {
        merge(existingObject, overlayObject);
      } else {
        target.set(field.getKey(), field.getValue().deepCopy());
      }
    }
  }

  /** {@code a.b.c=value}; the value is read as a YAML scalar or flow list, so {@code k=8} is a number. */
  static void applyOverride(ObjectNode tree, String override) {
    int eq = override.indexOf('=');
    if (eq <= 0) throw new ConfigException("--set '" + override + "' is not of the form key=value");
    String key = override.substring(0, eq).trim();
    String text = override.substring(eq + 1);
    JsonNode value;
    try {
      value = text.isEmpty() ? JsonNodeFactory.instance.textNode("") : YAML.readTree(text);
      if (value == null || value.isMissingNode()) value = JsonNodeFactory.instance.textNode(text);
    } catch (IOException e) {
      value = JsonNodeFactory.instance.textNode(text);
    }
    String[] parts = key.split("\\.");
    ObjectNode node = tree;
    // spark.conf keys contain dots themselves: everything after 'spark.conf.' is one key.
    int last = parts.length - 1;
    if (parts.length > 2 && parts[0].equals("spark") && parts[1].equals("conf")) last = 2;
    for (int i = 0; i < last; i++) {
      JsonNode child = node.get(parts[i]);
      if (!(child instanceof ObjectNode)) {
        child = JsonNodeFactory.instance.objectNode();
        node.set(parts[i], child);
      }
      node = (ObjectNode) child;
    }
    String leaf = last == parts.length - 1 ? parts[last] : key.substring("spark.conf.".length());
    node.set(leaf, value);
  }
}
