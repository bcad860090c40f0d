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
 * Every Delta write of a job run: crops and their given labels (merged across runs), the run's input errors, and per
 * algorithm (PCA's {@code metrics} rows after the reduce step, each clustering's results as soon as it finished) the
 * run-scoped tables assignments, metrics, contingency, clusters, classes, suspects and subclasses, which a first
 * attempt appends and a rerun of the same run id replaces, one algorithm at a time; the audit's neighbour lists once.
 */
final class ResultSink {
  /** What the run found for one algorithm; {@code audited} is null when the audit is off. */
  record AlgorithmResult(String algorithm, ClusterStep.Clustered clustered, EvaluateStep.Evaluated evaluated,
      AuditStep.Audited audited) {}

  private final SparkSession spark;
  private final DeltaStore store;
  private final String runId;
  private final boolean firstAttempt;
  private boolean neighboursWritten;

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
        functions.current_timestamp().as("updated_at"),
        functions.lit(null).cast("double").as("confidence"));
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

  /** Writes the {@code metrics} rows of a step that is not a clustering (e.g. PCA's, algorithm {@code pca}). */
  void writeStepMetrics(String step, List<Row> metricRows) {
    writeRows(Table.METRICS, metricRows, step);
  }

  /**
   * Writes everything one algorithm produced, as soon as it finished: a later algorithm's failure leaves these rows in
   * place. Each table is written for this run and algorithm only, so the run's other algorithms are untouched.
   */
  void writeAlgorithm(AlgorithmResult result) {
    String algorithm = result.algorithm();
    List<Row> metrics = new ArrayList<>(result.clustered().metricRows());
    metrics.addAll(result.evaluated().metricRows());
    if (result.audited() != null) metrics.addAll(result.audited().metricRows());
    store.writeAlgorithmScoped(Table.ASSIGNMENTS, assignmentRows(result.clustered().assigned(), algorithm), runId,
        algorithm, firstAttempt);
    writeRows(Table.METRICS, metrics, algorithm);
    writeRows(Table.CONTINGENCY, result.evaluated().contingencyRows(), algorithm);
    writeRows(Table.CLUSTERS, result.evaluated().clusterRows(), algorithm);
    writeRows(Table.CLASSES, result.evaluated().classRows(), algorithm);
    if (result.audited() != null) {
      store.writeAlgorithmScoped(Table.SUSPECTS, result.audited().suspects(), runId, algorithm, firstAttempt);
      store.writeAlgorithmScoped(Table.SUBCLASSES, result.audited().subclasses(), runId, algorithm, firstAttempt);
      store.writeAlgorithmScoped(Table.LABEL_QUALITY, result.audited().labelQuality(), runId, algorithm,
          firstAttempt);
    }
  }

  /**
   * Writes the audit's approximate neighbour lists once per run (every algorithm shares them), for {@code propagate}
   * and the review to spread labels over without recomputing the reduced features.
   */
  void writeNeighbours(Dataset<Row> neighbours) {
    if (neighboursWritten || neighbours == null) return;
    store.writeRunScoped(Table.NEIGHBOURS, neighbours.withColumn("run_id", functions.lit(runId)), runId,
        firstAttempt);
    neighboursWritten = true;
  }

  private void writeRows(Table table, List<Row> rows, String algorithm) {
    store.writeAlgorithmScoped(table, spark.createDataFrame(rows, table.schema()), runId, algorithm, firstAttempt);
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

}
