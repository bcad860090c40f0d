package io.labelatlas.embed.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Per-channel statistics of named intermediate outputs ({@code embed.layers}, {@code embed.pooling}), computed with
 * the engine's own operations, so on the GPU when the model runs there: a feature map [N, C, H, W] is pooled over its
 * spatial grid, a token sequence [N, T, C] (a ViT block) over its tokens. The layers' statistics are concatenated in
 * the order the layers are named; each layer is one {@link io.labelatlas.embed.EmbeddingPart}.
 */
public record LayerPooling(List<String> layers, Pooling pooling) implements Serializable {
  /** Bump when the vectors this class makes change, so cached embeddings are not reused. */
  static final int IMPLEMENTATION = 1;
  /** GeM's exponent and floor (Radenović et al.'s usual p = 3). */
  static final float GEM_P = 3f;
  static final float GEM_EPS = 1e-6f;

  public enum Pooling {
    MEAN("mean", 1), MEAN_STD("mean_std", 2), GEM("gem", 1);

    private final String configName;
    private final int statistics;

    Pooling(String configName, int statistics) {
      this.configName = configName;
      this.statistics = statistics;
    }

    public String configName() {
      return configName;
    }

    /** Values per channel: 2 for mean and standard deviation, else 1. */
    public int statistics() {
      return statistics;
    }

    public static Pooling fromConfig(String name) {
      for (Pooling p : values()) {
        if (p.configName.equals(name)) return p;
      }
      throw new IllegalArgumentException("unknown pooling '" + name + "' (mean, mean_std or gem)");
    }
  }

  public LayerPooling {
    if (layers.isEmpty()) throw new IllegalArgumentException("embed.layers is empty");
    layers = List.copyOf(layers);
  }

  public String describe() {
    return "layers(" + String.join("+", layers) + ",pooling=" + pooling.configName() + ",impl=" + IMPLEMENTATION + ")";
  }

  /** The model's outputs, checked and pooled: one [N, sum of widths] float matrix, and each layer's width. */
  EmbeddedBatch pool(NDList outputs, String modelName, int batchSize) {
    List<String> available = new ArrayList<>();
    for (NDArray output : outputs) {
      if (output.getName() != null) available.add(output.getName());
    }
    List<NDArray> pooled = new ArrayList<>();
    int[] widths = new int[layers.size()];
    for (int l = 0; l < layers.size(); l++) {
      String layer = layers.get(l);
      NDArray output = outputs.get(layer);
      if (output == null) {
        throw new EmbeddingTranslator.ModelOutputException("model file " + modelName + " has no output named '"
            + layer + "' (embed.layers); it returns " + (available.isEmpty()
            ? outputs.size() + " unnamed tensor(s): export it with scripts/export-layers (docs/models.md)"
            : "these layers: " + String.join(", ", available)));
      }
      pooled.add(pool(layer, output, modelName, batchSize));
      widths[l] = (int) pooled.get(l).getShape().get(1);
    }
    NDArray all = pooled.size() == 1 ? pooled.get(0) : NDArrays.concat(new NDList(pooled), 1);
    return EmbeddedBatch.of(all.toFloatArray(), batchSize, widths);
  }

  private NDArray pool(String layer, NDArray output, String modelName, int batchSize) {
    Shape shape = output.getShape();
    if (shape.dimension() != 4 && shape.dimension() != 3) {
      throw new EmbeddingTranslator.ModelOutputException(String.format(Locale.ROOT, "layer '%s' of model file %s has "
          + "shape %s: embed.layers takes feature maps [N, C, H, W] or token sequences [N, T, C]", layer, modelName,
          shape));
    }
    if (shape.get(0) != batchSize) {
      throw new EmbeddingTranslator.ModelOutputException("layer '" + layer + "' of model file " + modelName
          + " returned " + shape.get(0) + " rows for " + batchSize + " images");
    }
    // As [N, C, S] with S the spatial positions or the tokens: the engine reduces over one axis at a time.
    NDArray x = output.toType(DataType.FLOAT32, false);
    x = shape.dimension() == 4 ? x.reshape(shape.get(0), shape.get(1), shape.get(2) * shape.get(3))
        : x.transpose(0, 2, 1);
    int[] axis = {2};
    return switch (pooling) {
      case MEAN -> x.mean(axis);
      case MEAN_STD -> {
        NDArray mean = x.mean(axis, true);
        NDArray std = x.sub(mean).square().mean(axis).sqrt();
        yield NDArrays.concat(new NDList(mean.squeeze(2), std), 1);
      }
      case GEM -> x.clip(GEM_EPS, Float.MAX_VALUE).pow(GEM_P).mean(axis).pow(1f / GEM_P);
    };
  }
}
