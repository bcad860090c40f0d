package io.labelatlas.pipeline;

import io.labelatlas.config.CompareConfig;
import io.labelatlas.config.CompareGrid;
import io.labelatlas.evaluate.BestConfiguration;
import io.labelatlas.evaluate.BootstrapSettings;
import io.labelatlas.evaluate.PairedBootstrap;
import io.labelatlas.runtime.SparkSessions;
import io.labelatlas.runtime.HadoopFiles;
import io.labelatlas.store.DeltaStore;
import io.labelatlas.store.Table;
import java.io.IOException;
import java.io.PrintStream;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;

/**
 * The {@code compare} job: runs every point of a {@link CompareGrid} as a {@link LabelAtlasJob} in one SparkSession
 * and one tables root (so a backbone repeated across points comes from the embeddings cache), reads each
 * configuration's metrics back from Delta, tests each configuration against the best one by a paired bootstrap of
 * their joint counts (label, best's cluster, its cluster; a Spark aggregate, only the counts reach the driver), and
 * writes the {@code comparison} table, a Markdown table and a CSV.
 */
public final class CompareJob {
  /** The job's own choices for settings written {@code auto}, by algorithm: metric name to setting name. */
  private static final Map<String, Map<String, String>> CHOICES = Map.of(
      "kmeans", Map.of("k", "k"),
      "gmm", Map.of("k", "k"),
      "ward", Map.of("k", "k"),
      "hdbscan", Map.of("hdbscan_min_cluster_size", "min_cluster_size", "hdbscan_min_samples", "min_samples"),
      "dbscan", Map.of("dbscan_eps", "eps"));

  /**
   * @param bestConfig the configuration with the highest {@code rank_by}, or null where none had a value
   * @param failures one line per grid point whose run failed (the others are compared)
   */
  public record Result(String comparisonId, ComparisonTable table, String bestConfig, List<String> failures) {}

  private final CompareGrid grid;
  private final CompareConfig config;
  private final PrintStream out;

  public CompareJob(CompareGrid grid, PrintStream out) {
    this.grid = grid;
    this.config = grid.config();
    this.out = out;
  }

  public Result run() {
    return run(SparkSessions.forJob(grid.points().get(0).job().config().spark(), "compare-" + config.name()));
  }

