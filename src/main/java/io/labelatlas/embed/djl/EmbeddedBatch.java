package io.labelatlas.embed.djl;

/** One batch's vectors and the width of each part (layer) in them, in order; the widths sum to a vector's length. */
record EmbeddedBatch(float[][] vectors, int[] widths) {}
