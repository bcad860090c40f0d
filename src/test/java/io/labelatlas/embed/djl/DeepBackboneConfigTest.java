package io.labelatlas.embed.djl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.labelatlas.config.ConfigException;
import io.labelatlas.config.JobConfig.EmbedConfig;
import io.labelatlas.config.JobConfigLoader;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code embed} settings of deep backbones: defaults, required keys and rejected combinations, named in full. */
class DeepBackboneConfigTest {
  private static final String INPUT = "input: {kind: folders, path: /data}\n";

  private static EmbedConfig embed(String settings) {
    return JobConfigLoader.fromYaml(INPUT + "embed: {" + settings + "}\n", List.of()).config().embed();
  }

  private static String error(String settings) {
    return assertThrows(ConfigException.class, () -> embed(settings)).getMessage();
  }

  @Test
  void namedBackbonesDefaultToTheirStandardDimensionAndToTheFieldNotesPreprocessing() {
    EmbedConfig resnet = embed("backbone: resnet50, model_path: s3a://models/resnet50.pt");
    assertTrue(resnet.isDeep());
    assertEquals(2048, resnet.dimension());
    assertEquals("resize", resnet.preprocess());
    assertEquals(224, resnet.inputSize());
    assertEquals("auto", resnet.device());
    assertEquals(0, resnet.threads());
    assertEquals(32, resnet.batchSize());
    assertEquals(768, embed("backbone: vit_b16, model_path: /m/vit.pt").dimension());
    EmbedConfig custom = embed("backbone: torchscript, model_path: /m/x.pt, dimension: 1280, preprocess: center_crop, "
        + "device: gpu, threads: 4, batch_size: 64, cache_dir: /scratch/djl");
    assertEquals(1280, custom.dimension());
    assertEquals("center_crop", custom.preprocess());
    assertEquals("gpu", custom.device());
    assertEquals(4, custom.threads());
    assertEquals("/scratch/djl", custom.cacheDir());
    EmbedConfig hog = embed("backbone: hog");
    assertFalse(hog.isDeep());
    assertEquals(0, hog.dimension());
  }

  @Test
  void deepBackbonesNeedAModelPathAndTorchscriptADimension() {
    String noModel = error("backbone: resnet50");
    assertTrue(noModel.contains("embed.model_path") && noModel.contains("resnet50"), noModel);
    String noDimension = error("backbone: torchscript, model_path: /m/x.pt");
    assertTrue(noDimension.contains("embed.dimension") && noDimension.contains("torchscript"), noDimension);
  }

  @Test
  void hogRejectsModelSettingsAndBadValuesAreNamed() {
    assertTrue(error("backbone: hog, model_path: /m/x.pt").contains("embed.model_path"));
    assertTrue(error("backbone: hog, dimension: 12").contains("embed.dimension"));
    assertTrue(error("backbone: resnet50, model_path: /m/x.pt, preprocess: crop").contains("embed.preprocess"));
    assertTrue(error("backbone: resnet50, model_path: /m/x.pt, device: cuda").contains("embed.device"));
    assertTrue(error("backbone: resnet50, model_path: /m/x.pt, threads: -1").contains("embed.threads"));
    assertTrue(error("backbone: resnet101, model_path: /m/x.pt").contains("embed.backbone"));
    assertTrue(error("backbone: resnet50, model_path: /m/x.pt, modle: 1").contains("embed.modle"));
  }

  @Test
  void gpuProfileAppliesToShippedJobsWithADeepBackbone() {
    EmbedConfig embed = JobConfigLoader.load(Path.of("jobs/neu-det.yaml"), Path.of("conf/gpu.yaml"),
        List.of("embed.backbone=resnet50", "embed.model_path=s3a://models/resnet50.pt", "embed.layers=null",
            "embed.pooling=null")).config().embed();
    assertEquals("gpu", embed.device());
    assertEquals(2048, embed.dimension());
    assertEquals(64, embed.batchSize());
  }
}
