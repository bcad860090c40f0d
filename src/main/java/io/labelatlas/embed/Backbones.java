package io.labelatlas.embed;

import io.labelatlas.config.JobConfig.EmbedConfig;
import io.labelatlas.embed.djl.DeepBackboneSettings;
import io.labelatlas.embed.djl.DjlBackbone;
import io.labelatlas.embed.djl.ImageNetPreprocessing;
import org.apache.hadoop.conf.Configuration;

/** The backbone a job's {@code embed} section names, created on the driver. */
public final class Backbones {
  private Backbones() {}

  /**
   * @param cropSize the side of the square crops the crop stage makes
   * @param cropPreprocessing how the crops were cut, the first part of the backbone's preprocessing identity
   * @param hadoopConf how deep backbones read their model file (local or {@code s3a://})
   */
  public static Backbone create(EmbedConfig embed, int cropSize, String cropPreprocessing, Configuration hadoopConf) {
    if (embed.backbone().equals("hog")) return new HogBackbone(cropSize, cropPreprocessing);
    if (!embed.isDeep()) throw new IllegalArgumentException("unknown backbone '" + embed.backbone() + "'");
    DeepBackboneSettings settings = new DeepBackboneSettings(embed.backbone(), embed.modelPath(), embed.dimension(),
        new ImageNetPreprocessing(ImageNetPreprocessing.Mode.fromConfig(embed.preprocess()), embed.inputSize()),
        embed.device(), embed.threads(), embed.cacheDir());
    return DjlBackbone.open(settings, cropPreprocessing, hadoopConf);
  }
}
