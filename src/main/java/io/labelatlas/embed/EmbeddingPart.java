package io.labelatlas.embed;

import java.io.Serializable;

/**
 * A named run of columns in an embedding vector: one layer of a layered backbone, or the whole vector of a plain one.
 * The reduce step standardises and weights each part on its own when a vector has several, so no part dominates by
 * its width or its scale.
 */
public record EmbeddingPart(String name, int width) implements Serializable {
  public EmbeddingPart {
    if (width < 1) throw new IllegalArgumentException("part " + name + " must have a positive width, got " + width);
  }
}
