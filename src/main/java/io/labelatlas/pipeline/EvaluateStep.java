package io.labelatlas.pipeline;

import io.labelatlas.config.JobConfig;
import io.labelatlas.evaluate.BootstrapProgress;
import io.labelatlas.evaluate.ClusterDiagnostics;
import io.labelatlas.evaluate.ClusterStability;
import io.labelatlas.evaluate.EvaluationStage;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * The evaluate step for one clustering: its metrics against the labels (with bootstrap intervals), the contingency
 * table, per-cluster and per-class profiles, and per-cluster stability ({@link StabilityStep}), as table rows.
 */
final class EvaluateStep {
  /** Rows for the {@code metrics}, {@code contingency}, {@code clusters} and {@code classes} tables. */
  record Evaluated(List<Row> metricRows, List<Row> contingencyRows, List<Row> clusterRows, List<Row> classRows) {}

  private final SparkSession spark;
  private final JobConfig config;
  private final PrintStream out;
  private final RunReport report;

  EvaluateStep(SparkSession spark, JobConfig config, PrintStream out, RunReport report) {
    this.spark = spark;
    this.config = config;
    this.out = out;
    this.report = report;
  }

  Evaluated evaluate(Dataset<Row> assigned, Dataset<Row> labels, Dataset<Row> features, String algorithm,
      String runId) {
    EvaluationStage.Evaluation evaluation =
        EvaluationStage.evaluate(assigned, labels, features, config.evaluate(), algorithm,
            BootstrapProgress.printing(out, "evaluate", 5000));
    Map<Integer, ClusterStability.ClusterScore> stability = stability(features, assigned, algorithm);
    int rounds = config.audit().stabilityRounds();
    List<Row> metrics = new ArrayList<>();
    for (EvaluationStage.Metric metric : evaluation.metrics()) {
      metrics.add(MetricRows.of(runId, algorithm, metric.name(), metric.value(), metric.detail(), metric.interval(),
          metric.reported()));
      report.metric(algorithm, metric.name(), metric.value());
    }
    List<Row> contingency = new ArrayList<>();
    for (EvaluationStage.Cell cell : evaluation.contingency()) {
      contingency.add(RowFactory.create(runId, algorithm, cell.label(), cell.cluster(), cell.count()));
    }
    List<Row> clusters = new ArrayList<>();
    for (EvaluationStage.ClusterSummary cluster : evaluation.clusters()) {
      ClusterStability.ClusterScore score = stability.get(cluster.cluster());
      clusters.add(RowFactory.create(runId, algorithm, cluster.cluster(), cluster.size(), cluster.labelled(),
          cluster.majorityLabel(), cluster.majorityCount(), cluster.purity(), cluster.entropy(),
          score == null ? null : MetricRows.finiteOrNull(score.meanJaccard()), score == null ? null : rounds));
    }
    List<Row> classes = new ArrayList<>();
    for (ClusterDiagnostics.ClassSpread spread : evaluation.classes()) {
      classes.add(RowFactory.create(runId, algorithm, spread.label(), spread.size(), spread.clustersAtMinShare(),
          spread.minShare(), spread.entropy(), (int) spread.mainCluster(), spread.mainClusterShare()));
    }
    return new Evaluated(metrics, contingency, clusters, classes);
  }

  /** Per-cluster stability by re-clustering half-samples ({@code audit.stability_rounds}; 0 turns it off). */
  private Map<Integer, ClusterStability.ClusterScore> stability(Dataset<Row> features, Dataset<Row> assigned,
      String algorithm) {
    Map<Integer, ClusterStability.ClusterScore> byCluster = new LinkedHashMap<>();
    int rounds = config.audit().stabilityRounds();
    if (rounds == 0) return byCluster;
    StabilityStep.Result result = StabilityStep.assess(spark, features, assigned, algorithm, config.cluster(),
        rounds, config.audit().stabilitySample(), config.evaluate().seed());
    for (ClusterStability.ClusterScore score : result.scores()) byCluster.put(score.cluster(), score);
    out.println(String.format(Locale.ROOT, "evaluate: %s stability over %d rounds on %d points: %s", algorithm,
        result.rounds(), result.sampled(), result.scores().stream()
            .map(sc -> sc.cluster() + ":" + String.format(Locale.ROOT, "%.2f", sc.meanJaccard()))
            .collect(Collectors.joining(" "))));
    return byCluster;
  }
}
