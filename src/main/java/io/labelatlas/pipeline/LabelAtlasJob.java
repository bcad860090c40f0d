package io.labelatlas.pipeline;

import io.labelatlas.config.JobConfig;
import io.labelatlas.config.JobConfigLoader;
import io.labelatlas.embed.Backbone;
import io.labelatlas.ingest.CropSettings;
import io.labelatlas.runtime.Checkpoints;
import io.labelatlas.runtime.SparkSessions;
import io.labelatlas.store.DeltaStore;
import java.io.PrintStream;
import java.sql.Timestamp;
import java.util.List;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The LabelAtlas job: ingest -> crop -> embed -> reduce -> cluster -> evaluate -> audit, with every result merged into
 * the Delta tables. Each step is its own class taking inputs and returning outputs; this class only runs them in
 * order, refuses the listed algorithms that cannot run before any work ({@link AlgorithmValidation}), writes each
 * algorithm's results as soon as it finishes ({@link ResultSink}), records the run in the {@code runs} table
 * ({@link RunLedger}) and releases what the run cached ({@link RunResources}).
 */
public final class LabelAtlasJob {
  public static final List<String> METRIC_COLUMNS =
      List.of("clusters", "noise_fraction", "labelled", "purity", "nmi", "ami", "ari", "silhouette");

  private final JobConfigLoader.Loaded loaded;
  private final JobConfig config;
  private final PrintStream out;
  private final RunReport report = new RunReport();

  public LabelAtlasJob(JobConfigLoader.Loaded loaded, PrintStream out) {
    this.loaded = loaded;
    this.config = loaded.config();
    this.out = out;
  }

  public RunReport report() {
    return report;
  }

  public RunReport run() {
    return run(SparkSessions.forJob(config.spark(), config.name()));
  }

  public RunReport run(SparkSession spark) {
    out.println("LabelAtlas " + CodeVersion.get() + ": job '" + config.name() + "' on "
        + spark.sparkContext().master());
    DeltaStore store = new DeltaStore(spark, config.output().tables());
    RunLedger ledger = new RunLedger(spark, store, loaded);
    StageTimer timer = new StageTimer(out, report);
    Timestamp started = new Timestamp(System.currentTimeMillis());
    RunLedger.Identity run = null;
    RunResources resources = new RunResources();
    // Data that must not be recomputed differently after an executor is lost is checkpointed here, beside the tables.
    Checkpoints.Scope checkpoints = Checkpoints.open(spark, store.root());
    try {
      if (config.input().kind().equals("synthetic")) {
        timer.timed("generate", () -> SyntheticInput.ensure(config.input(), out));
      }
      CropSettings cropSettings = IngestStep.cropSettings(config);
      List<Backbone> backbones =
          EmbeddingCache.backbones(config, cropSettings, spark.sparkContext().hadoopConfiguration());
      IngestStep ingest = new IngestStep(spark, config, out, report, resources);
      IngestStep.Ingested input = ingest.deduplicate(timer.timed("ingest", () -> ingest.cut(cropSettings)));

      run = ledger.identify(input.crops(), input.errors());
      report.identify(run.runId(), store.root());
      out.println("run " + run.runId() + ": " + input.cropCount() + " crops, " + input.errorCount() + " input errors");
      ResultSink sink = new ResultSink(spark, store, run.runId(), ledger.start(run, started));
      timer.timed("store", () -> {
        sink.writeCrops(input.crops());
        sink.writeErrors(input.errors());
      });
      input.cropRows().unpersist();
      if (input.cropCount() == 0) {
        throw new IllegalStateException("no usable crops: every input failed (see the errors table)");
      }
      // PCA keeps at most reduce.dimension components: a bound on d good enough to refuse before embedding.
      AlgorithmValidation.requireAll(config.cluster(), input.cropCount(), config.reduce().dimension(),
          "nothing has been embedded or clustered");

      String runId = run.runId();
      JavaPairRDD<String, float[]> vectors = resources.held(timer.timed("embed",
          () -> new EmbeddingCache(spark, store, config, out, report).vectors(input.crops(), backbones, runId)));
      ReduceStep.Reduced reduced = timer.timed("reduce",
          () -> new ReduceStep(spark, config, out, report, resources).reduce(vectors,
              backbones.stream().flatMap(b -> b.parts().stream()).toList(), runId));
      Dataset<Row> features = reduced.features();
      AlgorithmValidation.requireAll(config.cluster(), input.cropCount(), reduced.dimension(),
          "nothing has been clustered");
      timer.timed("store", () -> sink.writeStepMetrics("pca", reduced.metricRows()));

      // From here on only ids and labels are needed: release the cached pixels.
      Dataset<Row> labels = resources.persist(RunLabels.of(config.audit().labelSource(), store, input.crops(), out));
      labels.count();
      input.crops().unpersist();

      ClusterStep clusterStep = new ClusterStep(config, out, timer, resources);
      EvaluateStep evaluateStep = new EvaluateStep(spark, config, out, report);
      AuditStep auditStep = new AuditStep(store, config, out, resources);
      for (String algorithm : config.cluster().algorithms()) {
        ClusterStep.Clustered clustered = clusterStep.cluster(features, algorithm, runId);
        Dataset<Row> assigned = clustered.assigned();
        EvaluateStep.Evaluated evaluated = timer.timed("evaluate",
            () -> evaluateStep.evaluate(assigned, labels, features, algorithm, runId));
        AuditStep.Audited audited = !config.audit().enabled() ? null : timer.timed("audit:" + algorithm,
            () -> auditStep.audit(features, assigned, labels, algorithm, runId));
        // Written now, not after the last algorithm: a later algorithm's failure must not discard this one's work.
        timer.timed("store", () -> {
          sink.writeAlgorithm(new ResultSink.AlgorithmResult(algorithm, clustered, evaluated, audited));
          sink.writeNeighbours(auditStep.neighbours());
        });
      }
      ledger.finish(run, started, report, "succeeded", null);
      report.print(out, METRIC_COLUMNS);
      return report;
    } catch (Throwable e) {
      // Throwable: Spark task failures arrive as checked SparkExceptions, and a driver OOM must be recorded too.
      if (run != null) {
        try {
          String stage = timer.failedStage();
          ledger.finish(run, started, report, "failed", (stage == null ? "" : "stage " + stage + ": ")
              + e.getMessage());
        } catch (RuntimeException recordFailure) {
          e.addSuppressed(recordFailure);
        }
      }
      throw e;
    } finally {
      resources.close();
      checkpoints.close();
    }
  }
}
