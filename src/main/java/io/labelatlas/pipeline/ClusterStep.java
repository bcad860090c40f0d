package io.labelatlas.pipeline;

import io.labelatlas.cluster.ClusterStage;
import io.labelatlas.config.JobConfig;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The cluster step for one algorithm: assigns every crop to a cluster and records, as {@code metrics} rows, what the
 * algorithm chose itself (with its evidence), its auto-configuration curves and its wall-clock time.
 */
final class ClusterStep {
  /** @param assigned {@code crop_id, cluster, probability[, outlier_score]}, persisted */
  record Clustered(Dataset<Row> assigned, List<Row> metricRows) {}

  private final JobConfig config;
  private final PrintStream out;
  private final StageTimer timer;
  private final RunResources resources;

  ClusterStep(JobConfig config, PrintStream out, StageTimer timer, RunResources resources) {
    this.config = config;
    this.out = out;
    this.timer = timer;
    this.resources = resources;
  }

  Clustered cluster(Dataset<Row> features, String algorithm, String runId) {
    long start = System.nanoTime();
    List<Row> rows = new ArrayList<>();
    Dataset<Row> assigned = timer.timed("cluster:" + algorithm, () -> {
      ClusterStage.Clustering clustering = ClusterStage.assign(features, algorithm, config.cluster(),
          line -> out.println("  [cluster] " + line));
      for (ClusterStage.Choice choice : clustering.choices()) {
        rows.add(MetricRows.of(runId, algorithm, choice.name(), choice.value(), choice.evidence()));
        out.println(String.format(Locale.ROOT, "cluster: %s chose %s = %.6g (%s)", algorithm, choice.name(),
            choice.value(), choice.evidence()));
      }
      for (ClusterStage.CurvePoint point : clustering.curves()) {
        rows.add(MetricRows.of(runId, algorithm,
            String.format(Locale.ROOT, "curve:%s:rank%07d", point.curve(), point.rank()), point.value(),
            "sorted " + point.curve() + " curve (descending), rank " + point.rank() + " of " + point.of()));
      }
      Dataset<Row> persisted = resources.persist(clustering.assignments());
      persisted.count();
      return persisted;
    });
    rows.add(MetricRows.of(runId, algorithm, "seconds", (System.nanoTime() - start) / 1e9,
        "wall-clock seconds of the cluster stage for this algorithm (auto-configuration included)"));
    return new Clustered(assigned, rows);
  }
}
