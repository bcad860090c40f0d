package io.labelatlas.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
  void shippedJobFilesAreValid() {
    for (String job : List.of("jobs/demo.yaml", "jobs/deeppcb.yaml", "jobs/neu-det.yaml")) {
      JobConfigLoader.load(Path.of(job), null, List.of());
      JobConfigLoader.load(Path.of(job), Path.of("conf/local.yaml"), List.of());
      JobConfigLoader.load(Path.of(job), Path.of("conf/cluster.yaml"), List.of());
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
  void nestedAlgorithmSettingsAreValidatedByFullKey() {
    ConfigException unknown = assertThrows(ConfigException.class,
        () -> JobConfigLoader.fromYaml(MINIMAL, List.of("cluster.hdbscan.min_sample=5")));
    assertTrue(unknown.getMessage().contains("cluster.hdbscan.min_sample"), unknown.getMessage());
    ConfigException selection = assertThrows(ConfigException.class,
        () -> JobConfigLoader.fromYaml(MINIMAL, List.of("cluster.hdbscan.selection=best")));
    assertTrue(selection.getMessage().contains("cluster.hdbscan.selection"), selection.getMessage());
    JobConfig config = JobConfigLoader.fromYaml(MINIMAL, List.of("cluster.dbscan.eps=0.5")).config();
    assertEquals(0.5, config.cluster().dbscan().eps());
    assertEquals(15, config.cluster().hdbscan().minClusterSize());
  }
}
