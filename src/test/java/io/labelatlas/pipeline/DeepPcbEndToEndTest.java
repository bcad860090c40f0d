package io.labelatlas.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.labelatlas.config.JobConfigLoader;
import io.labelatlas.store.DeltaStore;
import io.labelatlas.store.Table;
import io.labelatlas.testing.SharedData;
import io.labelatlas.testing.SharedSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** jobs/deeppcb.yaml on the real DeepPCB test split (skipped where ../shared/data/deeppcb is absent). */
@Tag("shared-data")
@Tag("slow")
class DeepPcbEndToEndTest {

  @Test
  void everyTestSplitBoxBecomesACropAndClustersBeatChance(@TempDir Path dir) throws Exception {
    Path deeppcb = SharedData.require("deeppcb");
    long boxes = 0;
    for (String line : Files.readAllLines(deeppcb.resolve("test.txt"))) {
      if (line.isBlank()) continue;
      Path annotation = deeppcb.resolve(line.trim().split("\\s+")[1]);
      boxes += Files.readAllLines(annotation).stream().filter(l -> !l.isBlank()).count();
    }

    // HOG instead of the job's MobileNetV2 layers: this checks ingest and the pipeline on the real split in minutes;
    // the layers' quality is scripts/bench-layers' (docs/benchmarks.md).
    JobConfigLoader.Loaded job = JobConfigLoader.load(Path.of("jobs/deeppcb.yaml"), null, List.of(
        "input.path=" + deeppcb, "output.tables=" + dir.resolve("tables"), "output.write_embeddings=false",
        "embed.backbone=hog", "embed.model_path=null", "embed.layers=null", "embed.pooling=null"));
    RunReport report = new LabelAtlasJob(job, System.out).run(SharedSpark.session());

    assertEquals(boxes, report.counts().get("crops") + report.counts().get("errors"));
    assertEquals(0L, report.counts().get("errors"), "the DeepPCB test split has no bad boxes");
    DeltaStore store = new DeltaStore(SharedSpark.session(), dir.resolve("tables").toString());
    assertEquals(6, store.read(Table.CROPS).select("given_label").distinct().count());
    for (String algorithm : List.of("kmeans", "gmm")) {
      Map<String, Double> metrics = report.metrics().get(algorithm);
      // Chance purity for the six DeepPCB classes is ~0.20 (largest class share).
      assertTrue(metrics.get("purity") > 0.3, algorithm + " purity " + metrics.get("purity"));
      assertTrue(metrics.get("nmi") > 0.05, algorithm + " nmi " + metrics.get("nmi"));
    }
  }
}