  public Result run(SparkSession spark) {
    String tables = grid.points().get(0).job().config().output().tables();
    DeltaStore store = new DeltaStore(spark, tables);
    out.println("compare '" + config.name() + "' (" + grid.comparisonId() + "): " + grid.points().size()
        + " runs, " + grid.configurations().size() + " configurations, tables " + store.root());

    Map<Integer, String> runIds = new LinkedHashMap<>();
    List<String> failures = new ArrayList<>();
    int total = grid.points().size();
    for (CompareGrid.Point point : grid.points()) {
      String progress = "compare: " + point.number() + "/" + total + " " + point.description();
      out.println(progress + " ...");
      long start = System.nanoTime();
      try {
        RunReport report = new LabelAtlasJob(point.job(), out).run(spark);
        runIds.put(point.number(), report.runId());
        out.println(String.format(Locale.ROOT, "%s done in %.1fs (run %s)", progress,
            (System.nanoTime() - start) / 1e9, report.runId()));
      } catch (Exception e) {
        // One failed point (a model file that does not load, say) must not cost the others' results.
        String line = point.number() + "/" + total + " " + point.description() + ": " + e.getMessage();
        failures.add(line);
        out.println("compare: FAILED " + line);
      }
    }
    if (runIds.isEmpty()) {
      throw new IllegalStateException("compare: every grid point failed; the first: " + failures.get(0));
    }

    List<CompareGrid.Configuration> compared = grid.configurations().stream()
        .filter(c -> runIds.containsKey(c.point())).toList();
    Map<String, Map<String, ComparisonTable.Estimate>> metrics = readMetrics(store, runIds.values());
    Map<String, Map<String, Double>> stageSeconds = readStageSeconds(store, runIds.values());

    List<Double> rankValues = new ArrayList<>();
    for (CompareGrid.Configuration c : compared) {
      rankValues.add(metrics.getOrDefault(slice(runIds.get(c.point()), c.algorithm()), Map.of())
          .getOrDefault(config.rankBy(), ComparisonTable.Estimate.NONE).value());
    }
    int best = BestConfiguration.best(rankValues);
    CompareGrid.Configuration bestConfig = best < 0 ? null : compared.get(best);
    if (bestConfig == null) out.println("compare: no configuration has a value of " + config.rankBy() + ": no best");
    Map<String, Map<String, Double>> pValues = bestConfig == null || config.resamples() == 0
        ? Map.of() : pValuesVersusBest(store, compared, bestConfig, runIds);

    List<ComparisonTable.Row> rows = new ArrayList<>();
    for (CompareGrid.Configuration c : compared) {
      String runId = runIds.get(c.point());
      Map<String, ComparisonTable.Estimate> values = metrics.getOrDefault(slice(runId, c.algorithm()), Map.of());
      Map<String, Double> choices = new HashMap<>();
      CHOICES.getOrDefault(c.algorithm(), Map.of()).forEach((metric, setting) -> {
        ComparisonTable.Estimate chosen = values.get(metric);
        if (chosen != null && chosen.value() != null) choices.put(setting, chosen.value());
      });
      Double clusters = value(values, "clusters");
      Double seconds = value(values, "seconds");
      if (seconds == null) {
        Map<String, Double> stages = stageSeconds.getOrDefault(runId, Map.of());
        seconds = stages.getOrDefault("cluster:" + c.algorithm(), stages.get("cluster"));
      }
      rows.add(new ComparisonTable.Row(c.id(), runId, c.backbone(), c.algorithm(),
          ComparisonTable.paramsWithChoices(c.params(), choices), values,
          pValues.getOrDefault(c.id(), Map.of()), clusters == null ? null : Math.round(clusters),
          value(values, "noise_fraction"), seconds));
    }
    ComparisonTable table = new ComparisonTable(rows, config.metrics(), config.rankBy(),
        bestConfig == null ? null : bestConfig.id());

    writeComparison(spark, store, table);
    String markdown = table.markdown();
    write(spark, config.markdown(), markdown);
    write(spark, config.csv(), table.csv());
    out.println();
    out.println("== comparison " + grid.comparisonId() + " (ranked by " + config.rankBy() + ") ==");
    out.print(markdown);
    if (bestConfig != null) out.println("best: " + bestConfig.id() + " (run " + runIds.get(bestConfig.point()) + ")");
    out.println("written: " + config.markdown() + ", " + config.csv() + ", table " + store.path(Table.COMPARISON));
    if (!failures.isEmpty()) {
      out.println("compare: " + failures.size() + " of " + total + " grid points failed and are not compared:");
      for (String failure : failures) out.println("  " + failure);
    }
    return new Result(grid.comparisonId(), table, table.bestConfig(), List.copyOf(failures));
  }

  private static String slice(String runId, String algorithm) {
    return runId + "\u0000" + algorithm;
  }

  private static Double value(Map<String, ComparisonTable.Estimate> values, String metric) {
    ComparisonTable.Estimate estimate = values.get(metric);
    return estimate == null ? null : estimate.value();
  }

  /** (run id, algorithm) to metric name to value and interval, for the metrics this comparison shows or needs. */
  private Map<String, Map<String, ComparisonTable.Estimate>> readMetrics(DeltaStore store,
      java.util.Collection<String> runIds) {
    Set<String> wanted = new LinkedHashSet<>(config.metrics());
    wanted.addAll(List.of("clusters", "noise_fraction", "seconds"));
    CHOICES.values().forEach(byMetric -> wanted.addAll(byMetric.keySet()));
    Dataset<Row> table = store.read(Table.METRICS);
    // Tables written before bootstrap intervals existed have no interval columns; their values still count.
    List<String> columns = Arrays.asList(table.columns());
    Column ciLow = columns.contains("ci_low") ? functions.col("ci_low") : functions.lit(null).cast("double");
    Column ciHigh = columns.contains("ci_high") ? functions.col("ci_high") : functions.lit(null).cast("double");
    List<Row> rows = table.filter(functions.col("run_id").isin(runIds.toArray())
            .and(functions.col("metric").isin(wanted.toArray())))
        .select(functions.col("run_id"), functions.col("algorithm"), functions.col("metric"), functions.col("value"),
            ciLow.as("ci_low"), ciHigh.as("ci_high"))
        .collectAsList();
    Map<String, Map<String, ComparisonTable.Estimate>> metrics = new HashMap<>();
    for (Row row : rows) {
      metrics.computeIfAbsent(slice(row.getString(0), row.getString(1)), k -> new HashMap<>())
          .put(row.getString(2), new ComparisonTable.Estimate(nullable(row, 3), nullable(row, 4), nullable(row, 5)));
    }
    return metrics;
  }

  private static Double nullable(Row row, int i) {
    return row.isNullAt(i) ? null : row.getDouble(i);
  }

