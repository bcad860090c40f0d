package io.labelatlas.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.labelatlas.cli.LabelAtlas;
import io.labelatlas.config.JobConfigLoader;
import io.labelatlas.store.DeltaStore;
import io.labelatlas.store.Table;
import io.labelatlas.store.TableCatalog;
import io.labelatlas.testing.SharedSpark;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/** The demo job end to end on the synthetic data set: tables, metrics, bad inputs, idempotent rerun, SQL, notebooks. */
@Tag("slow")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DemoEndToEndTest {
  @TempDir static Path dir;
  private SparkSession spark;
  private DeltaStore store;
  private RunReport first;
  private final Map<Table, Long> rowsAfterFirstRun = new LinkedHashMap<>();

  private JobConfigLoader.Loaded demo() {
    return JobConfigLoader.load(Path.of("jobs/demo.yaml"), null, List.of(
        "input.path=" + dir.resolve("data"), "output.tables=" + dir.resolve("tables"), "input.images_per_class=12"));
  }

  @BeforeAll
  void runDemoOnce() {
    spark = SharedSpark.session();
    first = new LabelAtlasJob(demo(), System.out).run(spark);
    store = new DeltaStore(spark, dir.resolve("tables").toString());
    for (Table table : JOB_TABLES) rowsAfterFirstRun.put(table, store.read(table).count());
  }

  /** Tables a job run writes (label_noise comes from inject-noise, comparison from compare, decisions from review). */
  private static final List<Table> JOB_TABLES = java.util.Arrays.stream(Table.values())
      .filter(t -> t != Table.LABEL_NOISE && t != Table.COMPARISON && t != Table.DECISIONS).toList();

  @Test
  @Order(1)
  void writesEveryTableWithMetricsForBothAlgorithms() {
    for (Table table : JOB_TABLES) {
      // A class splitting into several pure clusters is a finding, not a given: the table exists, rows may not.
      if (table != Table.SUBCLASSES) assertTrue(rowsAfterFirstRun.get(table) > 0, table + " is empty");
    }
    // Every label metric carries its bootstrap intervals; ci_low/ci_high hold the policy's one, or are null with
    // interval_note saying why (fewer than 300 labelled crops, for one).
    Row ari = store.read(Table.METRICS).filter("algorithm = 'kmeans' AND metric = 'ari'").first();
    assertEquals("jackknife", ari.<String>getAs("ci_method"), ari.toString());
    assertEquals(ari.getAs("ci_low") == null, ari.getAs("interval_note") != null, ari.toString());
    if (ari.getAs("ci_low") != null) assertTrue(ari.<Double>getAs("ci_low") < ari.<Double>getAs("ci_high"));
    assertTrue(ari.<Double>getAs("percentile_low") < ari.<Double>getAs("percentile_high"), ari.toString());
    assertTrue(ari.<Double>getAs("std_error") > 0, ari.toString());
    assertEquals(0, store.read(Table.SUSPECTS).filter("score IS NULL OR given_label = suggested_label").count());
    for (String algorithm : List.of("kmeans", "gmm")) {
      Map<String, Double> metrics = first.metrics().get(algorithm);
      for (String name : List.of("purity", "nmi", "ami", "ari", "silhouette")) {
        assertTrue(metrics.containsKey(name), algorithm + " lacks " + name);
      }
      // Six classes: chance purity is about 1/6; HOG separates the synthetic defect shapes well beyond that.
      assertTrue(metrics.get("purity") > 0.4, algorithm + " purity " + metrics.get("purity"));
      assertTrue(metrics.get("nmi") > 0.2, algorithm + " nmi " + metrics.get("nmi"));
    }
    long crops = rowsAfterFirstRun.get(Table.CROPS);
    assertEquals(crops, store.read(Table.ASSIGNMENTS).filter("algorithm = 'kmeans'").count());
    assertEquals(crops, store.read(Table.EMBEDDINGS).count());
    assertEquals(26_244, store.read(Table.EMBEDDINGS).first().<Integer>getAs("dim"));
  }

  @Test
  @Order(2)
  void deliberateBadInputsOfTheDemoAreInTheErrorsTable() throws Exception {
    List<String> truth = Files.readAllLines(dir.resolve("data/truth.csv"));
    long bad = truth.stream().filter(line -> line.contains("bad_input")).count();
    assertTrue(bad >= 5, "the demo data set carries bad inputs");
    assertEquals(bad, rowsAfterFirstRun.get(Table.ERRORS));
    for (Row error : store.read(Table.ERRORS).collectAsList()) {
      assertTrue(error.<String>getAs("reason").length() > 10, error.toString());
    }
  }

  @Test
  @Order(3)
  void purityInTheMetricsTableEqualsTheContingencyTable() {
    TableCatalog.registerAll(spark, store.root());
    Row row = spark.sql("""
        SELECT m.value AS reported, c.purity AS recomputed FROM metrics m JOIN (
          SELECT run_id, algorithm, sum(majority) / sum(size) AS purity FROM (
            SELECT run_id, algorithm, cluster, max(count) AS majority, sum(count) AS size
            FROM contingency GROUP BY run_id, algorithm, cluster) GROUP BY run_id, algorithm) c
        ON m.run_id = c.run_id AND m.algorithm = c.algorithm WHERE m.metric = 'purity' AND m.algorithm = 'kmeans'
        """).first();
    assertEquals(row.getDouble(0), ((Number) row.get(1)).doubleValue(), 1e-12);
  }

  @Test
  @Order(4)
  void rerunOverTheSameInputsAddsNoRowsAndReusesEmbeddings() {
    RunReport second = new LabelAtlasJob(demo(), System.out).run(spark);
    assertEquals(first.runId(), second.runId());
    assertEquals(0L, second.counts().get("embedded"));
    for (Table table : JOB_TABLES) {
      assertEquals(rowsAfterFirstRun.get(table), store.read(table).count(), table + " grew on rerun");
    }
    Row run = store.read(Table.RUNS).first();
    assertEquals(2, run.<Integer>getAs("attempts"));
    assertEquals("succeeded", run.getAs("status"));
    assertEquals(first.metrics().get("kmeans").get("purity"), second.metrics().get("kmeans").get("purity"));
  }

  @Test
  @Order(5)
  void everyNotebookCellRuns() throws Exception {
    TableCatalog.registerAll(spark, store.root());
    List<Path> notebooks;
    try (Stream<Path> files = Files.list(Path.of("notebooks"))) {
      notebooks = files.filter(p -> p.toString().endsWith(".sql")).sorted().toList();
    }
    assertTrue(notebooks.size() >= 2);
    for (Path notebook : notebooks) {
      String text = Files.readString(notebook);
      assertTrue(text.startsWith("-- Databricks notebook source"), notebook + " is not in Databricks source format");
      int executed = 0;
      for (String cell : text.split("-- COMMAND ----------")) {
        String sql = cell.lines().filter(line -> !line.startsWith("-- ")).filter(line -> !line.equals("--"))
            .reduce("", (a, b) -> a + b + "\n").trim();
        if (sql.isEmpty()) continue;
        List<Row> rows = spark.sql(sql).collectAsList();
        assertTrue(rows.size() > 0, notebook + " cell returned nothing:\n" + sql);
        executed++;
      }
      assertTrue(executed >= 2, notebook + " has too few query cells");
    }
  }

  @Test
  @Order(6)
  void sqlCommandPrintsTablesAndCsv() {
    long crops = rowsAfterFirstRun.get(Table.CROPS);
    String table = cli("sql", "--tables", store.root(), "SELECT count(*) AS n FROM crops");
    assertTrue(table.contains("n") && table.contains(Long.toString(crops)) && table.contains("(1 row)"), table);
    String csv = cli("sql", "--tables", store.root(), "--format", "csv",
        "SELECT algorithm, metric FROM metrics WHERE metric = 'purity' ORDER BY algorithm");
    assertEquals(List.of("algorithm,metric", "gmm,purity", "kmeans,purity"), csv.lines().toList());
  }

  @Test
  @Order(7)
  void aReviewerConfirmsAClusterRelabelsACropAndPropagates() {
    String confirmed = cli("decide", "--tables", store.root(), "confirm", "--algorithm", "kmeans", "--clusters", "0",
        "--reviewer", "ann");
    Row cluster = store.read(Table.CLUSTERS).filter("algorithm = 'kmeans' AND cluster = 0").first();
    assertTrue(confirmed.contains("as '" + cluster.getAs("majority_label") + "'")
        && confirmed.contains(", " + cluster.getAs("size") + " crops, run " + first.runId()), confirmed);
    String crop = store.read(Table.ASSIGNMENTS).filter("algorithm = 'kmeans' AND cluster = 1").orderBy("crop_id")
        .first().getAs("crop_id");
    cli("decide", "--tables", store.root(), "relabel", "--crops", crop, "--label", "<b>odd</b>", "--reviewer", "bob");
    assertEquals(2, store.read(Table.DECISIONS).count());
    assertEquals((long) cluster.<Long>getAs("size"),
        store.read(Table.LABELS).filter("source = 'cluster_confirmed'").count());
    assertEquals("<b>odd</b>", store.read(Table.LABELS).filter("source = 'human'").first().getAs("label"));

    String current = cli("sql", "--tables", store.root(), "--format", "csv",
        "SELECT source, count(*) FROM current_labels GROUP BY source ORDER BY source");
    long givenOnly = store.read(Table.LABELS).filter("source = 'given'").join(store.read(Table.LABELS)
        .filter("source IN ('human', 'cluster_confirmed')"), new String[] {"crop_id"}, "left_anti").count();
    assertEquals(List.of("source,count(1)", "cluster_confirmed," + cluster.<Long>getAs("size"), "given," + givenOnly,
        "human,1"), current.lines().toList());

    String propagated = cli("propagate", "--tables", store.root(), "--base-weight", "0");
    assertTrue(propagated.contains("propagate: run " + first.runId()), propagated);
    assertEquals(rowsAfterFirstRun.get(Table.CROPS),
        store.read(Table.LABELS).filter("source = 'propagated'").count(), "one propagated row per crop");
    assertTrue(store.read(Table.LABELS).filter("source = 'propagated' AND label = '" + cluster.getAs("majority_label")
        + "'").count() >= cluster.<Long>getAs("size"), propagated);
  }

  private static String cli(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = LabelAtlas.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
    return out.toString(StandardCharsets.UTF_8);
  }

  static List<String> lines(String text) {
    return new ArrayList<>(text.lines().toList());
  }
}
