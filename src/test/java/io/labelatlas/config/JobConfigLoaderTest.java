package io.labelatlas.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobConfigLoaderTest {
  private static final String MINIMAL = "input: {kind: folders, path: /data}\n";

  @Test
  void defaultsAreTheDocumentedOnes() {
    JobConfig config = JobConfigLoader.fromYaml(MINIMAL, List.of()).config();
    assertEquals(10, config.crop().margin());
    assertEquals(32, config.crop().minSize());
    assertEquals(224, config.crop().size());
    assertEquals(1.0, config.crop().gamma());
    assertEquals("hog", config.embed().backbone());
    assertEquals(50, config.reduce().dimension());
    assertEquals(List.of("kmeans", "gmm"), config.cluster().algorithms());
    assertEquals(6, config.cluster().k());
  }

  @Test
  void unknownKeyIsNamedWithItsFullPath() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> JobConfigLoader.fromYaml(MINIMAL + "crop: {margn: 12}\n", List.of()));
    assertTrue(e.getMessage().contains("crop.margn"), e.getMessage());
  }

  @Test
  void unknownTopLevelSectionIsRejected() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> JobConfigLoader.fromYaml(MINIMAL + "clusterr: {k: 3}\n", List.of()));
    assertTrue(e.getMessage().contains("clusterr"), e.getMessage());
  }

  @Test
  void outOfRangeValuesNameTheKeyAndTheRange() {
    ConfigException margin = assertThrows(ConfigException.class,
        () -> JobConfigLoader.fromYaml(MINIMAL, List.of("crop.margin=65")));
    assertTrue(margin.getMessage().contains("crop.margin") && margin.getMessage().contains("0..64"), margin.getMessage());
    ConfigException gamma = assertThrows(ConfigException.class,
        () -> JobConfigLoader.fromYaml(MINIMAL, List.of("crop.gamma=1.5")));
    assertTrue(gamma.getMessage().contains("crop.gamma"), gamma.getMessage());
    ConfigException k = assertThrows(ConfigException.class,
        () -> JobConfigLoader.fromYaml(MINIMAL, List.of("cluster.k=abc")));
    assertTrue(k.getMessage().contains("cluster.k"), k.getMessage());
  }

  @Test
  void badChoicesAndMissingKeysAreNamed() {
    assertTrue(assertThrows(ConfigException.class, () -> JobConfigLoader.fromYaml("input: {path: /x}\n", List.of()))
        .getMessage().contains("input.kind"));
    assertTrue(assertThrows(ConfigException.class, () -> JobConfigLoader.fromYaml("input: {kind: folders}\n", List.of()))
        .getMessage().contains("input.path"));
    assertTrue(assertThrows(ConfigException.class,
        () -> JobConfigLoader.fromYaml(MINIMAL, List.of("cluster.algorithms=[kmeans,spectral]")))
        .getMessage().contains("spectral"));
    assertTrue(assertThrows(ConfigException.class, () -> JobConfigLoader.fromYaml(MINIMAL, List.of("embed.backbone=vgg")))
        .getMessage().contains("embed.backbone"));
  }

  @Test
  void overridesAndProfilesLayerInOrder(@TempDir Path dir) throws Exception {
    Path job = Files.writeString(dir.resolve("job.yaml"), MINIMAL + "cluster: {k: 4}\nspark: {master: 'local[1]'}\n");
    Path profile = Files.writeString(dir.resolve("p.yaml"), "spark: {master: 'local[3]', conf: {spark.x.y: 1}}\ncluster: {k: 5}\n");
    JobConfig config = JobConfigLoader.load(job, profile, List.of("cluster.k=7", "spark.conf.spark.a.b=c")).config();
    assertEquals(7, config.cluster().k());
    assertEquals("local[3]", config.spark().master());
    assertEquals("1", config.spark().settings().get("spark.x.y"));
    assertEquals("c", config.spark().settings().get("spark.a.b"));
  }

  @Test
  void missingJobFileAndBadYamlAreReportedByName(@TempDir Path dir) throws Exception {
    ConfigException missing = assertThrows(ConfigException.class,
        () -> JobConfigLoader.load(dir.resolve("nope.yaml"), null, List.of()));
    assertTrue(missing.getMessage().contains("nope.yaml"), missing.getMessage());
    Path bad = Files.writeString(dir.resolve("bad.yaml"), "input: [unclosed\n");
    ConfigException invalid = assertThrows(ConfigException.class, () -> JobConfigLoader.load(bad, null, List.of()));
    assertTrue(invalid.getMessage().contains("bad.yaml"), invalid.getMessage());
  }

  @Test
  void canonicalJsonIsStableUnderKeyOrder() {
    String a = JobConfigLoader.fromYaml("input: {kind: folders, path: /d}\ncrop: {margin: 3, size: 64}\n", List.of())
        .canonicalJson();
    String b = JobConfigLoader.fromYaml("crop: {size: 64, margin: 3}\ninput: {path: /d, kind: folders}\n", List.of())
        .canonicalJson();
    assertEquals(a, b);
  }

  @Test
  void shippedJobFilesAreValidWithEveryShippedProfile() throws java.io.IOException {
    List<Path> profiles;
    try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(Path.of("conf"))) {
      profiles = files.filter(file -> file.toString().endsWith(".yaml")).sorted().toList();
    }
    assertTrue(profiles.size() >= 6, profiles.toString());
    for (String job : List.of("jobs/demo.yaml", "jobs/deeppcb.yaml", "jobs/neu-det.yaml")) {
      JobConfigLoader.load(Path.of(job), null, List.of());
      for (Path profile : profiles) {
        JobConfigLoader.load(Path.of(job), profile, List.of());
      }
    }
  }

  @Test
  void secretsNeverReachTheRecordedConfig() {
    String json = JobConfigLoader.fromYaml(MINIMAL, List.of(
        "spark.conf.spark.hadoop.fs.s3a.secret.key=VERY-SECRET-1",
        "spark.conf.spark.hadoop.fs.s3a.access.key=AKIA-SECRET-2",
        "spark.conf.spark.hadoop.fs.s3a.aws.credentials.provider=org.example.Provider")).canonicalJson();
    assertTrue(!json.contains("VERY-SECRET-1") && !json.contains("AKIA-SECRET-2"), json);
    assertTrue(json.contains("<redacted>") && json.contains("org.example.Provider"), json);
    String nested = JobConfigLoader.fromYaml(MINIMAL
        + "spark: {conf: {fs: {s3a: {secret: {key: NESTED-SECRET-3}}}, fs.azure.account.key.acct: AZ-SECRET-4}}\n",
        List.of()).canonicalJson();
    assertTrue(!nested.contains("NESTED-SECRET-3") && !nested.contains("AZ-SECRET-4"), nested);
  }

  @Test
  void secretsInsideYamlListsNeverReachTheRecordedConfig() throws Exception {
    // A job file the loader accepts: a list under a secret key reaches runs.config_json as it is.
    String listed = JobConfigLoader.fromYaml(MINIMAL
        + "spark: {conf: {spark.hadoop.fs.s3a.secret.key: [LIST-SECRET-1], tokens: [LIST-SECRET-2, LIST-SECRET-3]}}\n",
        List.of()).canonicalJson();
    assertTrue(!listed.contains("LIST-SECRET-1") && !listed.contains("LIST-SECRET-2")
        && !listed.contains("LIST-SECRET-3") && listed.contains("<redacted>"), listed);

    // Any tree the recorder sees: key/value pairs, maps inside lists and spark-submit's key=value strings.
    JsonNode tree = new ObjectMapper(new YAMLFactory()).readTree(String.join("\n",
        "spark:",
        "  conf:",
        "    - {key: spark.hadoop.fs.s3a.secret.key, value: PAIR-SECRET-4}",
        "    - {name: fs.azure.account.key.acct, value: PAIR-SECRET-5}",
        "    - {key: spark.hadoop.fs.s3a.endpoint, value: http://127.0.0.1:9000}",
        "    - {key: fs.s3a.aws.credentials.provider, value: org.example.Provider}",
        "hadoop:",
        "  - {fs.s3a.access.key: MAP-SECRET-6, fs.s3a.endpoint.region: us-east-1}",
        "  - [{password: DEEP-SECRET-7}]",
        "submit: [--conf, 'spark.hadoop.fs.s3a.secret.key=ARG-SECRET-8', 'spark.executor.memory=4g']",
        ""));
    String json = JobConfigLoader.redacted(tree).toString();
    for (String secret : List.of("PAIR-SECRET-4", "PAIR-SECRET-5", "MAP-SECRET-6", "DEEP-SECRET-7", "ARG-SECRET-8")) {
      assertFalse(json.contains(secret), secret + " in " + json);
    }
    for (String kept : List.of("spark.hadoop.fs.s3a.secret.key", "fs.azure.account.key.acct", "http://127.0.0.1:9000",
        "org.example.Provider", "us-east-1", "spark.executor.memory=4g", "spark.hadoop.fs.s3a.secret.key=<redacted>")) {
      assertTrue(json.contains(kept), kept + " in " + json);
    }
  }

  @Test
  void nestedAlgorithmSettingsAreValidatedByFullKey() {
    ConfigException unknown = assertThrows(ConfigException.class,
        () -> JobConfigLoader.fromYaml(MINIMAL, List.of("cluster.hdbscan.min_sample=5")));
    assertTrue(unknown.getMessage().contains("cluster.hdbscan.min_sample"), unknown.getMessage());
    ConfigException selection = assertThrows(ConfigException.class,
        () -> JobConfigLoader.fromYaml(MINIMAL, List.of("cluster.hdbscan.selection=best")));
    assertTrue(selection.getMessage().contains("cluster.hdbscan.selection"), selection.getMessage());
    JobConfig config = JobConfigLoader.fromYaml(MINIMAL, List.of("cluster.dbscan.eps=0.5")).config();
    assertEquals(0.5, config.cluster().dbscan().eps());
    assertEquals(JobConfig.AUTO, config.cluster().hdbscan().minClusterSize());
  }

  @Test
  void automaticClusterSettingsParseAutoZeroAndNumbers() {
    JobConfig defaults = JobConfigLoader.fromYaml(MINIMAL, List.of()).config();
    assertEquals(new JobConfig.AutoKConfig(2, 12, 5_000, 0.01), defaults.cluster().autoK());
    assertEquals(2_000, defaults.cluster().ward().microClusters());
    assertTrue(defaults.cluster().hdbscan().minClusterSizeIsAuto() && defaults.cluster().hdbscan().minSamplesIsAuto());
    assertEquals(JobConfig.AUTO, defaults.cluster().dbscan().eps());
    assertTrue(!defaults.cluster().kIsAuto());

    JobConfig auto = JobConfigLoader.fromYaml(MINIMAL + "cluster:\n  k: auto\n"
        + "  auto_k: {min: 3, max: 8, sample: 800, min_cluster_fraction: 0.05}\n"
        + "  hdbscan: {min_cluster_size: 25, min_samples: auto}\n  dbscan: {eps: auto}\n"
        + "  ward: {micro_clusters: 500}\n", List.of()).config();
    assertTrue(auto.cluster().kIsAuto());
    assertEquals(new JobConfig.AutoKConfig(3, 8, 800, 0.05), auto.cluster().autoK());
    assertEquals(25, auto.cluster().hdbscan().minClusterSize());
    assertTrue(auto.cluster().hdbscan().minSamplesIsAuto());
    assertEquals(JobConfig.AUTO, auto.cluster().dbscan().eps());
    assertEquals(500, auto.cluster().ward().microClusters());

    assertTrue(JobConfigLoader.fromYaml(MINIMAL, List.of("cluster.k=0")).config().cluster().kIsAuto());
    assertTrue(JobConfigLoader.fromYaml(MINIMAL, List.of("cluster.k=AUTO")).config().cluster().kIsAuto());
    assertEquals(7, JobConfigLoader.fromYaml(MINIMAL, List.of("cluster.hdbscan.min_samples=7")).config().cluster()
        .hdbscan().minSamples());
    assertEquals(JobConfig.AUTO, JobConfigLoader.clusterConfig(List.of("hdbscan.min_samples=auto")).hdbscan()
        .minSamples());
  }

  @Test
  void badAutomaticClusterSettingsAreNamed() {
    assertNamed("cluster.k", "cluster.k=automatic");
    assertNamed("cluster.k", "cluster.k=1");
    assertNamed("cluster.k", "cluster.k=2.5");
    assertNamed("cluster.auto_k.max", "cluster.auto_k.min=6", "cluster.auto_k.max=4");
    assertNamed("cluster.auto_k.min", "cluster.auto_k.min=1");
    assertNamed("cluster.auto_k.min_cluster_fraction", "cluster.auto_k.min_cluster_fraction=0.6");
    assertNamed("cluster.auto_k.sample", "cluster.auto_k.sample=3");
    assertNamed("cluster.auto_k.maximum", "cluster.auto_k.maximum=3");
    assertNamed("cluster.hdbscan.min_cluster_size", "cluster.hdbscan.min_cluster_size=1");
    assertNamed("cluster.hdbscan.min_samples", "cluster.hdbscan.min_samples=many");
    assertNamed("cluster.dbscan.eps", "cluster.dbscan.eps=-1");
    assertNamed("cluster.dbscan.eps", "cluster.dbscan.eps=wide");
    assertNamed("cluster.ward.micro_clusters", "cluster.ward.micro_clusters=1");
  }

  private static void assertNamed(String key, String... sets) {
    ConfigException e = assertThrows(ConfigException.class, () -> JobConfigLoader.fromYaml(MINIMAL, List.of(sets)));
    assertTrue(e.getMessage().contains(key), e.getMessage());
  }
}
