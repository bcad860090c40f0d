package io.labelatlas.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.labelatlas.config.JobConfig;
import io.labelatlas.store.Table;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code docs/tables.md} is the users' description of {@link Table}: every table, key and column, and nothing stale. */
class TablesDocTest {
  private static final Pattern HEADING = Pattern.compile("^## `([a-z_]+)` - .*\\(key: (.+)\\)\\s*$");

  private static String tablesDoc() throws IOException {
    return Files.readString(Path.of("docs/tables.md"));
  }

  /** The body of the section whose heading names {@code table}, or null. */
  private static String section(String doc, Table table, List<String> keyOut) {
    String[] lines = doc.split("\n");
    StringBuilder body = null;
    for (String line : lines) {
      Matcher heading = HEADING.matcher(line);
      if (line.startsWith("## ")) {
        if (body != null) return body.toString();
        if (heading.matches() && heading.group(1).equals(table.tableName())) {
          for (String key : heading.group(2).split(",")) keyOut.add(key.trim().replace("`", ""));
          body = new StringBuilder();
        }
        continue;
      }
      if (body != null) body.append(line).append('\n');
    }
    return body == null ? null : body.toString();
  }

  @Test
  void everyTableItsKeyAndEveryColumnAreDocumented() throws IOException {
    String doc = tablesDoc();
    for (Table table : Table.values()) {
      List<String> key = new ArrayList<>();
      String body = section(doc, table, key);
      assertTrue(body != null, "docs/tables.md has no section '## `" + table.tableName() + "` - ... (key: ...)'");
      assertEquals(table.key(), key, "key of " + table.tableName() + " in docs/tables.md");
      List<String> documented = new ArrayList<>();
      for (String row : body.split("\n")) {
        if (row.startsWith("| ") && row.indexOf('|', 2) > 0) {
          for (String name : row.substring(2, row.indexOf('|', 2)).split(",")) documented.add(name.trim());
        }
      }
      for (String column : table.schema().fieldNames()) {
        assertTrue(documented.contains(column),
            "docs/tables.md: table " + table.tableName() + " does not describe column " + column);
      }
    }
  }

  @Test
  void theEmbeddingsBackboneColumnNamesEveryBackbone() throws IOException {
    String body = section(tablesDoc(), Table.EMBEDDINGS, new ArrayList<>());
    String backboneRow = body.lines().filter(l -> l.startsWith("| backbone |")).findFirst().orElseThrow();
    assertFalse(backboneRow.contains("follow"), "stale promise in docs/tables.md: " + backboneRow);
    for (String backbone : JobConfig.BACKBONES) {
      assertTrue(backboneRow.contains("`" + backbone + "`"), "docs/tables.md backbone row lacks " + backbone);
    }
  }

  @Test
  void theDocsDoNotClaimThatEveryWriteIsAMerge() throws IOException {
    // Run-scoped tables are appended on a run's first attempt (DeltaStore.writeRunScoped) and merged on reruns.
    for (Path doc : List.of(Path.of("README.md"), Path.of("docs/tables.md"), Path.of("docs/architecture.md"))) {
      String text = Files.readString(doc).replaceAll("\\s+", " ");
      assertFalse(text.matches("(?i).*every (table is written|write is) (with )?a Delta .?MERGE.*"),
          doc + " claims every write is a MERGE; first attempts of run-scoped tables append");
    }
  }
}
