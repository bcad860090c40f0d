package io.labelatlas.embed.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslatorContext;

/**
 * DJL translator between a preprocessed {@link ImageBatch} and one embedding per image. Without {@code embed.layers}
 * the model must map the [N, 3, H, W] batch to a single [N, D] tensor with D = {@code dimension}; with them it returns
 * named intermediate outputs that {@link LayerPooling} pools. Anything else fails with a message naming the model
 * file, the shape it returned and the shape expected. Preprocessing happens before (in the task's thread,
 * outside the model's lock), so this does only the tensor copies.
 */
final class EmbeddingTranslator implements NoBatchifyTranslator<ImageBatch, EmbeddedBatch> {
  private static final String BATCH = "batch";
  private final String modelName;
  private final int dimension;
  private final LayerPooling layers;

  /**
   * @param modelName the model file as the user named it, for messages
   * @param dimension the embedding length the configuration expects; 0 with {@code layers}: not known yet
   * @param layers the intermediate outputs to pool, or null for a model that returns its embedding
   */
  EmbeddingTranslator(String modelName, int dimension, LayerPooling layers) {
    this.modelName = modelName;
    this.dimension = dimension;
    this.layers = layers;
  }

  @Override
  public NDList processInput(TranslatorContext ctx, ImageBatch batch) {
    ctx.setAttachment(BATCH, batch);
    NDArray images = ctx.getNDManager().create(batch.pixels(), new Shape(batch.count(), 3, batch.height(),
        batch.width()));
    return new NDList(images);
  }

  @Override
  public EmbeddedBatch processOutput(TranslatorContext ctx, NDList outputs) {
    ImageBatch batch = (ImageBatch) ctx.getAttachment(BATCH);
    if (layers != null) {
      EmbeddedBatch pooled = layers.pool(outputs, modelName, batch.count());
      int width = pooled.vectors()[0].length;
      if (dimension > 0 && width != dimension) {
        throw new ModelOutputException("the layers " + layers.layers() + " of model file " + modelName + " pool to "
            + width + "-d vectors, but embed.dimension = " + dimension + "; set embed.dimension: " + width
            + " or leave it out");
      }
      return pooled;
    }
    String expected = "expected one tensor [N, D] = [" + batch.count() + ", " + dimension + "] (embed.dimension = "
        + dimension + ")";
    if (outputs.size() != 1) {
      throw new ModelOutputException("model file " + modelName + " returned " + outputs.size() + " tensors for "
          + batch.describe() + "; " + expected);
    }
    NDArray output = outputs.get(0);
    Shape shape = output.getShape();
    if (shape.dimension() != 2) {
      throw new ModelOutputException("model file " + modelName + " returned a tensor of shape " + shape + " (rank "
          + shape.dimension() + ") for " + batch.describe() + "; " + expected
          + ": export the pooled features, not a feature map or a classifier with extra dimensions");
    }
    if (shape.get(0) != batch.count()) {
      throw new ModelOutputException("model file " + modelName + " returned " + shape.get(0) + " rows for "
          + batch.describe() + "; " + expected);
    }
    if (shape.get(1) != dimension) {
      throw new ModelOutputException("model file " + modelName + " returns " + shape.get(1) + "-d embeddings, but "
          + "embed.dimension = " + dimension + "; set embed.dimension: " + shape.get(1) + " or use the model the "
          + "configuration means");
    }
    float[] flat = (output.getDataType() == DataType.FLOAT32 ? output : output.toType(DataType.FLOAT32, false))
        .toFloatArray();
    return EmbeddedBatch.of(flat, batch.count(), new int[] {dimension});
  }

  /** The model ran but its output does not fit the configuration: a setup error, not worth retrying. */
  static final class ModelOutputException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    ModelOutputException(String message) {
      super(message);
    }
  }
}
