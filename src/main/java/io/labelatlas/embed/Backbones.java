package io.labelatlas.embed;

import io.labelatlas.config.JobConfig.EmbedConfig;
import io.labelatlas.embed.djl.DeepBackboneSettings;
import io.labelatlas.embed.djl.DjlBackbone;
import io.labelatlas.embed.djl.ImageNetPreprocessing;
import io.labelatlas.embed.djl.LayerPooling;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;

/** The backbones a job's {@code embed} section names (several are fused), created on the driver. */
public final class Backbones {
  private Backbones() {}

  /**
   * @param cropSize the side of the square crops the crop stage makes
   * @param cropPreprocessing how the crops were cut, the first part of the backbone's preprocessing identity
   * @param hadoopConf how deep backbones read their model file (local or {@code s3a://})
   * @return one backbone per name in {@code embed.backbone}, in order: their vectors are concatenated
   */
  public static List<Backbone> create(EmbedConfig embed, int cropSize, String cropPreprocessing,
      Configuration hadoopConf) {
    List<Backbone> backbones = new ArrayList<>();
    for (String name : embed.backbones()) backbones.add(create(name, embed, cropSize, cropPreprocessing, hadoopConf));
    return List.copyOf(backbones);
  }

  private static Backbone create(String name, EmbedConfig embed, int cropSize, String cropPreprocessing,
      Configuration hadoopConf) {
    switch (name) {
      case "hog":
        return new HogBackbone(cropSize, cropPreprocessing);
      case BoxGeometryBackbone.SIZE:
        return new BoxGeometryBackbone(false);
      case BoxGeometryBackbone.GEOMETRY:
        return new BoxGeometryBackbone(true);
      default:
        break;
    }
    if (!name.equals(embed.deepBackbone())) throw new IllegalArgumentException("unknown backbone '" + name + "'");
    DeepBackboneSettings settings = new DeepBackboneSettings(name, embed.modelPath(), embed.dimension(),
        new ImageNetPreprocessing(ImageNetPreprocessing.Mode.fromConfig(embed.preprocess()), embed.inputSize()),
        embed.device(), embed.threads(), embed.cacheDir(), embed.layers().isEmpty() ? null
            : new LayerPooling(embed.layers(), LayerPooling.Pooling.fromConfig(embed.pooling())));
    try {
      return DjlBackbone.open(settings, cropPreprocessing, hadoopConf);
    } catch (IllegalArgumentException e) {
      if (settings.layers() == null) throw e;
      throw new IllegalArgumentException(e.getMessage() + " (a model for embed.layers is made once by "
          + "scripts/export-layers, see docs/models.md)", e);
    }
  }
}
