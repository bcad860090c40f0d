package io.labelatlas.embed.djl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.labelatlas.config.JobConfig;
import io.labelatlas.config.JobConfigLoader;
import io.labelatlas.embed.Backbone;
import io.labelatlas.embed.Backbones;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The resnet50 and vit_b16 backbones on TorchScript files traced by Debian's python3-torch with random weights (see
 * {@code models/trace_torchvision_backbones.py}): created from job settings, 2,048 and 768 dimensions, and a batch of
 * five equal to five single images. Skipped where /usr/bin/python3 with torchvision is absent. The ViT has one encoder
 * layer instead of twelve (same patch size, width and heads) to keep this test fast.
 */
class TracedTorchvisionBackbonesTest {
  @TempDir
  static Path dir;

  @BeforeAll
  static void traceModels() throws Exception {
    Assumptions.assumeTrue(ImageNetPreprocessingTest.pythonHas("torchvision"),
        "skipped: " + ImageNetPreprocessingTest.PYTHON + " with torchvision is not available");
    Path script = TorchScriptBackboneTest.copy("models/trace_torchvision_backbones.py",
        dir.resolve("trace_torchvision_backbones.py"));
    ImageNetPreprocessingTest.run(ImageNetPreprocessingTest.PYTHON, script.toString(), dir.toString());
  }

  private static Backbone fromJob(String backbone, Path model) {
    String yaml = "input: {kind: folders, path: /data}\n"
        + "embed: {backbone: " + backbone + ", model_path: '" + model + "', threads: 2}\n";
    JobConfig.EmbedConfig embed = JobConfigLoader.fromYaml(yaml, List.of()).config().embed();
    return Backbones.create(embed, 224, "crop(test)", new Configuration()).get(0);
  }

  @Test
  void resnet50Gives2048DimensionsAndBatchesLikeSingles() {
    DjlBackbone backbone = (DjlBackbone) fromJob("resnet50", dir.resolve("resnet50_random_ts.pt"));
    assertEquals("resnet50", backbone.name());
    assertEquals(2048, backbone.dimension());
    assertTrue(backbone.preprocessing().contains("resize=224x224"), backbone.preprocessing());
    TorchScriptBackboneTest.assertBatchEqualsSingles(backbone, TorchScriptBackboneTest.crops(5, 11), 1e-4);
  }

  @Test
  void vitB16Gives768DimensionsAndBatchesLikeSingles() {
    DjlBackbone backbone = (DjlBackbone) fromJob("vit_b16", dir.resolve("vit_1layer_random_ts.pt"));
    assertEquals("vit_b16", backbone.name());
    assertEquals(768, backbone.dimension());
    TorchScriptBackboneTest.assertBatchEqualsSingles(backbone, TorchScriptBackboneTest.crops(5, 12), 1e-4);
  }

  @Test
  void aResNetFileConfiguredAsViTFailsNamingBothDimensions() {
    Path resnet = dir.resolve("resnet50_random_ts.pt");
    io.labelatlas.config.ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(
        io.labelatlas.config.ConfigException.class, () -> fromJob("vit_b16", resnet));
    assertTrue(e.getMessage().contains(resnet.toString()) && e.getMessage().contains("2048-d")
        && e.getMessage().contains("embed.dimension = 768"), e.getMessage());
  }
}
