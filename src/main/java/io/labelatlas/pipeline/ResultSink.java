package io.labelatlas.pipeline;

import io.labelatlas.store.DeltaStore;
import io.labelatlas.store.Table;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * Every Delta write of a job run: crops and their given labels (merged across runs), and the run-scoped tables
 * (errors, assignments, metrics, contingency, clusters, classes, suspects, subclasses), which a first attempt appends
 * and a rerun of the same run id replaces.
 */
final class ResultSink {
  /** What the run found for one algorithm; {@code audited} is null when the audit is off. */
  record AlgorithmResult(String algorithm, ClusterStep.Clustered clustered, EvaluateStep.Evaluated evaluated,
      AuditStep.Audited audited) {}

  private final SparkSession spark;
  private final DeltaStore store;
  private final String runId;
  private final boolean firstAttempt;

  ResultSink(SparkSession spark, DeltaStore store, String runId, boolean firstAttempt) {
    this.spark = spark;
    this.store = store;
    this.runId = runId;
    this.firstAttempt = firstAttempt;
  }

  /** Merges the crops (keeping the run that first saw each) and their given labels. */
  void writeCrops(Dataset<Row> crops) {
    Dataset<Row> rows = crops.withColumn("first_run_id", functions.lit(runId))
        .withColumn("last_run_id", functions.lit(runId));
    Map<String, String> update = new LinkedHashMap<>();
    for (String column : Table.CROPS.schema().fieldNames()) {
      if (!column.equals("first_run_id")) update.put(column, "s." + column);
    }
    store.merge(Table.CROPS, rows, update);
    Dataset<Row> given = crops.filter(functions.col("given_label").isNotNull()).select(
        functions.col("crop_id"),
        functions.col("given_label").as("label"),
        functions.lit("given").as("source"),
        functions.col("label_origin").as("origin"),
        functions.lit(runId).as("run_id"),
        functions.lit("import").as("decided_by"),
        functions.current_timestamp().as("updated_at"));
    store.merge(Table.LABELS, given, DeltaStore.OnMatch.UPDATE);
  }

  void writeErrors(Dataset<Row> errors) {
    Dataset<Row> rows = errors.select(
        functions.lit(runId).as("run_id"),
        functions.col("source_path"),
        functions.col("stage"),
        functions.col("item"),
        functions.col("reason"),
        functions.current_timestamp().as("recorded_at"));
    store.writeRunScoped(Table.ERRORS, rows, runId, firstAttempt);
  }

  /** Writes the results of every algorithm, after the {@code metrics} rows that precede them (PCA's). */
  void writeResults(List<Row> leadingMetricRows, List<AlgorithmResult> results) {
    Dataset<Row> assignments = null;
    Dataset<Row> suspects = null;
    Dataset<Row> subclasses = null;
    List<Row> metrics = new ArrayList<>(leadingMetricRows);
    List<Row> contingency = new ArrayList<>();
    List<Row> clusters = new ArrayList<>();
    List<Row> classes = new ArrayList<>();
    for (AlgorithmResult result : results) {
      assignments = union(assignments, assignmentRows(result.clustered().assigned(), result.algorithm()));
      metrics.addAll(result.clustered().metricRows());
      metrics.addAll(result.evaluated().metricRows());
      contingency.addAll(result.evaluated().contingencyRows());
      clusters.addAll(result.evaluated().clusterRows());
      classes.addAll(result.evaluated().classRows());
      if (result.audited() != null) {
        metrics.addAll(result.audited().metricRows());
        suspects = union(suspects, result.audited().suspects());
        subclasses = union(subclasses, result.audited().subclasses());
      }
    }
    store.writeRunScoped(Table.ASSIGNMENTS, assignments, runId, firstAttempt);
    writeRows(Table.METRICS, metrics);
    writeRows(Table.CONTINGENCY, contingency);
    writeRows(Table.CLUSTERS, clusters);
    writeRows(Table.CLASSES, classes);
    if (suspects != null) store.writeRunScoped(Table.SUSPECTS, suspects, runId, firstAttempt);
    if (subclasses != null) store.writeRunScoped(Table.SUBCLASSES, subclasses, runId, firstAttempt);
  }

  private void writeRows(Table table, List<Row> rows) {
    store.writeRunScoped(table, spark.createDataFrame(rows, table.schema()), runId, firstAttempt);
  }

  private Dataset<Row> assignmentRows(Dataset<Row> assigned, String algorithm) {
    return assigned.select(
        functions.lit(runId).as("run_id"),
        functions.col("crop_id"),
        functions.lit(algorithm).as("algorithm"),
        functions.col("cluster"),
        functions.col("probability"),
        Arrays.asList(assigned.columns()).contains("outlier_score")
            ? functions.col("outlier_score") : functions.lit(null).cast("double").as("outlier_score"));
  }

  private static Dataset<Row> union(Dataset<Row> all, Dataset<Row> more) {
    return all == null ? more : all.unionByName(more);
  }
}
