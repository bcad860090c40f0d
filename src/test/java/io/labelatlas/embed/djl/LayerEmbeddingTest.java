package io.labelatlas.embed.djl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.labelatlas.config.ConfigException;
import io.labelatlas.config.JobConfigLoader;
import io.labelatlas.embed.EmbeddingPart;
import io.labelatlas.embed.djl.ImageNetPreprocessing.Mode;
import io.labelatlas.embed.djl.LayerPooling.Pooling;
import io.labelatlas.ingest.CropPixels;
import io.labelatlas.testing.SharedData;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code embed.layers} and {@code embed.pooling}: per-channel statistics of intermediate outputs equal PyTorch's for
 * the same input tensors, on the real MobileNetV2 (exported by {@code scripts/export-layers}, the reference running
 * the original model's {@code features} blocks one by one) and on a tiny dict-returning model with a feature map and
 * a token sequence; bad layer names and shapes fail with the names and shapes. Skipped without Debian's python3-torch
 * (and, for MobileNetV2, without ../shared).
 */
class LayerEmbeddingTest {
  private static final List<String> MOBILENET_LAYERS =
      List.of("features.3", "features.6", "features.13", "features.17", "features.18");
  @TempDir
  static Path dir;
  static Path tapped;

  @BeforeAll
  static void makeTappedModel() throws Exception {
    Assumptions.assumeTrue(ImageNetPreprocessingTest.pythonHas("torch"),
        "skipped: " + ImageNetPreprocessingTest.PYTHON + " with torch is not available");
    Path script = TorchScriptBackboneTest.copy("models/make_tapped_model.py", dir.resolve("make_tapped_model.py"));
    tapped = dir.resolve("tapped_ts.pt");
    ImageNetPreprocessingTest.run(ImageNetPreprocessingTest.PYTHON, script.toString(), tapped.toString());
  }

  private static DjlBackbone open(Path model, List<String> layers, Pooling pooling, int dimension) {
    return DjlBackbone.open(new DeepBackboneSettings("torchscript", model.toString(), dimension,
        new ImageNetPreprocessing(Mode.RESIZE, 224), "auto", 2, null, new LayerPooling(layers, pooling)),
        "crop(test)", new Configuration());
  }

  @Test
  void mobileNetBlocksPoolAsPyTorchDoes() throws Exception {
    Path models = SharedData.root().resolve("models").resolve("mobilenet_v2_imagenet");
    Path original = models.resolve("mobilenet_v2_imagenet_float_ts.pt");
    Assumptions.assumeTrue(Files.isRegularFile(original), "skipped: " + original + " is absent");
    Path exported = dir.resolve("mobilenet_v2_layers_ts.pt");
    ImageNetPreprocessingTest.run(ImageNetPreprocessingTest.PYTHON, Path.of("scripts/export-layers").toString(),
        original.toString(), exported.toString());
    DjlBackbone backbone = open(exported, MOBILENET_LAYERS, Pooling.MEAN_STD, 0);
    assertEquals(2 * (24 + 32 + 96 + 320 + 1280), backbone.dimension());
    assertEquals(new EmbeddingPart("features.13:mean_std", 192), backbone.parts().get(2));
    assertTrue(backbone.preprocessing().endsWith(";layers(features.3+features.6+features.13+features.17"
        + "+features.18,pooling=mean_std,impl=1)"), backbone.preprocessing());
    assertEqualsPyTorch(backbone, original, MOBILENET_LAYERS, "mean_std", "--sequential", "features");
  }

  @Test
  void featureMapsAndTokenSequencesPoolAsPyTorchDoes() throws Exception {
    List<String> layers = List.of("block.tokens", "block.map");
    for (Pooling pooling : Pooling.values()) {
      DjlBackbone backbone = open(tapped, layers, pooling, 0);
      assertEquals(pooling.statistics() * (4 + 6), backbone.dimension(), pooling.configName());
      assertEquals(List.of(new EmbeddingPart("block.tokens:" + pooling.configName(), 4 * pooling.statistics()),
          new EmbeddingPart("block.map:" + pooling.configName(), 6 * pooling.statistics())), backbone.parts());
      assertEqualsPyTorch(backbone, tapped, layers, pooling.configName());
    }
  }

  @Test
  void unknownLayersAndFlatOutputsAreRefusedWithNamesAndShapes() {
    ConfigException unknown = assertThrows(ConfigException.class,
        () -> open(tapped, List.of("block.mapp"), Pooling.MEAN, 0));
    assertTrue(unknown.getMessage().contains("no output named 'block.mapp'")
        && unknown.getMessage().contains("these layers: block.tokens, block.map, head.flat"), unknown.getMessage());
    ConfigException flat = assertThrows(ConfigException.class,
        () -> open(tapped, List.of("head.flat"), Pooling.MEAN, 0));
    assertTrue(flat.getMessage().contains("layer 'head.flat'") && flat.getMessage().contains("(1, 6)")
        && flat.getMessage().contains("[N, C, H, W]"), flat.getMessage());
    ConfigException wrongDimension = assertThrows(ConfigException.class,
        () -> open(tapped, List.of("block.map"), Pooling.MEAN, 7));
    assertTrue(wrongDimension.getMessage().contains("pool to 6-d vectors, but embed.dimension = 7"),
        wrongDimension.getMessage());
    ConfigException plain = assertThrows(ConfigException.class,
        () -> DjlBackbone.open(TorchScriptBackboneTest.settings("torchscript", tapped, 6), "crop(test)",
            new Configuration()));
    assertTrue(plain.getMessage().contains("returned 3 tensors"), plain.getMessage());
  }

  @Test
  void jobSettingsNameLayersOnlyForDeepBackbones() {
    String input = "input: {kind: folders, path: /data}\n";
    var embed = JobConfigLoader.fromYaml(input + "embed: {backbone: torchscript, model_path: m.pt, "
        + "layers: [features.3, features.18]}\n", List.of()).config().embed();
    assertEquals(List.of("features.3", "features.18"), embed.layers());
    assertEquals("mean_std", embed.pooling());
    assertEquals(0, embed.dimension(), "with layers the dimension is whatever they pool to");
    ConfigException hog = assertThrows(ConfigException.class, () -> JobConfigLoader.fromYaml(input
        + "embed: {backbone: hog, layers: [a]}\n", List.of()));
    assertTrue(hog.getMessage().contains("embed.layers' is set, but backbone 'hog'"), hog.getMessage());
    ConfigException pooling = assertThrows(ConfigException.class, () -> JobConfigLoader.fromYaml(input
        + "embed: {backbone: torchscript, model_path: m.pt, dimension: 8, pooling: gem}\n", List.of()));
    assertTrue(pooling.getMessage().contains("'embed.pooling' is set, but 'embed.layers' is empty"),
        pooling.getMessage());
    ConfigException twice = assertThrows(ConfigException.class, () -> JobConfigLoader.fromYaml(input
        + "embed: {backbone: torchscript, model_path: m.pt, layers: [a, a]}\n", List.of()));
    assertTrue(twice.getMessage().contains("names a layer twice"), twice.getMessage());
  }

  private static void assertEqualsPyTorch(DjlBackbone backbone, Path model, List<String> layers, String pooling,
      String... extra) throws Exception {
    List<CropPixels> crops = TorchScriptBackboneTest.crops(3, 21);
    ImageNetPreprocessing preprocessing = backbone.settings().preprocessing();
    float[] tensors = new float[crops.size() * preprocessing.tensorLength()];
    for (int i = 0; i < crops.size(); i++) preprocessing.tensor(crops.get(i), tensors, i * preprocessing.tensorLength());
    Path input = dir.resolve("tensors.f32");
    Path output = dir.resolve("pooled.f32");
    write(tensors, input);
    Path script = dir.resolve("layer_pooling_reference.py");
    if (!Files.exists(script)) TorchScriptBackboneTest.copy("models/layer_pooling_reference.py", script);
    List<String> command = new java.util.ArrayList<>(List.of(ImageNetPreprocessingTest.PYTHON, script.toString(),
        model.toString(), input.toString(), String.valueOf(crops.size()), String.join(",", layers), pooling,
        output.toString()));
    command.addAll(List.of(extra));
    ImageNetPreprocessingTest.run(command.toArray(String[]::new));
    float[] expected = read(output);
    List<float[]> actual = backbone.embed(crops);
    int d = backbone.dimension();
    assertEquals(crops.size() * d, expected.length, "reference length");
    double worst = 0;
    for (int i = 0; i < crops.size(); i++) {
      for (int j = 0; j < d; j++) {
        float e = expected[i * d + j];
        worst = Math.max(worst, Math.abs(e - actual.get(i)[j]) / Math.max(1, Math.abs(e)));
      }
    }
    assertTrue(worst < 1e-4, pooling + ": largest relative difference to PyTorch " + worst);
  }

  private static void write(float[] values, Path file) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    buffer.asFloatBuffer().put(values);
    Files.write(file, buffer.array());
  }

  private static float[] read(Path file) throws IOException {
    ByteBuffer buffer = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    float[] out = new float[buffer.remaining() / 4];
    buffer.asFloatBuffer().get(out);
    return out;
  }
}
