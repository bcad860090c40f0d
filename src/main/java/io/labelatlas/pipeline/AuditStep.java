package io.labelatlas.pipeline;

import io.labelatlas.audit.AuditSettings;
import io.labelatlas.audit.HiddenSubclasses;
import io.labelatlas.audit.LabelNoise;
import io.labelatlas.audit.SubclassStage;
import io.labelatlas.audit.SuspectStage;
import io.labelatlas.cluster.hdbscan.partitioned.ApproximateNeighbours;
import io.labelatlas.config.JobConfig;
import io.labelatlas.runtime.Checkpoints;
import io.labelatlas.store.DeltaStore;
import io.labelatlas.store.Table;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * The label audit of one clustering: ranked suspects (and the kNN-vote baseline's ranking), their precision@k where
 * the labels carry injected noise with known truth, and classes that split into several pure clusters. Each sub-step
 * prints a progress line ("  [audit:ALGORITHM] 2/4 ...") with its counts and time as it finishes. One instance serves
 * one run: the approximate neighbours are found once and shared by every algorithm.
 */
final class AuditStep {
  /** Rows for the {@code suspects} and {@code subclasses} tables and this audit's {@code metrics} rows. */
  record Audited(Dataset<Row> suspects, Dataset<Row> subclasses, List<Row> metricRows) {}

  private final DeltaStore store;
  private final JobConfig config;
  private final PrintStream out;
  private final RunResources resources;
  private Dataset<Row> neighbours;
  private long neighbourCount;

  AuditStep(DeltaStore store, JobConfig config, PrintStream out, RunResources resources) {
    this.store = store;
    this.config = config;
    this.out = out;
    this.resources = resources;
  }

  Audited audit(Dataset<Row> features, Dataset<Row> assigned, Dataset<Row> labels, String algorithm, String runId) {
    JobConfig.AuditConfig auditConfig = config.audit();
    AuditSettings settings = new AuditSettings(auditConfig.neighbours(), auditConfig.clusterWeight(),
        auditConfig.ks(), auditConfig.maxSuspects(), config.evaluate().seed());
    String source = auditConfig.labelSource();
    boolean injected = source.startsWith(LabelNoise.SOURCE_PREFIX) && store.exists(Table.LABEL_NOISE);
    Progress progress = new Progress(algorithm, injected ? 5 : 4);
    List<Row> metrics = new ArrayList<>();

    if (neighbours == null) {
      // find materializes (and caches) its result: the run only has to release it at the end.
      neighbours = resources.held(ApproximateNeighbours.find(features,
          ApproximateNeighbours.Settings.defaults(auditConfig.neighbours(), config.evaluate().seed())));
      neighbourCount = neighbours.count();
      progress.done(String.format(Locale.ROOT, "neighbours: %,d crops, %d approximate neighbours each",
          neighbourCount, auditConfig.neighbours()));
    } else {
      progress.done(String.format(Locale.ROOT, "neighbours: %,d crops, found for an earlier algorithm",
          neighbourCount));
    }

    Dataset<Row> scored = SuspectStage.score(features, assigned.select("crop_id", "cluster"), labels, neighbours,
        settings);
    long scoredCount = scored.count();
    progress.done(String.format(Locale.ROOT, "scored: %,d labelled crops", scoredCount));
    Dataset<Row> flagged = SuspectStage.suspects(scored, settings)
        .withColumn("run_id", functions.lit(runId)).withColumn("algorithm", functions.lit(algorithm))
        .select(Table.SUSPECTS.columns());
    long flaggedCount = flagged.count();
    progress.done(String.format(Locale.ROOT, "ranked: %,d suspects (at most audit.max_suspects = %d)", flaggedCount,
        auditConfig.maxSuspects()));
    metrics.add(MetricRows.of(runId, algorithm, "audit:suspects", flaggedCount, "labelled crops whose suggested label "
        + "differs from the given one, of " + scoredCount + " scored (table suspects, at most audit.max_suspects)"));
    out.println(String.format(Locale.ROOT, "audit: %s: %d suspects among %d labelled crops", algorithm, flaggedCount,
        scoredCount));

    if (injected) {
      String injection = source.substring(LabelNoise.SOURCE_PREFIX.length());
      metrics.addAll(quality(scored, injection, settings, algorithm, runId));
      progress.done("precision@k against injection " + injection);
    }

    SubclassStage subclasses = new SubclassStage(new HiddenSubclasses(auditConfig.subclassMinMembers(),
        auditConfig.subclassMinShare(), auditConfig.subclassMinPurity()));
    Dataset<Row> parts = subclasses.run(assigned.select("crop_id", "cluster"), labels, features)
        .withColumn("run_id", functions.lit(runId)).withColumn("algorithm", functions.lit(algorithm))
        .select(Table.SUBCLASSES.columns());
    parts = Checkpoints.materialize(parts);
    List<Row> split = parts.select("label", "parts").distinct().orderBy("label").collectAsList();
    progress.done(String.format(Locale.ROOT, "subclasses: %d classes split into several pure clusters", split.size()));
    metrics.add(MetricRows.of(runId, algorithm, "audit:split_classes", split.size(),
        "classes that split into several pure clusters (table subclasses)"));
    for (Row row : split) {
      out.println("audit: " + algorithm + ": class '" + row.getString(0) + "' splits into " + row.getInt(1)
          + " pure clusters (see the subclasses table)");
    }
    return new Audited(flagged, parts, metrics);
  }

  /** Precision@k and recall@k of our ranking and of the kNN vote against the injection's known flips. */
  private List<Row> quality(Dataset<Row> scored, String injection, AuditSettings settings, String algorithm,
      String runId) {
    Dataset<Row> truth = store.read(Table.LABEL_NOISE).filter(functions.col("injection").equalTo(injection))
        .select("crop_id", "flipped");
    List<Row> metrics = new ArrayList<>();
    StringBuilder line = new StringBuilder("audit: " + algorithm + " precision@k, ours vs kNN vote:");
    Map<String, Double> ours = new LinkedHashMap<>();
    for (Row row : SuspectStage.quality(scored, truth, settings).collectAsList()) {
      String method = row.getString(0);
      String label = row.getString(1);
      int k = row.getInt(2);
      String suffix = label.equals(SuspectStage.ALL_CLASSES) ? "" : ":" + label;
      String detail = "injection " + injection + ", " + (label.equals(SuspectStage.ALL_CLASSES)
          ? "all labelled crops" : "crops labelled " + label) + ", top " + k;
      if (!row.isNullAt(3)) {
        metrics.add(MetricRows.of(runId, algorithm, "audit:" + method + ":precision@" + k + suffix, row.getDouble(3),
            detail));
      }
      if (!row.isNullAt(4)) {
        metrics.add(MetricRows.of(runId, algorithm, "audit:" + method + ":recall@" + k + suffix, row.getDouble(4),
            detail));
      }
      if (suffix.isEmpty() && !row.isNullAt(3)) {
        if (method.equals(SuspectStage.METHOD)) {
          ours.put("@" + k, row.getDouble(3));
        } else if (ours.containsKey("@" + k)) {
          line.append(String.format(Locale.ROOT, " @%d %.3f vs %.3f;", k, ours.get("@" + k), row.getDouble(3)));
        }
      }
    }
    out.println(line);
    return metrics;
  }

  /** Progress lines of one audit, in the style of {@code ProgressMeter}: step, counts, seconds since the last one. */
  private final class Progress {
    private final String stage;
    private final int steps;
    private int step;
    private long last = System.nanoTime();

    Progress(String algorithm, int steps) {
      this.stage = "audit:" + algorithm;
      this.steps = steps;
    }

    void done(String what) {
      long now = System.nanoTime();
      out.println(String.format(Locale.ROOT, "  [%s] %d/%d %s, %.1fs", stage, ++step, steps, what, (now - last) / 1e9));
      last = now;
    }
  }
}