  private static Map<String, Map<String, Double>> readStageSeconds(DeltaStore store,
      java.util.Collection<String> runIds) {
    Map<String, Map<String, Double>> seconds = new HashMap<>();
    for (Row row : store.read(Table.RUNS).filter(functions.col("run_id").isin(runIds.toArray()))
        .select("run_id", "stage_seconds").collectAsList()) {
      if (!row.isNullAt(1)) seconds.put(row.getString(0), new HashMap<>(row.<String, Double>getJavaMap(1)));
    }
    return seconds;
  }

  /**
   * Config id to metric name to "p vs best", for every configuration but the best. The best's slice of the
   * assignments, joined with the labels it was scored against, is cached once; each other slice is joined to it on
   * crop id and only the (label, best cluster, its cluster) counts are collected.
   */
  private Map<String, Map<String, Double>> pValuesVersusBest(DeltaStore store,
      List<CompareGrid.Configuration> compared, CompareGrid.Configuration best, Map<Integer, String> runIds) {
    String labelSource = grid.points().get(best.point() - 1).job().config().audit().labelSource();
    BootstrapSettings settings = BootstrapSettings.of(config.resamples(), config.seed())
        .withConfidence(config.confidence()).withParallel(true);
    out.println(String.format(Locale.ROOT, "compare: p vs best (%s, %s labels) for %d configurations, %d paired "
        + "resamples each ...", best.id(), labelSource, compared.size() - 1, config.resamples()));
    Dataset<Row> labels = store.read(Table.LABELS)
        .filter(functions.col("source").equalTo(labelSource).and(functions.col("label").isNotNull()))
        .select("crop_id", "label");
    Dataset<Row> assignments = store.read(Table.ASSIGNMENTS);
    Dataset<Row> bestSlice = slice(assignments, runIds.get(best.point()), best.algorithm(), "best_cluster")
        .join(labels, "crop_id").persist(StorageLevel.MEMORY_AND_DISK());
    Map<String, Map<String, Double>> pValues = new HashMap<>();
    try {
      for (CompareGrid.Configuration c : compared) {
        if (c == best) continue;
        PairedBootstrap.JointCounts.Builder joint = PairedBootstrap.JointCounts.builder();
        for (Row cell : bestSlice.join(slice(assignments, runIds.get(c.point()), c.algorithm(), "other_cluster"),
            "crop_id").groupBy("label", "best_cluster", "other_cluster").count().collectAsList()) {
          joint.add(cell.getString(0), cell.getInt(1), cell.getInt(2), cell.getLong(3));
        }
        Map<String, Double> byMetric = new HashMap<>();
        BestConfiguration.compareWithBest(joint.build(), config.metrics(), settings)
            .forEach((metric, comparison) -> byMetric.put(metric, comparison.pValue()));
        pValues.put(c.id(), byMetric);
      }
    } finally {
      bestSlice.unpersist();
    }
    return pValues;
  }

  private static Dataset<Row> slice(Dataset<Row> assignments, String runId, String algorithm, String clusterColumn) {
    return assignments.filter(functions.col("run_id").equalTo(runId)
            .and(functions.col("algorithm").equalTo(algorithm)))
        .select(functions.col("crop_id"), functions.col("cluster").as(clusterColumn));
  }

  /** One row per (configuration, metric), MERGEd on (comparison_id, config, metric). */
  private void writeComparison(SparkSession spark, DeltaStore store, ComparisonTable table) {
    Timestamp now = new Timestamp(System.currentTimeMillis());
    List<Row> rows = new ArrayList<>();
    for (ComparisonTable.Row row : table.rows()) {
      for (String metric : config.metrics()) {
        ComparisonTable.Estimate estimate = row.metric(metric);
        rows.add(RowFactory.create(grid.comparisonId(), row.config(), row.runId(), row.backbone(), row.algorithm(),
            row.params(), metric, estimate.value(), estimate.ciLow(), estimate.ciHigh(), row.pVsBest().get(metric),
            table.bestConfig(), row.clusters(), row.noiseFraction(), row.seconds(), now));
      }
    }
    store.merge(Table.COMPARISON, spark.createDataFrame(rows, Table.COMPARISON.schema()), DeltaStore.OnMatch.UPDATE);
  }

  private static void write(SparkSession spark, String target, String text) {
    try {
      HadoopFiles.writeText(spark.sparkContext().hadoopConfiguration(), target, text);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write the comparison to " + target + ": " + e.getMessage(), e);
    }
  }
}
