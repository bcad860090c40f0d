package io.labelatlas.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompareGridTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private static ObjectNode entry(String yaml) throws IOException {
    return (ObjectNode) YAML.readTree(yaml);
  }

  private static CompareGrid expand(Path dir, String yaml, List<String> sets) throws IOException {
    return CompareGrid.expand(CompareConfig.load(CompareConfigTest.grid(dir, yaml)), null, sets);
  }

  @Test
  void entriesBecomeSetFlagsThatReadBackAsTheSameValues() throws IOException {
    List<String> overrides = CompareGrid.overrides("cluster", entry(
        "{algorithms: [kmeans, gmm], k: 6, hdbscan: {min_cluster_size: auto, min_samples: 5}, dbscan: {eps: 0.5}}"));
    assertEquals(List.of("cluster.algorithms=[\"kmeans\",\"gmm\"]", "cluster.k=6",
        "cluster.hdbscan.min_cluster_size=\"auto\"", "cluster.hdbscan.min_samples=5", "cluster.dbscan.eps=0.5"),
        overrides);
    JobConfig config = JobConfigLoader.fromYaml(CompareConfigTest.BASE, overrides).config();
    assertEquals(List.of("kmeans", "gmm"), config.cluster().algorithms());
    assertTrue(config.cluster().hdbscan().minClusterSizeIsAuto());
    assertEquals(5, config.cluster().hdbscan().minSamples());
    assertEquals(0.5, config.cluster().dbscan().eps());
    // A path that YAML would read as something else stays text, since it is written as a JSON string.
    List<String> embed = CompareGrid.overrides("embed",
        entry("{backbone: torchscript, model_path: 'models/a: b.pt', dimension: 1280}"));
    JobConfig deep = JobConfigLoader.fromYaml(CompareConfigTest.BASE, embed).config();
    assertEquals("models/a: b.pt", deep.embed().modelPath());
    assertEquals(1280, deep.embed().dimension());
  }

  @Test
  void paramsShowTheAlgorithmsOwnSettingsAndWhatTheEntryChangesForIt() throws IOException {
    ObjectNode cluster = entry("{algorithms: [kmeans, hdbscan, dbscan], k: auto, max_iterations: 80, seed: 3,"
        + " hdbscan: {min_cluster_size: 15, selection: leaf}, dbscan: {min_samples: 4}}");
    JobConfig.ClusterConfig config = JobConfigLoader.fromYaml(CompareConfigTest.BASE,
        CompareGrid.overrides("cluster", cluster)).config().cluster();
    ObjectNode embed = entry("{backbone: hog, batch_size: 8}");
    assertEquals("k=auto max_iterations=80 seed=3 embed.batch_size=8",
        CompareGrid.params("kmeans", config, cluster, embed));
    assertEquals("min_cluster_size=15 min_samples=auto seed=3 hdbscan.selection=leaf embed.batch_size=8",
        CompareGrid.params("hdbscan", config, cluster, embed));
    assertEquals("eps=auto min_samples=4 seed=3", CompareGrid.params("dbscan", config, cluster, entry("{}")));
    assertTrue(CompareGrid.appliesTo("auto_k.max", "ward"));
    assertFalse(CompareGrid.appliesTo("gmm_dimension", "kmeans"));
    assertFalse(CompareGrid.appliesTo("hdbscan.min_samples", "dbscan"));
    assertTrue(CompareGrid.appliesTo("exact_max_points", "dbscan"));
  }

  @Test
  void backboneLabels() {
    JobConfig.EmbedConfig hog = JobConfigLoader.fromYaml(CompareConfigTest.BASE, List.of()).config().embed();
    assertEquals("hog", CompareGrid.backboneLabel(hog));
    JobConfig.EmbedConfig mobileNet = JobConfigLoader.fromYaml(CompareConfigTest.BASE, List.of(
        "embed.backbone=torchscript", "embed.model_path=s3a://m/mobilenet_v2_features_ts.pt", "embed.dimension=1280"))
        .config().embed();
    assertEquals("mobilenet_v2_features_ts", CompareGrid.backboneLabel(mobileNet));
    JobConfig.EmbedConfig resnet = JobConfigLoader.fromYaml(CompareConfigTest.BASE, List.of(
        "embed.backbone=resnet50", "embed.model_path=/models/r50.pt")).config().embed();
    assertEquals("resnet50:r50", CompareGrid.backboneLabel(resnet));
  }

  @Test
  void everyEmbedEntryMeetsEveryClusterEntryAndSetFlagsComeLast(@TempDir Path dir) throws IOException {
    CompareGrid grid = expand(dir, "name: g\nbase: base.yaml\n"
        + "embed: [{backbone: hog}, {backbone: hog, batch_size: 8}]\n"
        + "cluster: [{algorithms: [kmeans, gmm], k: 5}, {algorithms: [hdbscan], hdbscan: {min_samples: 3}}]\n"
        + "box_control: false\n", List.of("reduce.dimension=7"));
    assertEquals(4, grid.points().size());
    assertEquals(List.of(0, 0, 1, 1), grid.points().stream().map(CompareGrid.Point::embedEntry).toList());
    assertEquals(List.of(0, 1, 0, 1), grid.points().stream().map(CompareGrid.Point::clusterEntry).toList());
    CompareGrid.Point first = grid.points().get(0);
    assertEquals(1, first.number());
    assertEquals("hog + kmeans,gmm k=5", first.description());
    assertEquals(List.of("embed.backbone=\"hog\"", "cluster.algorithms=[\"kmeans\",\"gmm\"]", "cluster.k=5",
        "reduce.dimension=7"), first.overrides());
    assertEquals(5, first.job().config().cluster().k());
    assertEquals(7, first.job().config().reduce().dimension());
    assertEquals(8, grid.points().get(3).job().config().embed().batchSize());
    assertEquals(List.of("hog/kmeans/k=5", "hog/gmm/k=5", "hog/hdbscan/min_cluster_size=auto min_samples=3",
            "hog/kmeans/k=5 embed.batch_size=8", "hog/gmm/k=5 embed.batch_size=8",
            "hog/hdbscan/min_cluster_size=auto min_samples=3 embed.batch_size=8"),
        grid.configurations().stream().map(CompareGrid.Configuration::id).toList());
    assertEquals(List.of(1, 1, 2, 3, 3, 4), grid.configurations().stream().map(CompareGrid.Configuration::point)
        .toList());
  }

  @Test
  void comparisonIdHashesTheGridAndTheFlags(@TempDir Path dir) throws IOException {
    String yaml = "name: g\nbase: base.yaml\ncluster: [{k: 4}, {k: 5}]\n";
    String id = expand(dir, yaml, List.of()).comparisonId();
    assertTrue(id.matches("g-[0-9a-f]{12}"), id);
    assertEquals(id, expand(dir, yaml + "# a comment\n", List.of()).comparisonId());
    assertNotEquals(id, expand(dir, yaml, List.of("crop.margin=12")).comparisonId());
    assertNotEquals(id, expand(dir, "name: g\nbase: base.yaml\ncluster: [{k: 4}, {k: 6}]\n", List.of())
        .comparisonId());
  }

  @Test
  void theSameConfigurationTwiceIsAnError(@TempDir Path dir) throws IOException {
    ConfigException e = assertThrows(ConfigException.class, () -> expand(dir,
        "name: g\nbase: base.yaml\ncluster: [{algorithms: [kmeans], k: 4}, {algorithms: [kmeans, gmm], k: 4}]\n",
        List.of()));
    assertTrue(e.getMessage().contains("cluster[0]") && e.getMessage().contains("cluster[1]")
        && e.getMessage().contains("hog/kmeans/k=4"), e.getMessage());
  }

  @Test
  void aBadEntryNamesTheGridFileTheEntryAndTheKey(@TempDir Path dir) throws IOException {
    ConfigException unknown = assertThrows(ConfigException.class, () -> expand(dir,
        "name: g\nbase: base.yaml\ncluster: [{k: 4}, {kk: 4}]\n", List.of()));
    assertTrue(unknown.getMessage().contains("grid.yaml") && unknown.getMessage().contains("cluster[1]")
        && unknown.getMessage().contains("cluster.kk"), unknown.getMessage());
    ConfigException deep = assertThrows(ConfigException.class, () -> expand(dir,
        "name: g\nbase: base.yaml\nembed: [{backbone: torchscript}]\n", List.of()));
    assertTrue(deep.getMessage().contains("embed[0]") && deep.getMessage().contains("embed.model_path"),
        deep.getMessage());
  }

  @Test
  void theBoxSizeControlJoinsEveryGridAndIgnoresEmbedSetFlags(@TempDir Path dir) throws IOException {
    CompareGrid grid = expand(dir, "name: g\nbase: base.yaml\nembed: [{backbone: [hog, torchscript], "
        + "layers: [features.3, features.17]}]\n", List.of("embed.model_path=/models/m_layers_ts.pt"));
    assertEquals(2, grid.points().size());
    assertEquals("hog+m_layers_ts", grid.points().get(0).backbone(), "a fusion is labelled part by part");
    CompareGrid.Point control = grid.points().get(1);
    assertEquals("box_size", control.backbone());
    assertEquals(List.of("box_size"), control.job().config().embed().backbones());
    assertTrue(control.overrides().stream().noneMatch(o -> o.startsWith("embed.model_path=/models")),
        "the control's run reads no model: " + control.overrides());
    assertEquals(List.of("hog+m_layers_ts/kmeans/k=6 embed.layers=[\"features.3\",\"features.17\"]",
        "box_size/kmeans/k=6"), grid.configurations().stream().map(CompareGrid.Configuration::id).toList());
    CompareGrid listed = expand(dir, "name: g\nbase: base.yaml\nembed: [{backbone: [box_size]}, {backbone: hog}]\n",
        List.of());
    assertEquals(2, listed.points().size(), "a control already listed is not added twice");
  }

  @Test
  void theShippedGridsExpand() throws IOException {
    for (String name : List.of("jobs/compare-neu-det.yaml", "jobs/compare-deeppcb.yaml")) {
      CompareGrid grid = CompareGrid.expand(CompareConfig.load(Path.of(name)), null, List.of());
      assertEquals(8, grid.points().size(), name + ": 3 embeddings and the box-size control x 2 cluster entries");
      assertEquals(32, grid.configurations().size(), name);
      assertEquals(Set.of("mobilenet_v2_features17_ts", "hog", "mobilenet_v2_imagenet_features_ts", "box_size"),
          Set.copyOf(grid.configurations().stream().map(CompareGrid.Configuration::backbone).toList()), name);
      for (CompareGrid.Point point : grid.points()) {
        assertEquals(grid.points().get(0).job().config().output().tables(), point.job().config().output().tables());
        String model = point.job().config().embed().modelPath();
        if (model != null && model.startsWith("out/models/")) {
          // Made by scripts/export-layers, as the base job's comment says: the grid's first entry needs it.
          assertTrue(Files.readString(Path.of(name)).contains("scripts/export-layers"),
              name + " says how to make " + model);
        } else if (point.job().config().embed().isDeep()) {
          assertTrue(Files.exists(Path.of(model)) || !Files.isDirectory(Path.of("../shared")),
              "the model file the grid names exists in ../shared");
        }
      }
    }
  }
}
