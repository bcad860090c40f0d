package io.labelatlas.pipeline;

import io.labelatlas.audit.AuditSettings;
import io.labelatlas.audit.HiddenSubclasses;
import io.labelatlas.audit.LabelNoise;
import io.labelatlas.audit.LabelQualityStage;
import io.labelatlas.audit.OutOfFoldProbe;
import io.labelatlas.audit.SubclassStage;
import io.labelatlas.audit.SuspectQuality;
import io.labelatlas.audit.SuspectStage;
import io.labelatlas.cluster.hdbscan.partitioned.ApproximateNeighbours;
import io.labelatlas.config.JobConfig;
import io.labelatlas.runtime.Checkpoints;
import io.labelatlas.store.DeltaStore;
import io.labelatlas.store.Table;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Column;
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
  record Audited(Dataset<Row> suspects, Dataset<Row> subclasses, Dataset<Row> labelQuality, List<Row> metricRows) {}

  private final DeltaStore store;
  private final JobConfig config;
  private final PrintStream out;
  private final RunResources resources;
  private Dataset<Row> neighbours;
  private long neighbourCount;
  private OutOfFoldProbe.Result probe;
  /** {probed crops, those whose out-of-fold predicted class is their label}: the probe's, so once per run. */
  private long[] probeAgreement;

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
    Progress progress = new Progress(algorithm, injected ? 7 : 6);
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
    probe(features, labels, progress);

    SuspectStage.Scored scored = SuspectStage.score(features, assigned.select("crop_id", "cluster"), labels,
        neighbours, probe, settings);
    resources.held(scored.rows());
    long scoredCount = scored.rows().count();
    progress.done(String.format(Locale.ROOT, "scored: %,d labelled crops", scoredCount));
    Dataset<Row> flagged = SuspectStage.suspects(scored.rows(), settings)
        .withColumn("run_id", functions.lit(runId)).withColumn("algorithm", functions.lit(algorithm))
        .select(Table.SUSPECTS.columns());
    long flaggedCount = flagged.count();
    progress.done(String.format(Locale.ROOT, "ranked: %,d suspects (at most audit.max_suspects = %d)", flaggedCount,
        auditConfig.maxSuspects()));
    metrics.add(MetricRows.of(runId, algorithm, "audit:suspects", flaggedCount, "labelled crops whose suggested label "
        + "differs from the given one, of " + scoredCount + " scored (table suspects, at most audit.max_suspects)"));
    out.println(String.format(Locale.ROOT, "audit: %s: %d suspects among %d labelled crops", algorithm, flaggedCount,
        scoredCount));

    if (scored.joint() != null && probeAgreement != null) {
      metrics.add(MetricRows.of(runId, algorithm, "audit:probe_accuracy",
          probeAgreement[1] / (double) probeAgreement[0], "share of " + probeAgreement[0] + " probed crops whose "
          + "out-of-fold predicted class is their given label (" + probe.folds() + " folds)"));
    }
    Dataset<Row> labelQuality = resources.held(Checkpoints.materialize(LabelQualityStage.of(scored, settings.seed())
        .withColumn("run_id", functions.lit(runId)).withColumn("algorithm", functions.lit(algorithm))
        .select(Table.LABEL_QUALITY.columns())));
    metrics.addAll(AuditReport.labelQuality(labelQuality, runId, algorithm, out));
    progress.done(scored.joint() == null ? "label quality: no probe, no estimate"
        : "label quality: per-class share of wrong labels estimated");

    if (injected) {
      String injection = source.substring(LabelNoise.SOURCE_PREFIX.length());
      Dataset<Row> truth = store.read(Table.LABEL_NOISE).filter(functions.col("injection").equalTo(injection))
          .select("crop_id", "flipped");
      metrics.addAll(AuditReport.rankingQuality(SuspectQuality.of(scored.rows(), truth, settings).collectAsList(),
          injection, runId, algorithm, out));
      progress.done("ranking quality against injection " + injection);
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
    return new Audited(flagged, parts, labelQuality, metrics);
  }

  /** The run's neighbour lists ({@code crop_id, neighbour_ids, neighbour_distances}); null before the first audit. */
  Dataset<Row> neighbours() {
    return neighbours;
  }

  /** Fits the out-of-fold probe once per run (it does not depend on the clustering), unless audit.probe is off. */
  private void probe(Dataset<Row> features, Dataset<Row> labels, Progress progress) {
    JobConfig.AuditConfig auditConfig = config.audit();
    if (probe != null) {
      progress.done(probe.ran() ? "probe: fitted for an earlier algorithm" : "probe: " + probe.note());
      return;
    }
    if (!auditConfig.probe()) {
      probe = new OutOfFoldProbe.Result(null, new String[0], 0, "off (audit.probe = false)");
      progress.done("probe: off (audit.probe = false)");
      return;
    }
    OutOfFoldProbe.Settings settings = new OutOfFoldProbe.Settings(auditConfig.probeFolds(),
        auditConfig.probeRegularization(), OutOfFoldProbe.Settings.DEFAULT_MAX_ITERATIONS, config.evaluate().seed());
    probe = OutOfFoldProbe.fit(features, labels, settings, line -> out.println("  [audit] " + line));
    if (probe.ran()) {
      resources.held(probe.probabilities());
      Column[] classes = Arrays.stream(probe.classes()).map(functions::lit).toArray(Column[]::new);
      Column p = functions.col(OutOfFoldProbe.PROBABILITIES);
      Column predicted = functions.element_at(functions.array(classes),
          functions.array_position(p, functions.array_max(p)).cast("int"));
      Row agreeing = probe.probabilities().agg(functions.count(functions.lit(1)),
          functions.sum(functions.when(predicted.equalTo(functions.col("label")), 1L).otherwise(0L))).first();
      probeAgreement = new long[] {agreeing.getLong(0), agreeing.getLong(1)};
      out.println(String.format(Locale.ROOT, "audit: the probe predicts the given label out of fold for %.1f%% of "
          + "the crops; its confusions count as wrong labels, so a weak probe overstates them",
          100.0 * probeAgreement[1] / probeAgreement[0]));
    }
    if (probe.note() != null) {
      out.println("audit: probe: " + probe.note());
    }
    progress.done(probe.ran() ? String.format(Locale.ROOT, "probe: logistic regression, %d folds, %d classes",
        probe.folds(), probe.classes().length) : "probe: not run");
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
