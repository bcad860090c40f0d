package io.labelatlas.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One mapping of a job file being turned into a typed config record. Every read marks its key as known, and
 * {@link #finish()} rejects whatever was left unread, so a misspelt key fails instead of being silently ignored.
 */
final class ConfigSection {
  private final String path;
  private final ObjectNode node;
  private final Set<String> read = new LinkedHashSet<>();

  ConfigSection(String path, JsonNode node) {
    this.path = path;
    if (node == null || node.isNull() || node.isMissingNode()) {
      this.node = JsonNodeFactory.instance.objectNode();
    } else if (node.isObject()) {
      this.node = (ObjectNode) node;
    } else {
      throw new ConfigException(where() + " must be a mapping of settings, found " + describe(node));
    }
  }

  private String where() {
    return path.isEmpty() ? "the job" : "'" + path + "'";
  }

  String key(String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  /** Whether the job sets {@code name} (to anything but null). */
  boolean has(String name) {
    JsonNode value = node.get(name);
    return value != null && !value.isNull();
  }

  private JsonNode take(String name) {
    read.add(name);
    JsonNode value = node.get(name);
    return value == null || value.isNull() ? null : value;
  }

  ConfigSection section(String name) {
    return new ConfigSection(key(name), take(name));
  }

  String string(String name, String fallback) {
    JsonNode value = take(name);
    if (value == null) return fallback;
    if (!value.isValueNode()) throw bad(name, value, "a text value");
    return value.asText();
  }

  String requiredString(String name) {
    String value = string(name, null);
    if (value == null || value.isBlank()) throw new ConfigException("missing required setting '" + key(name) + "'");
    return value;
  }

  String choice(String name, String fallback, List<String> allowed) {
    String value = string(name, fallback);
    if (value != null && !allowed.contains(value)) {
      throw new ConfigException("'" + key(name) + "' = '" + value + "' is not one of " + allowed);
    }
    return value;
  }

  int integer(String name, int fallback, int min, int max) {
    return (int) longValue(name, fallback, min, max);
  }

  long longValue(String name, long fallback, long min, long max) {
    JsonNode value = take(name);
    if (value == null) return fallback;
    long parsed;
    if (value.isIntegralNumber() && value.canConvertToLong()) {
      parsed = value.asLong();
    } else if (value.isTextual() && value.asText().trim().matches("-?\\d{1,18}")) {
      parsed = Long.parseLong(value.asText().trim());
    } else {
      throw bad(name, value, "a whole number in " + min + ".." + max);
    }
    if (parsed < min || parsed > max) {
      throw new ConfigException("'" + key(name) + "' = " + parsed + " is out of range " + min + ".." + max);
    }
    return parsed;
  }

  double decimal(String name, double fallback, double min, double max) {
    JsonNode value = take(name);
    if (value == null) return fallback;
    double parsed;
    if (value.isNumber()) {
      parsed = value.asDouble();
    } else {
      try {
        parsed = Double.parseDouble(value.asText().trim());
      } catch (NumberFormatException e) {
        throw bad(name, value, "a number in " + min + ".." + max);
      }
    }
    if (!(parsed >= min && parsed <= max)) {
      throw new ConfigException("'" + key(name) + "' = " + parsed + " is out of range " + min + ".." + max);
    }
    return parsed;
  }

  boolean bool(String name, boolean fallback) {
    JsonNode value = take(name);
    if (value == null) return fallback;
    if (value.isBoolean()) return value.asBoolean();
    String text = value.asText().trim().toLowerCase();
    if (text.equals("true") || text.equals("yes")) return true;
    if (text.equals("false") || text.equals("no")) return false;
    throw bad(name, value, "true or false");
  }

  List<String> stringList(String name, List<String> fallback) {
    JsonNode value = take(name);
    if (value == null) return fallback;
    List<String> out = new ArrayList<>();
    if (value.isArray()) {
      for (JsonNode item : value) {
        if (!item.isValueNode()) throw bad(name, value, "a list of text values");
        out.add(item.asText());
      }
    } else if (value.isValueNode()) {
      for (String part : value.asText().split(",")) {
        if (!part.isBlank()) out.add(part.trim());
      }
    } else {
      throw bad(name, value, "a list of text values");
    }
    return List.copyOf(out);
  }

  /** A free-form string map (Spark settings); values are kept as text. */
  Map<String, String> stringMap(String name) {
    JsonNode value = take(name);
    Map<String, String> out = new LinkedHashMap<>();
    if (value == null) return out;
    if (!value.isObject()) throw bad(name, value, "a mapping of key: value");
    flatten("", value, out);
    return out;
  }

  private static void flatten(String prefix, JsonNode value, Map<String, String> out) {
    if (value.isObject()) {
      Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        flatten(prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey(), field.getValue(), out);
      }
    } else {
      out.put(prefix, value.asText());
    }
  }

  /** Rejects keys that no reader asked for. */
  void finish() {
    Iterator<String> names = node.fieldNames();
    List<String> unknown = new ArrayList<>();
    while (names.hasNext()) {
      String name = names.next();
      if (!read.contains(name)) unknown.add(key(name));
    }
    if (!unknown.isEmpty()) {
      throw new ConfigException("unknown setting" + (unknown.size() > 1 ? "s " : " ") + String.join(", ", unknown)
          + (read.isEmpty() ? "" : " (known here: " + String.join(", ", read) + ")"));
    }
  }

  private ConfigException bad(String name, JsonNode value, String expected) {
    return new ConfigException("'" + key(name) + "' = " + describe(value) + " is not " + expected);
  }

  private static String describe(JsonNode value) {
    if (value.isObject()) return "a mapping";
    if (value.isArray()) return "a list";
    return "'" + value.asText() + "'";
  }
}
