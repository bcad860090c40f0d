package io.labelatlas.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.labelatlas.cli.LabelAtlas;
import io.labelatlas.evaluate.IntervalMethod;
import io.labelatlas.evaluate.IntervalPolicy;
import io.labelatlas.store.DeltaStore;
import io.labelatlas.store.Table;
import io.labelatlas.testing.SharedSpark;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code labelatlas compare} on a two-point grid over a tiny synthetic set: three configurations of two runs, read
 * back from the metrics table, one best with no p-value, the others tested against it, rows in the comparison table,
 * Markdown and CSV written.
 */
@Tag("slow")
class CompareJobTest {

  @Test
  void comparesTheConfigurationsOfTwoRuns(@TempDir Path dir) throws Exception {
    SparkSession spark = SharedSpark.session();
    Path grid = dir.resolve("grid.yaml");
    Files.writeString(grid, "name: tiny\n"
        + "base: " + Path.of("jobs/demo.yaml").toAbsolutePath() + "\n"
        + "metrics: [ami, nmi, purity, silhouette]\n"
        + "resamples: 200\n"
        + "embed: [{backbone: hog}]\n"
        + "cluster: [{algorithms: [kmeans, gmm], k: 3}, {algorithms: [kmeans], k: 6}]\n"
        + "box_control: false\n"   // the control's run is EmbeddingCacheTest's; here two runs are enough
        + "output: {markdown: " + dir.resolve("out/compare.md") + ", csv: " + dir.resolve("out/compare.csv") + "}\n");
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8);
    int code = LabelAtlas.run(new String[] {"compare", grid.toString(),
        "--set", "input.path=" + dir.resolve("data"), "--set", "output.tables=" + dir.resolve("tables"),
        // Small and cheap: 32 x 32 crops (324-d HOG), no embeddings cache, two partitions.
        "--set", "input.images_per_class=4", "--set", "crop.size=32", "--set", "reduce.dimension=5",
        "--set", "output.write_embeddings=false", "--set", "spark.partitions=2", "--set", "audit.probe=false"},
        out, System.err);
    String console = captured.toString(StandardCharsets.UTF_8);
    System.out.print(console);
    assertEquals(0, code);
    assertTrue(console.contains("compare: 1/2 hog + kmeans,gmm k=3 ...")
        && console.contains("compare: 2/2 hog + kmeans k=6 ..."), "progress per grid point");

    DeltaStore store = new DeltaStore(spark, dir.resolve("tables").toString());
    List<Row> rows = store.read(Table.COMPARISON).collectAsList();
    assertEquals(3 * 4, rows.size(), "one row per configuration and metric");
    assertEquals(1, rows.stream().map(r -> r.<String>getAs("comparison_id")).distinct().count());
    assertEquals(Set.of("hog/kmeans/k=3", "hog/gmm/k=3", "hog/kmeans/k=6"),
        rows.stream().map(r -> r.<String>getAs("config")).collect(Collectors.toSet()));
    assertEquals(2, rows.stream().map(r -> r.<String>getAs("run_id")).distinct().count());

    // Each value is the run's own metric, and the best is the configuration with the highest AMI.
    Map<String, Double> ami = new HashMap<>();
    for (Row row : rows) {
      String metric = row.getAs("metric");
      Row fromRun = store.read(Table.METRICS).filter(functions.col("run_id").equalTo(row.<String>getAs("run_id"))
          .and(functions.col("algorithm").equalTo(row.<String>getAs("algorithm")))
          .and(functions.col("metric").equalTo(metric))).first();
      assertEquals(fromRun.<Double>getAs("value"), row.<Double>getAs("value"), row.toString());
      if (metric.equals("ami")) ami.put(row.getAs("config"), row.getAs("value"));
      assertNotNull(row.getAs("clusters"));
      assertEquals(0.0, row.<Double>getAs("noise_fraction"), 0.0);
      assertTrue(row.<Double>getAs("seconds") > 0, "cluster time of the configuration");
    }
    String best = ami.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    for (Row row : rows) {
      assertEquals(best, row.getAs("best_config"));
      String metric = row.getAs("metric");
      Double p = row.getAs("p_vs_best");
      if (row.getAs("config").equals(best) || metric.equals("silhouette")) {
        assertNull(p, "no p vs best for the best itself or for silhouette: " + row);
      } else {
        // The bootstrap's p (purity) is at least 2/(B+1); the jackknife's normal test (AMI, NMI) can go below.
        boolean jackknife = IntervalPolicy.method(metric) == IntervalMethod.JACKKNIFE;
        assertTrue(p != null && p > 0 && p <= 1.0 && (jackknife || p >= 2.0 / 201), "p vs best: " + row);
      }
    }

    List<String> markdown = Files.readAllLines(dir.resolve("out/compare.md"));
    assertEquals(2 + 3, markdown.size());
    assertTrue(markdown.get(0).contains("| ami | nmi | purity | silhouette | p vs best (ami) |"), markdown.get(0));
    assertTrue(markdown.get(2).startsWith("| 1 | hog | " + best.split("/")[1] + " | " + best.split("/")[2] + " |")
        && markdown.get(2).contains("| best |"), markdown.get(2));
    assertTrue(console.contains(markdown.get(2)), "the Markdown table is printed");
    List<String> csv = Files.readAllLines(dir.resolve("out/compare.csv"));
    assertEquals(1 + 3, csv.size());
    assertTrue(csv.get(1).startsWith("1," + best + ","), csv.get(1));
  }
}
