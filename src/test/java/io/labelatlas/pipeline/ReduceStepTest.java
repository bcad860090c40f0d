package io.labelatlas.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.labelatlas.config.JobConfigLoader;
import io.labelatlas.reduce.InMemoryRowPasses;
import io.labelatlas.reduce.RandomizedPca;
import io.labelatlas.testing.SharedSpark;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import scala.Tuple2;

/** The reduce step says, in metrics and in the run summary, when fewer PCA components survive than were requested. */
class ReduceStepTest {

  private static float[][] rows(int n, int d, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[][] rows = new float[n][d];
    for (float[] row : rows) for (int j = 0; j < d; j++) row[j] = (float) random.nextDouble();
    return rows;
  }

  private static Row metric(List<Row> rows, String name) {
    return rows.stream().filter(r -> r.getString(2).equals(name)).findFirst().orElse(null);
  }

  @Test
  void fewerRowsThanRequestedComponentsWriteAComponentsDroppedRow() {
    RandomizedPca.Model model = RandomizedPca.fit(new InMemoryRowPasses(rows(4, 30, 1)), 30, 10, 5, 1, 1);
    List<Row> rows = ReduceStep.metricRows("run-1", model, 30, 10);
    Row dropped = metric(rows, "components_dropped");
    assertEquals("pca", dropped.getString(1));
    assertEquals(7.0, dropped.getDouble(3));
    String detail = dropped.getString(4);
    assertTrue(detail.contains("reduce.dimension = 10 requested, 3 components kept"), detail);
    assertTrue(detail.contains("only 4 crops"), detail);
    assertEquals("input_dim=30 output_dim=3", metric(rows, "explained_variance_ratio").getString(4));
  }

  @Test
  void allRequestedComponentsKeptWriteNoSuchRow() {
    RandomizedPca.Model model = RandomizedPca.fit(new InMemoryRowPasses(rows(40, 12, 2)), 12, 5, 5, 1, 1);
    assertNull(metric(ReduceStep.metricRows("run-1", model, 12, 5), "components_dropped"));
    assertNull(ReduceStep.shortfall(5, 5, 12, 40));
    assertTrue(ReduceStep.shortfall(20, 12, 12, 40).contains("only 12-dimensional"));
    assertTrue(ReduceStep.shortfall(8, 6, 12, 40).contains("only 6 numerically independent directions"));
  }

  @Test
  void theRunSummaryAndConsoleSayHowManyComponentsWereDropped() {
    // demo.yaml asks for 50 components; 6 crops support at most 5.
    JobConfigLoader.Loaded demo = JobConfigLoader.load(Path.of("jobs/demo.yaml"), null, List.of());
    List<Tuple2<String, float[]>> vectors = new ArrayList<>();
    float[][] data = rows(6, 20, 3);
    for (int i = 0; i < data.length; i++) vectors.add(new Tuple2<>("crop-" + i, data[i]));
    JavaPairRDD<String, float[]> rdd = JavaSparkContext.fromSparkContext(SharedSpark.session().sparkContext())
        .parallelizePairs(vectors, 2);
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(console, true, StandardCharsets.UTF_8);
    RunReport report = new RunReport();
    try (RunResources resources = new RunResources()) {
      ReduceStep.Reduced reduced = new ReduceStep(SharedSpark.session(), demo.config(), out, report, resources)
          .reduce(rdd, "run-1");
      assertEquals(5, reduced.dimension());
      assertEquals(45.0, metric(reduced.metricRows(), "components_dropped").getDouble(3));
      assertEquals(6, reduced.features().count());
    }
    assertEquals(45L, report.counts().get("pca_components_dropped"));
    report.print(out, LabelAtlasJob.METRIC_COLUMNS);
    String text = console.toString(StandardCharsets.UTF_8);
    assertTrue(text.contains("reduce: reduce.dimension = 50 requested, 5 components kept (45 dropped)"), text);
    assertTrue(text.contains("note: reduce: reduce.dimension = 50 requested, 5 components kept"), text);
  }
}
