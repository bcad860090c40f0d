package io.labelatlas.embed.djl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.labelatlas.embed.djl.ImageNetPreprocessing.Mode;
import io.labelatlas.config.ConfigException;
import io.labelatlas.ingest.CropPixels;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loading, batching and the fail-fast cases of {@link DjlBackbone}, on tiny TorchScript models committed under
 * {@code src/test/resources/models/} (their README-style script says how they were made), so no Python is needed.
 */
class TorchScriptBackboneTest {
  @TempDir
  static Path dir;
  static Path embedder;
  static Path featureMap;

  @BeforeAll
  static void copyModels() throws IOException {
    embedder = copy("models/tiny_embedder_ts.pt", dir.resolve("tiny_embedder_ts.pt"));
    featureMap = copy("models/tiny_feature_map_ts.pt", dir.resolve("tiny_feature_map_ts.pt"));
  }

  static Path copy(String resource, Path target) throws IOException {
    try (InputStream in = TorchScriptBackboneTest.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) throw new IllegalStateException("missing test resource " + resource);
      Files.copy(in, target);
    }
    return target;
  }

  /** The default cache folder: libtorch is extracted there once per machine, not once per test run. */
  static DeepBackboneSettings settings(String name, Path model, int dimension) {
    return new DeepBackboneSettings(name, model.toString(), dimension, new ImageNetPreprocessing(Mode.RESIZE, 224),
        "auto", 2, null, null);
  }

  static List<CropPixels> crops(int count, long seed) {
    Random random = new Random(seed);
    List<CropPixels> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int channels = i % 2 == 0 ? 3 : 1;
      int size = i % 3 == 0 ? 224 : 150 + 10 * i; // most crops arrive at 224; others are resized
      byte[] pixels = new byte[size * size * channels];
      random.nextBytes(pixels);
      out.add(new CropPixels(size, size, channels, pixels));
    }
    return out;
  }

  static void assertBatchEqualsSingles(DjlBackbone backbone, List<CropPixels> crops, double tolerance) {
    List<float[]> batched = backbone.embed(crops);
    assertEquals(crops.size(), batched.size());
    for (int i = 0; i < crops.size(); i++) {
      float[] single = backbone.embed(List.of(crops.get(i))).get(0);
      assertEquals(backbone.dimension(), single.length);
      for (int j = 0; j < single.length; j++) {
        assertEquals(single[j], batched.get(i)[j], tolerance, "crop " + i + " value " + j);
      }
    }
  }

  @Test
  void embedsABatchLikeSinglesAndRecordsTheModelSha() throws Exception {
    DjlBackbone backbone = DjlBackbone.open(settings("torchscript", embedder, 8), "crop(test)",
        new Configuration());
    assertEquals("torchscript", backbone.name());
    assertEquals(8, backbone.dimension());
    String sha = HexFormat.of().formatHex(
        java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(embedder)));
    assertEquals(sha, backbone.modelSha256());
    assertTrue(backbone.preprocessing().startsWith("crop(test);imagenet(resize=224x224"), backbone.preprocessing());
    assertFalse(backbone.device().isGpu(), "CPU-only native library");
    List<CropPixels> crops = crops(5, 1);
    assertBatchEqualsSingles(backbone, crops, 1e-4);
    assertNotEquals(backbone.embed(crops).get(0)[0], backbone.embed(crops).get(1)[0], "different crops, vectors");
    // The model was copied into the cache under its sha256, and loaded once in this JVM however often it is used.
    assertTrue(Files.isRegularFile(backbone.settings().cacheRoot().resolve("models").resolve(sha + ".pt")));
    int loads = DjlBackbone.loads(sha);
    assertTrue(loads >= 1);
    DjlBackbone again = DjlBackbone.open(settings("torchscript", embedder, 8), "crop(test)",
        new Configuration());
    again.embed(crops);
    assertEquals(loads, DjlBackbone.loads(sha));
  }

  @Test
  void gpuDemandingJobsOpenOnADriverWithoutGpuAndFailOnlyWhereTheCropsAreEmbedded() {
    DeepBackboneSettings gpu = new DeepBackboneSettings("torchscript", embedder.toString(), 8,
        new ImageNetPreprocessing(Mode.RESIZE, 224), "gpu", 2, null, null);
    // The driver's check loads the model on the CPU: a cluster's driver node has no GPU.
    DjlBackbone backbone = DjlBackbone.open(gpu, "crop(test)", new Configuration());
    assertEquals(8, backbone.dimension());
    // Where crops are embedded, embed.device = gpu is enforced, and the failure names the node.
    ConfigException e = assertThrows(ConfigException.class, () -> backbone.embed(crops(1, 3)));
    assertTrue(e.getMessage().contains("embed.device = gpu"), e.getMessage());
    assertTrue(e.getMessage().contains(" on host "), e.getMessage());
  }

  @Test
  void readsModelPathsThroughHadoopUris() {
    DjlBackbone fromUri = DjlBackbone.open(
        new DeepBackboneSettings("torchscript", embedder.toUri().toString(), 8,
            new ImageNetPreprocessing(Mode.CENTER_CROP, 224), "cpu", 0, null, null),
        "crop(test)", new Configuration());
    CropPixels crop = crops(1, 2).get(0);
    DjlBackbone fromPath = DjlBackbone.open(settings("torchscript", embedder, 8), "crop(test)",
        new Configuration());
    assertEquals(fromPath.modelSha256(), fromUri.modelSha256());
    assertNotEquals(fromPath.preprocessing(), fromUri.preprocessing());
    assertEquals(8, fromUri.embed(List.of(crop)).get(0).length);
  }

  @Test
  void missingModelFileFailsNamingTheFileAndTheSetting() {
    Path missing = dir.resolve("no-such-model.pt");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> DjlBackbone.open(settings("resnet50", missing, 2048), "c", new Configuration()));
    assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("embed.model_path") && e.getMessage().contains("not found"), e.getMessage());
  }

  @Test
  void corruptModelFileFailsNamingTheFileAndWhatWasExpected() throws IOException {
    Path corrupt = dir.resolve("corrupt.pt");
    Files.write(corrupt, "this is not a TorchScript archive".getBytes());
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> DjlBackbone.open(settings("torchscript", corrupt, 8), "c", new Configuration()));
    assertTrue(e.getMessage().contains(corrupt.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("TorchScript") && e.getMessage().contains("torch.jit.save"), e.getMessage());

    Path truncated = dir.resolve("truncated.pt");
    byte[] whole = Files.readAllBytes(embedder);
    Files.write(truncated, java.util.Arrays.copyOf(whole, whole.length / 2));
    IllegalStateException cut = assertThrows(IllegalStateException.class,
        () -> DjlBackbone.open(settings("torchscript", truncated, 8), "c", new Configuration()));
    assertTrue(cut.getMessage().contains(truncated.toString()), cut.getMessage());
  }

  @Test
  void dimensionThatDisagreesWithTheConfigFailsFast() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> DjlBackbone.open(settings("resnet50", embedder, 2048), "c", new Configuration()));
    assertTrue(e.getMessage().contains(embedder.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("returns 8-d embeddings") && e.getMessage().contains("embed.dimension = 2048"),
        e.getMessage());
  }

  @Test
  void wrongOutputRankFailsFast() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> DjlBackbone.open(settings("torchscript", featureMap, 8), "c", new Configuration()));
    assertTrue(e.getMessage().contains(featureMap.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("(1, 8, 1, 1) (rank 4)") && e.getMessage().contains("[N, D]"),
        e.getMessage());
  }

  @Test
  void modelReplacedAfterTheJobStartedIsNotUsed() throws IOException {
    Path model = copy("models/tiny_embedder_ts.pt", dir.resolve("replaced.pt"));
    ModelFile file = new ModelFile(model.toString(), new Configuration());
    String sha = file.sha256();
    Files.write(model, "other bytes".getBytes());
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> file.localCopy(dir.resolve("other-cache"), sha));
    assertTrue(e.getMessage().contains(model.toString()) && e.getMessage().contains("changed"), e.getMessage());
    assertArrayEquals(new String[0], Files.list(dir.resolve("other-cache").resolve("models"))
        .map(Path::toString).toArray(String[]::new), "no partial copy left behind");
  }
}
