package io.labelatlas.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.labelatlas.config.ConfigException;
import io.labelatlas.config.JobConfigLoader;
import io.labelatlas.store.DeltaStore;
import io.labelatlas.store.Table;
import io.labelatlas.testing.SharedSpark;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job never loses finished work: an algorithm that cannot run on the data is refused before anything is embedded,
 * and an algorithm that fails while it runs leaves the results of the algorithms before it in the tables, which a
 * rerun completes without duplicating. (The audit is off to keep the test short: suspects and subclasses go through
 * the same per-algorithm write, which the demo's rerun test covers.)
 */
@Tag("slow")
class FinishedWorkTest {
  @TempDir static Path dir;

  /** The demo, small: 12 images per class (more than 100 crops) of 32 x 32 pixels, 5 PCA components. */
  private static JobConfigLoader.Loaded job(String tables, String... settings) {
    List<String> all = new ArrayList<>(List.of("input.path=" + dir.resolve("data"),
        "output.tables=" + dir.resolve(tables), "input.images_per_class=12", "crop.size=32", "reduce.dimension=5",
        "output.write_embeddings=false", "spark.partitions=2"));
    all.addAll(List.of(settings));
    return JobConfigLoader.load(Path.of("jobs/demo.yaml"), null, all);
  }

  private static JobConfigLoader.Loaded twoAlgorithms() {
    return job("failing", "cluster.algorithms=[kmeans,gmm]", "audit.enabled=false");
  }

  @Test
  void anAlgorithmPastItsBoundIsRefusedBeforeAnythingIsEmbeddedOrClustered() {
    SparkSession spark = SharedSpark.session();
    ConfigException refused = assertThrows(ConfigException.class, () -> new LabelAtlasJob(
        job("refused", "cluster.algorithms=[kmeans,gmm,dbscan]", "cluster.exact_max_points=100",
            "cluster.dbscan.mode=exact"), System.out)
        .run(spark));
    String message = refused.getMessage();
    for (String part : List.of("'cluster.algorithms'", "dbscan", "'cluster.exact_max_points' = 100",
        "nothing has been embedded or clustered", "hdbscan")) {
      assertTrue(message.contains(part), "'" + part + "' missing from: " + message);
    }
    assertFalse(message.contains("kmeans:") || message.contains("gmm:"), "only dbscan is refused: " + message);

    DeltaStore store = new DeltaStore(spark, dir.resolve("refused").toString());
    assertFalse(store.exists(Table.ASSIGNMENTS), "no algorithm clustered");
    assertFalse(store.exists(Table.METRICS), "not even PCA ran");
    Row run = store.read(Table.RUNS).first();
    assertEquals("failed", run.getAs("status"));
    assertEquals(message, run.getAs("message"));
    Map<String, Double> stages = scala.jdk.javaapi.CollectionConverters.asJava(run.getMap(run.fieldIndex(
        "stage_seconds")));
    assertFalse(stages.containsKey("embed"), "nothing was embedded: " + stages);
  }

  @Test
  void aLaterAlgorithmsFailureKeepsTheEarlierResultsAndTheRerunCompletesThem() {
    SparkSession spark = SharedSpark.session();
    DeltaStore store = new DeltaStore(spark, dir.resolve("failing").toString());
    PrintStream failingGmm = new FailingStage(spark.sparkContext(), "cluster:gmm");
    Exception failure = assertThrows(Exception.class,
        () -> new LabelAtlasJob(twoAlgorithms(), failingGmm).run(spark));
    assertTrue(String.valueOf(failure.getMessage()).contains("cancelled"), String.valueOf(failure.getMessage()));

    Row failed = store.read(Table.RUNS).first();
    assertEquals("failed", failed.getAs("status"));
    assertTrue(failed.<String>getAs("message").startsWith("stage cluster:gmm: "), failed.<String>getAs("message"));
    long crops = store.read(Table.CROPS).count();
    assertEquals(crops, store.read(Table.ASSIGNMENTS).filter("algorithm = 'kmeans'").count());
    assertEquals(0, store.read(Table.ASSIGNMENTS).filter("algorithm = 'gmm'").count());
    for (String metric : List.of("purity", "ari", "seconds")) {
      assertEquals(1, store.read(Table.METRICS).filter("algorithm = 'kmeans' AND metric = '" + metric + "'").count(),
          metric);
    }
    assertTrue(store.read(Table.METRICS).filter("algorithm = 'pca'").count() > 0, "PCA's rows follow the reduce step");
    for (Table table : List.of(Table.CONTINGENCY, Table.CLUSTERS, Table.CLASSES)) {
      assertTrue(store.read(table).filter("algorithm = 'kmeans'").count() > 0, table + " lacks kmeans");
      assertEquals(0, store.read(table).filter("algorithm <> 'kmeans'").count(), table + " has more than kmeans");
    }
    List<Row> kmeansBefore = sorted(store.read(Table.ASSIGNMENTS).filter("algorithm = 'kmeans'"));

    RunReport rerun = new LabelAtlasJob(twoAlgorithms(), System.out).run(spark);
    assertEquals(failed.<String>getAs("run_id"), rerun.runId(), "the rerun is the same run");
    Row succeeded = store.read(Table.RUNS).first();
    assertEquals("succeeded", succeeded.getAs("status"));
    assertEquals(2, succeeded.<Integer>getAs("attempts"));
    for (String algorithm : List.of("kmeans", "gmm")) {
      assertEquals(crops, store.read(Table.ASSIGNMENTS).filter("algorithm = '" + algorithm + "'").count(), algorithm);
    }
    assertEquals(2 * crops, store.read(Table.ASSIGNMENTS).count());
    assertEquals(kmeansBefore, sorted(store.read(Table.ASSIGNMENTS).filter("algorithm = 'kmeans'")));
    for (Table table : List.of(Table.ASSIGNMENTS, Table.METRICS, Table.CONTINGENCY, Table.CLUSTERS, Table.CLASSES)) {
      Dataset<Row> rows = store.read(table);
      String[] key = table.key().toArray(String[]::new);
      assertEquals(rows.count(), rows.dropDuplicates(key).count(), table + " holds a key twice");
    }
  }

  private static List<Row> sorted(Dataset<Row> assignments) {
    return assignments.select("crop_id", "cluster").orderBy("crop_id").collectAsList();
  }

  /**
   * The job's console, which makes the named stage fail the way a killed or cancelled Spark job does: when the stage
   * starts, its thread's jobs join a job group cancelled with its future jobs, so the stage's first Spark job fails
   * (deterministically, whatever the timing); when the stage ends the group is cleared, so recording the run works.
   */
  private static final class FailingStage extends PrintStream {
    private final SparkContext spark;
    private final String stage;

    FailingStage(SparkContext spark, String stage) {
      super(OutputStream.nullOutputStream(), true);
      this.spark = spark;
      this.stage = stage;
    }

    @Override
    public void println(String line) {
      System.out.println(line);
      if (line.equals("stage " + stage + " ...")) {
        String group = "fail-" + stage + "-" + System.nanoTime();
        spark.setJobGroup(group, "FinishedWorkTest: " + stage + " fails", false);
        spark.cancelJobGroupAndFutureJobs(group, "FinishedWorkTest: " + stage + " fails");
      } else if (line.startsWith("stage " + stage + " done") || line.startsWith("stage " + stage + " failed")) {
        spark.clearJobGroup();
      }
    }
  }
}
