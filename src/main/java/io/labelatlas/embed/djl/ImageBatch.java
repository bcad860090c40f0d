package io.labelatlas.embed.djl;

/**
 * Preprocessed images ready for a backbone: {@code count} tensors of [3, height, width], back to back in
 * {@code pixels}, as the [N, 3, H, W] float batch a TorchScript backbone takes.
 */
public record ImageBatch(float[] pixels, int count, int height, int width) {
  public ImageBatch {
    if (count < 1) throw new IllegalArgumentException("a batch needs at least one image, got " + count);
    if ((long) count * 3 * height * width != pixels.length) {
      throw new IllegalArgumentException(pixels.length + " values for " + count + " images of 3x" + height + "x"
          + width);
    }
  }

  public String describe() {
    return count + " image" + (count == 1 ? "" : "s") + " of 3x" + height + "x" + width;
  }
}
