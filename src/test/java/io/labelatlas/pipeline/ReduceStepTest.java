package io.labelatlas.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.labelatlas.config.JobConfigLoader;
import io.labelatlas.embed.EmbeddingPart;
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
          .reduce(rdd, List.of(new EmbeddingPart("test", 20)), "run-1");
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

  @Test
  void severalPartsAreStandardisedBeforePcaAndSaySo() {
    JobConfigLoader.Loaded demo = JobConfigLoader.load(Path.of("jobs/demo.yaml"), null, List.of("reduce.dimension=2"));
    // Part "wide" (8 columns of large values) carries no structure; part "narrow" (1 column) separates two groups.
    SplittableRandom random = new SplittableRandom(5);
    List<Tuple2<String, float[]>> vectors = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      float[] row = new float[9];
      row[0] = (i < 20 ? -1 : 1) + (float) (0.01 * random.nextGaussian());
      for (int j = 1; j < 9; j++) row[j] = (float) (100 * random.nextGaussian());
      vectors.add(new Tuple2<>("crop-" + i, row));
    }
    JavaPairRDD<String, float[]> rdd = JavaSparkContext.fromSparkContext(SharedSpark.session().sparkContext())
        .parallelizePairs(vectors, 2);
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(console, true, StandardCharsets.UTF_8);
    try (RunResources resources = new RunResources()) {
      ReduceStep.Reduced reduced = new ReduceStep(SharedSpark.session(), demo.config(), out, new RunReport(), resources)
          .reduce(rdd, List.of(new EmbeddingPart("narrow", 1), new EmbeddingPart("wide", 8)), "run-1");
      assertEquals("narrow (1), wide (8)", metric(reduced.metricRows(), "standardised_parts").getString(4));
      // Unscaled, the wide part's variance (8 x 10,000) would swamp the narrow one's (1) and the first component
      // would be noise; standardised, the narrow part holds half the variance and the first component is its axis.
      Row explained = metric(reduced.metricRows(), "explained_variance_ratio_pc001");
      assertTrue(explained.getDouble(3) > 0.45, "first component explains " + explained.getDouble(3));
      java.util.Set<Boolean> groupOneSigns = new java.util.HashSet<>();
      java.util.Set<Boolean> groupTwoSigns = new java.util.HashSet<>();
      for (Row row : reduced.features().collectAsList()) {
        int i = Integer.parseInt(row.getString(0).substring("crop-".length()));
        boolean positive = ((org.apache.spark.ml.linalg.Vector) row.get(1)).apply(0) > 0;
        (i < 20 ? groupOneSigns : groupTwoSigns).add(positive);
      }
      assertEquals(1, groupOneSigns.size(), "the first component splits the two groups");
      assertEquals(1, groupTwoSigns.size(), "the first component splits the two groups");
      assertTrue(!groupOneSigns.equals(groupTwoSigns), "the groups fall on opposite sides");
    }
    assertTrue(console.toString(StandardCharsets.UTF_8)
        .contains("reduce: 2 parts standardised and weighted equally: narrow (1), wide (8)"));
  }
}
