package io.labelatlas.embed.djl;

/** One batch's vectors and the width of each part (layer) in them, in order; the widths sum to a vector's length. */
record EmbeddedBatch(float[][] vectors, int[] widths) {
  /** A row-major [rows, sum of widths] matrix as one vector per row. */
  static EmbeddedBatch of(float[] flat, int rows, int[] widths) {
    int dimension = java.util.Arrays.stream(widths).sum();
    float[][] vectors = new float[rows][];
    for (int i = 0; i < rows; i++) vectors[i] = java.util.Arrays.copyOfRange(flat, i * dimension, (i + 1) * dimension);
    return new EmbeddedBatch(vectors, widths);
  }
}
