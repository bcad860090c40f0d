package io.labelatlas.embed;

import io.labelatlas.ingest.CropPixels;
import java.io.Serializable;
import java.util.List;

/**
 * A frozen feature extractor: crops in, one fixed-length vector per crop out. A new backbone is a new implementation
 * of this interface; the Spark stage that batches crops and caches vectors stays the same.
 * Implementations are created once per executor JVM (see {@link EmbeddingStage}) and must be thread-safe.
 */
public interface Backbone extends Serializable {
  /** Short name recorded in the embeddings table, e.g. {@code hog}. */
  String name();

  /** sha256 of the model file, or a fingerprint of the parameters for backbones without weights. */
  String modelSha256();

  /** Identifies every step from crop to vector, so a change of any of them never reuses stale vectors. */
  String preprocessing();

  int dimension();

  /** The named runs of columns the vectors consist of, in order; one part by default. */
  default List<EmbeddingPart> parts() {
    return List.of(new EmbeddingPart(name(), dimension()));
  }

  List<float[]> embed(List<CropPixels> batch);
}
