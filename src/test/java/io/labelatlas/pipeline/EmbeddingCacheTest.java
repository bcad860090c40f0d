package io.labelatlas.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.labelatlas.config.JobConfigLoader;
import io.labelatlas.store.DeltaStore;
import io.labelatlas.store.Table;
import io.labelatlas.testing.SharedSpark;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run over more inputs than the last one mixes cached and fresh vectors, and counts every crop exactly once. */
@Tag("slow")
class EmbeddingCacheTest {

  private static RunReport run(Path dir, int limit, String... more) {
    List<String> overrides = new java.util.ArrayList<>(List.of(
        "input.path=" + dir.resolve("data"), "output.tables=" + dir.resolve("tables"), "input.images_per_class=4",
        "input.limit=" + limit, "cluster.k=3", "cluster.algorithms=[kmeans]", "reduce.dimension=5",
        "audit.probe=false"));
    overrides.addAll(List.of(more));
    JobConfigLoader.Loaded job = JobConfigLoader.load(Path.of("jobs/demo.yaml"), null, overrides);
    return new LabelAtlasJob(job, System.out).run(SharedSpark.session());
  }

  @Test
  void aFusionCachesEachBackboneOnItsOwnAndStandardisesEachPart(@TempDir Path dir) {
    RunReport hog = run(dir, 12);
    long crops = hog.counts().get("crops");
    RunReport fused = run(dir, 12, "embed.backbone=[hog, box_geometry]");
    assertEquals(crops, fused.counts().get("embeddings_reused"), "HOG's vectors come from the first run");
    assertEquals(crops, fused.counts().get("embedded"), "only box_geometry is computed");
    DeltaStore store = new DeltaStore(SharedSpark.session(), dir.resolve("tables").toString());
    assertEquals(crops, store.read(Table.EMBEDDINGS).filter("backbone = 'box_geometry' and dim = 4").count());
    assertEquals(2.0, store.read(Table.METRICS).filter("run_id = '" + fused.runId()
        + "' and metric = 'standardised_parts'").first().getAs("value"), 0.0);
    RunReport control = run(dir, 12, "embed.backbone=box_size");
    assertEquals(crops, control.counts().get("embedded"));
    assertEquals(2L, control.counts().get("pca_dimension"), "the control is two numbers: log box width and height");

    // Cached HOG vectors of another length under the same backbone, model and preprocessing (as a changed model
    // output would leave) are never read: the dimension is part of the key.
    SharedSpark.session().sql("UPDATE delta.`" + dir.resolve("tables/embeddings") + "` SET dim = 3, "
        + "vector = slice(vector, 1, 3) WHERE backbone = 'hog'");
    RunReport again = run(dir, 12);
    assertEquals(crops, again.counts().get("embedded"), "every HOG vector is computed afresh");
    assertEquals(0L, again.counts().get("embeddings_reused"));
  }

  @Test
  void cachedAndFreshVectorsAreEachCountedOnce(@TempDir Path dir) {
    RunReport small = run(dir, 20);
    RunReport large = run(dir, 40);
    long crops = large.counts().get("crops");
    assertTrue(large.counts().get("embeddings_reused") > 0, "the second run reuses the first run's vectors");
    assertEquals(crops, large.counts().get("embeddings_reused") + large.counts().get("embedded"));
    assertEquals((double) large.counts().get("labelled_crops"), large.metrics().get("kmeans").get("labelled"));
    DeltaStore store = new DeltaStore(SharedSpark.session(), dir.resolve("tables").toString());
    assertEquals(crops, store.read(Table.ASSIGNMENTS)
        .filter("run_id = '" + large.runId() + "'").count());
    assertEquals(store.read(Table.EMBEDDINGS).select("crop_id").distinct().count(), store.read(Table.EMBEDDINGS).count());
    assertTrue(small.counts().get("crops") < crops);
  }
}
