package io.labelatlas.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.labelatlas.evaluate.TableMetric;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompareConfigTest {
  static final String BASE = "name: base\ninput: {kind: folders, path: /data}\ncluster: {algorithms: [kmeans], k: 6}\n";

  static Path grid(Path dir, String yaml) throws IOException {
    Files.createDirectories(dir.resolve("jobs"));
    Files.writeString(dir.resolve("jobs/base.yaml"), BASE);
    Path file = dir.resolve("jobs/grid.yaml");
    Files.writeString(file, yaml);
    return file;
  }

  private static ConfigException fails(Path dir, String yaml) throws IOException {
    Path file = grid(dir, yaml);
    ConfigException e = assertThrows(ConfigException.class, () -> CompareConfig.load(file));
    assertTrue(e.getMessage().contains(file.toString()), "names the grid file: " + e.getMessage());
    return e;
  }

  @Test
  void readsAGridWithTheDocumentedDefaults(@TempDir Path dir) throws IOException {
    CompareConfig config = CompareConfig.load(grid(dir, "name: g\nbase: base.yaml\n"));
    assertEquals("g", config.name());
    assertEquals(dir.resolve("jobs/base.yaml").toAbsolutePath(), config.base(), "base is relative to the grid file");
    assertEquals("ami", config.rankBy());
    assertEquals(CompareConfig.DEFAULT_METRICS, config.metrics());
    assertEquals(1000, config.resamples());
    assertEquals(0.95, config.confidence());
    assertEquals(7, config.seed());
    assertEquals(2, config.embed().size(), "no embed list: one run with the base's embed section, and the control");
    assertEquals(0, config.embed().get(0).size());
    assertEquals("box_size", config.embed().get(1).get("backbone").asText());
    assertTrue(config.embed().get(1).get("model_path").isNull(), "a deep base job's model is cleared for the control");
    assertEquals(1, config.cluster().size());
    assertEquals("out/g/compare.md", config.markdown());
    assertEquals("out/g/compare.csv", config.csv());
  }

  @Test
  void rankByComesFirstAmongTheMetrics(@TempDir Path dir) throws IOException {
    CompareConfig config = CompareConfig.load(grid(dir,
        "name: g\nbase: base.yaml\nrank_by: ari\nmetrics: [nmi, silhouette, nmi]\nresamples: 0\n"
            + "embed: [{backbone: hog}, {}]\ncluster: [{k: 4}, {k: 5}, {k: 6}]\n"
            + "output: {markdown: a.md, csv: a.csv}\nbox_control: false\n"));
    assertEquals(List.of("ari", "nmi", "silhouette"), config.metrics());
    assertEquals(0, config.resamples());
    assertEquals(2, config.embed().size());
    assertEquals(3, config.cluster().size());
    assertEquals(5, config.cluster().get(1).get("k").asInt());
    assertEquals("a.md", config.markdown());
  }

  @Test
  void canonicalContentIgnoresKeyOrderAndFormatting(@TempDir Path a, @TempDir Path b) throws IOException {
    CompareConfig one = CompareConfig.load(grid(a, "name: g\nbase: base.yaml\ncluster: [{k: 4, seed: 1}]\n"));
    CompareConfig two = CompareConfig.load(grid(b, "base: base.yaml   # comment\nname: g\ncluster:\n  - seed: 1\n"
        + "    k: 4\n"));
    assertEquals(one.canonicalJson(), two.canonicalJson());
    CompareConfig three = CompareConfig.load(grid(b, "name: g\nbase: base.yaml\ncluster: [{k: 5, seed: 1}]\n"));
    assertNotEquals(one.canonicalJson(), three.canonicalJson());
  }

  @Test
  void badSettingsNameTheFileAndTheKey(@TempDir Path dir) throws IOException {
    assertTrue(fails(dir, "name: g\nbase: base.yaml\nrank_by_: ami\n").getMessage().contains("rank_by_"));
    assertTrue(fails(dir, "base: base.yaml\n").getMessage().contains("'name'"));
    assertTrue(fails(dir, "name: g h\nbase: base.yaml\n").getMessage().contains("'name'"));
    assertTrue(fails(dir, "name: g\nbase: missing.yaml\n").getMessage().contains("'base'"));
    ConfigException silhouette = fails(dir, "name: g\nbase: base.yaml\nrank_by: silhouette\n");
    assertTrue(silhouette.getMessage().contains("'rank_by'") && silhouette.getMessage().contains("ami"),
        silhouette.getMessage());
    assertTrue(fails(dir, "name: g\nbase: base.yaml\nmetrics: [ami, purity_macro]\n").getMessage()
        .contains("macro_purity"));
    assertTrue(fails(dir, "name: g\nbase: base.yaml\nmetrics: [ami, amii]\n").getMessage().contains("amii"));
    assertTrue(fails(dir, "name: g\nbase: base.yaml\nresamples: 1\n").getMessage().contains("'resamples'"));
    assertTrue(fails(dir, "name: g\nbase: base.yaml\nresamples: -5\n").getMessage().contains("'resamples'"));
    assertTrue(fails(dir, "name: g\nbase: base.yaml\nembed: {backbone: hog}\n").getMessage().contains("'embed'"));
    assertTrue(fails(dir, "name: g\nbase: base.yaml\ncluster: []\n").getMessage().contains("'cluster'"));
    assertTrue(fails(dir, "name: g\nbase: base.yaml\ncluster: [{k: 4}, kmeans]\n").getMessage()
        .contains("'cluster[1]'"));
    assertTrue(fails(dir, "name: g\nbase: base.yaml\noutput: {markdwn: a.md}\n").getMessage()
        .contains("output.markdwn"));
    assertTrue(fails(dir, "- name: g\n").getMessage().contains("mapping"));
  }

  @Test
  void missingGridFileIsNamed(@TempDir Path dir) {
    ConfigException e = assertThrows(ConfigException.class, () -> CompareConfig.load(dir.resolve("nope.yaml")));
    assertTrue(e.getMessage().contains("nope.yaml"), e.getMessage());
  }

  @Test
  void tableMetricNamesMatchTheEvaluateStage() {
    assertEquals(Arrays.stream(TableMetric.values()).map(TableMetric::metricName).toList(),
        CompareConfig.TABLE_METRICS);
  }
}
