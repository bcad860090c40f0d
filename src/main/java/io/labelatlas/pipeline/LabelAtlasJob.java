package io.labelatlas.pipeline;

import io.labelatlas.audit.AuditSettings;
import io.labelatlas.audit.HiddenSubclasses;
import io.labelatlas.audit.SubclassStage;
import io.labelatlas.audit.SuspectStage;
import io.labelatlas.audit.LabelNoise;
import io.labelatlas.cluster.ClusterStage;
import io.labelatlas.cluster.hdbscan.partitioned.ApproximateNeighbours;
import io.labelatlas.config.JobConfig;
import io.labelatlas.config.JobConfigLoader;
import io.labelatlas.embed.Backbone;
import io.labelatlas.embed.EmbeddingStage;
import io.labelatlas.embed.Backbones;
import io.labelatlas.evaluate.BootstrapInterval;
import io.labelatlas.evaluate.ClusterStability;
import io.labelatlas.evaluate.EvaluationStage;
import io.labelatlas.evaluate.StabilityStage;
import io.labelatlas.ingest.CropSettings;
import io.labelatlas.ingest.CropStage;
import io.labelatlas.ingest.ImageSources;
import io.labelatlas.ingest.synthetic.SyntheticDefectSet;
import io.labelatlas.reduce.RandomizedPca;
import io.labelatlas.reduce.SparkRowPasses;
import io.labelatlas.runtime.HadoopFiles;
import io.labelatlas.runtime.ProgressMeter;
import io.labelatlas.runtime.SparkSessions;
import io.labelatlas.store.DeltaStore;
import io.labelatlas.store.Table;
import io.labelatlas.store.VectorColumns;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.LongAccumulator;

/**
 * The LabelAtlas job: ingest -> crop -> embed -> reduce -> cluster -> evaluate, with every result merged into the
 * Delta tables. The run id is derived from the effective settings, the code version and the set of input crops, so a
 * rerun over the same inputs updates its own rows instead of adding new ones.
 */
public final class LabelAtlasJob {
  public static final List<String> METRIC_COLUMNS =
      List.of("clusters", "noise_fraction", "labelled", "purity", "nmi", "ami", "ari", "silhouette");

  private final JobConfigLoader.Loaded loaded;
  private final JobConfig config;
  private final PrintStream out;
  private final RunReport report = new RunReport();
  private String inputFingerprint = "";
  private boolean firstAttempt;
  private final List<Broadcast<?>> releaseAtEnd = new ArrayList<>();
  private final List<Row> metricRows = new ArrayList<>();
  private final List<Row> contingencyRows = new ArrayList<>();
  private final List<Row> clusterRows = new ArrayList<>();
  private final List<Row> classRows = new ArrayList<>();
  private Dataset<Row> suspectRows;
  private Dataset<Row> subclassRows;
  private int stabilityRounds;
  private Dataset<Row> neighbours;
  // Bump when SyntheticDefectSet draws differently, so cached demo data is regenerated.
  private static final String SYNTHETIC_GENERATOR = "v1";

  public LabelAtlasJob(JobConfigLoader.Loaded loaded, PrintStream out) {
    this.loaded = loaded;
    this.config = loaded.config();
    this.out = out;
  }

  public RunReport report() {
    return report;
  }

  public RunReport run() {
    SparkSession spark = SparkSessions.forJob(config.spark(), config.name());
    return run(spark);
  }

  public RunReport run(SparkSession spark) {
    out.println("LabelAtlas " + CodeVersion.get() + ": job '" + config.name() + "' on " + spark.sparkContext().master());
    DeltaStore store = new DeltaStore(spark, config.output().tables());
    Timestamp started = new Timestamp(System.currentTimeMillis());
    List<Object> persisted = new ArrayList<>();
    String runId = null;
    try {
      if (config.input().kind().equals("synthetic")) timed("generate", () -> generateSynthetic(config.input()));

      HadoopFiles files = new HadoopFiles(spark.sparkContext().hadoopConfiguration());
      CropSettings cropSettings = new CropSettings(config.crop().margin(), config.crop().minSize(),
          config.crop().gamma(), config.crop().size());
      Backbone backbone = backbone(cropSettings, spark.sparkContext().hadoopConfiguration());

      Dataset<Row> cropRows = timed("ingest", () -> {
        Dataset<Row> refs = ImageSources.list(spark, config.input()).persist(StorageLevel.MEMORY_AND_DISK());
        persisted.add(refs);
        long refCount = refs.count();
        report.count("references", refCount);
        LongAccumulator done = spark.sparkContext().longAccumulator("crops");
        Dataset<Row> rows = CropStage.cut(refs, cropSettings, false, files, config.input().maxImageBytes(),
            config.spark().partitions(), done).persist(StorageLevel.MEMORY_AND_DISK());
        persisted.add(rows);
        try (ProgressMeter meter = ProgressMeter.start("ingest+crop", refCount, done::sum)) {
          rows.count();
        }
        return rows;
      });
      Dataset<Row> allCrops = cropRows.filter(functions.col("kind").equalTo(CropStage.KIND_CROP));
      Dataset<Row> errors = cropRows.filter(functions.col("kind").equalTo(CropStage.KIND_ERROR));
      Dataset<Row> crops = oneRowPerCrop(allCrops).persist(StorageLevel.MEMORY_AND_DISK());
      persisted.add(crops);
      long cropCount = crops.count();
      long duplicates = allCrops.count() - cropCount;
      long errorCount = errors.count();
      report.count("crops", cropCount);
      if (duplicates > 0) {
        // The same bytes and box seen twice (copied files): one crop. Differing labels on the copies are worth knowing.
        long conflicting = allCrops.groupBy("crop_id").agg(functions.countDistinct("given_label").as("labels"))
            .filter("labels > 1").count();
        report.count("duplicate_crops", duplicates);
        report.count("duplicates_with_conflicting_labels", conflicting);
        out.println("ingest: " + duplicates + " duplicate crops (same content and box) merged, " + conflicting
            + " of them with conflicting labels");
      }
      report.count("errors", errorCount);
      report.count("labelled_crops", crops.filter(functions.col("given_label").isNotNull()).count());

      runId = runId(crops, errors);
      report.identify(runId, store.root());
      out.println("run " + runId + ": " + cropCount + " crops, " + errorCount + " input errors");
      firstAttempt = startRun(spark, store, runId, started) == 0;

      String finalRunId = runId;
      timed("store", () -> {
        writeCrops(store, crops, finalRunId);
        writeErrors(store, errors, finalRunId, firstAttempt);
        return null;
      });
      cropRows.unpersist();
      if (cropCount == 0) throw new IllegalStateException("no usable crops: every input failed (see the errors table)");

      JavaPairRDD<String, float[]> vectors = timed("embed", () -> embed(spark, store, crops, backbone, finalRunId));
      persisted.add(vectors);

      Dataset<Row> features = timed("reduce", () -> reduce(spark, vectors, finalRunId, store));
      persisted.add(features);

      // From here on only ids and labels are needed: release the cached pixels.
      Dataset<Row> labels = auditLabels(store, crops).persist(StorageLevel.MEMORY_AND_DISK());
      labels.count();
      persisted.add(labels);
      crops.unpersist();
      Dataset<Row> allAssignments = null;
      for (String algorithm : config.cluster().algorithms()) {
        long clusterStart = System.nanoTime();
        Dataset<Row> assigned = timed("cluster:" + algorithm, () -> {
          ClusterStage.Clustering clustering = ClusterStage.assign(features, algorithm, config.cluster());
          for (ClusterStage.Choice choice : clustering.choices()) {
            metricRows.add(metricRow(finalRunId, algorithm, choice.name(), choice.value(), choice.evidence()));
            out.println(String.format(Locale.ROOT, "cluster: %s chose %s = %.6g (%s)", algorithm, choice.name(),
                choice.value(), choice.evidence()));
          }
          for (ClusterStage.CurvePoint point : clustering.curves()) {
            metricRows.add(metricRow(finalRunId, algorithm,
                String.format(Locale.ROOT, "curve:%s:rank%07d", point.curve(), point.rank()), point.value(),
                "sorted " + point.curve() + " curve (descending), rank " + point.rank() + " of " + point.of()));
          }
          Dataset<Row> a = clustering.assignments().persist(StorageLevel.MEMORY_AND_DISK());
          a.count();
          return a;
        });
        persisted.add(assigned);
        metricRows.add(metricRow(finalRunId, algorithm, "seconds", (System.nanoTime() - clusterStart) / 1e9,
            "wall-clock seconds of the cluster stage for this algorithm (auto-configuration included)"));
        timed("evaluate", () -> {
          EvaluationStage.Evaluation evaluation =
              EvaluationStage.evaluate(assigned, labels, features, config.evaluate(), algorithm);
          Map<Integer, ClusterStability.ClusterScore> stability = stability(spark, features, assigned, algorithm);
          collectEvaluation(evaluation, stability, algorithm, finalRunId);
          return null;
        });
        if (config.audit().enabled()) {
          timed("audit:" + algorithm, () -> {
            audit(spark, store, features, assigned, labels, algorithm, finalRunId);
            return null;
          });
        }
        Dataset<Row> tagged = assigned.select(
            functions.lit(finalRunId).as("run_id"),
            functions.col("crop_id"),
            functions.lit(algorithm).as("algorithm"),
            functions.col("cluster"),
            functions.col("probability"),
            Arrays.asList(assigned.columns()).contains("outlier_score")
                ? functions.col("outlier_score") : functions.lit(null).cast("double").as("outlier_score"));
        allAssignments = allAssignments == null ? tagged : allAssignments.unionByName(tagged);
      }
      Dataset<Row> assignmentsToWrite = allAssignments;
      timed("store", () -> {
        store.writeRunScoped(Table.ASSIGNMENTS, assignmentsToWrite, finalRunId, firstAttempt);
        store.writeRunScoped(Table.METRICS, spark.createDataFrame(metricRows, Table.METRICS.schema()), finalRunId,
            firstAttempt);
        store.writeRunScoped(Table.CONTINGENCY, spark.createDataFrame(contingencyRows, Table.CONTINGENCY.schema()),
            finalRunId, firstAttempt);
        store.writeRunScoped(Table.CLUSTERS, spark.createDataFrame(clusterRows, Table.CLUSTERS.schema()), finalRunId,
            firstAttempt);
        store.writeRunScoped(Table.CLASSES, spark.createDataFrame(classRows, Table.CLASSES.schema()), finalRunId,
            firstAttempt);
        if (suspectRows != null) store.writeRunScoped(Table.SUSPECTS, suspectRows, finalRunId, firstAttempt);
        if (subclassRows != null) store.writeRunScoped(Table.SUBCLASSES, subclassRows, finalRunId, firstAttempt);
        return null;
      });
      finishRun(spark, store, runId, started, "succeeded", null);
      report.print(out, METRIC_COLUMNS);
      return report;
    } catch (Throwable e) {
      // Throwable: Spark task failures arrive as checked SparkExceptions, and a driver OOM must be recorded too.
      if (runId != null) {
        try {
          finishRun(spark, store, runId, started, "failed", String.valueOf(e.getMessage()));
        } catch (RuntimeException recordFailure) {
          e.addSuppressed(recordFailure);
        }
      }
      throw e;
    } finally {
      for (Object item : persisted) {
        if (item instanceof Dataset<?> dataset) dataset.unpersist();
        if (item instanceof JavaPairRDD<?, ?> rdd) rdd.unpersist();
      }
      // Lineage of cached data still refers to broadcasts, so they can only go once the run is over.
      for (Broadcast<?> broadcast : releaseAtEnd) broadcast.destroy();
      releaseAtEnd.clear();
    }
  }

  /**
   * The labels this run is scored and audited against ({@code crop_id, label}): the input's own labels, or those of
   * another source of the {@code labels} table ({@code audit.label_source}), e.g. labels with injected noise.
   */
  private Dataset<Row> auditLabels(DeltaStore store, Dataset<Row> crops) {
    String source = config.audit().labelSource();
    if (source.equals("given")) {
      return crops.select("crop_id", "given_label").withColumnRenamed("given_label", "label");
    }
    Dataset<Row> fromTable = store.exists(Table.LABELS)
        ? store.readCurrentVersion(Table.LABELS).filter(functions.col("source").equalTo(source))
            .select("crop_id", "label")
        : null;
    Dataset<Row> labels = fromTable == null ? null
        : crops.select("crop_id").join(fromTable, new String[] {"crop_id"}, "left");
    long found = labels == null ? 0 : labels.filter(functions.col("label").isNotNull()).count();
    if (found == 0) {
      throw new io.labelatlas.config.ConfigException("'audit.label_source' = " + source + ": the labels table under "
          + store.root() + " has no labels of that source for this run's crops (labelatlas inject-noise writes "
          + "source injected:NAME; 'given' uses the input's labels)");
    }
    out.println("audit: scoring against labels of source '" + source + "' (" + found + " crops)");
    return labels;
  }

  /** Keeps one row per crop id, chosen deterministically (first source path, then first label). */
  private static Dataset<Row> oneRowPerCrop(Dataset<Row> crops) {
    org.apache.spark.sql.expressions.WindowSpec byId = org.apache.spark.sql.expressions.Window.partitionBy("crop_id")
        .orderBy(functions.col("source_path"), functions.col("given_label").asc_nulls_last());
    return crops.withColumn("copy", functions.row_number().over(byId))
        .filter(functions.col("copy").equalTo(1)).drop("copy");
  }

  private <T> T timed(String stage, Supplier<T> work) {
    long start = System.nanoTime();
    out.println("stage " + stage + " ...");
    try {
      return work.get();
    } finally {
      double seconds = (System.nanoTime() - start) / 1e9;
      report.time(stage, seconds);
      out.println(String.format(Locale.ROOT, "stage %s done in %.1fs", stage, seconds));
    }
  }

  private Void generateSynthetic(JobConfig.InputConfig input) {
    if (input.path().matches("^[a-zA-Z][a-zA-Z0-9+.-]+:.*") && !input.path().startsWith("file:")) {
      throw new io.labelatlas.config.ConfigException("'input.path' = " + input.path()
          + ": the synthetic data set is generated on the local disk; give a local folder");
    }
    Path root = Path.of(input.path().replaceFirst("^file:", ""));
    Path stamp = root.resolve("generated-with.txt");
    String settings = "images_per_class=" + input.imagesPerClass() + " label_noise=" + input.labelNoise()
        + " seed=" + input.seed() + " generator=" + SYNTHETIC_GENERATOR;
    try {
      if (Files.exists(stamp) && Files.readString(stamp).trim().equals(settings)
          && Files.exists(root.resolve("manifest.csv"))) {
        out.println("synthetic data set already at " + root + " (" + settings + ")");
        return null;
      }
      SyntheticDefectSet.Summary summary =
          SyntheticDefectSet.generate(root, input.imagesPerClass(), input.labelNoise(), input.seed());
      Files.writeString(stamp, settings + "\n");
      out.println("generated synthetic data set at " + root + ": " + summary);
      return null;
    } catch (java.io.IOException e) {
      throw new IllegalStateException("cannot generate the synthetic data set at " + root + ": " + e.getMessage(), e);
    }
  }

  private Backbone backbone(CropSettings crop, org.apache.hadoop.conf.Configuration hadoopConf) {
    String cropPreprocessing = String.format(Locale.ROOT, "crop(margin=%d,min=%d,gamma=%.3f,size=%d,resize=whole)",
        crop.margin(), crop.minSize(), crop.gamma(), crop.size());
    return Backbones.create(config.embed(), crop.size(), cropPreprocessing, hadoopConf);
  }

  private String runId(Dataset<Row> crops, Dataset<Row> errors) {
    Row cropSums = crops.agg(functions.count("*"),
        functions.sum(functions.xxhash64(functions.col("crop_id"), functions.col("given_label"))
            .cast(DataTypes.createDecimalType(38, 0)))).first();
    Row errorSums = errors.agg(functions.count("*"),
        functions.sum(functions.xxhash64(functions.col("source_path"), functions.col("stage"), functions.col("item"))
            .cast(DataTypes.createDecimalType(38, 0)))).first();
    String inputs = cropSums.mkString(",") + ";" + errorSums.mkString(",");
    inputFingerprint = sha256(inputs).substring(0, 16);
    return config.name() + "-" + sha256(loaded.canonicalJson() + "|" + CodeVersion.get() + "|" + inputs).substring(0, 12);
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Records the run as running and returns how many attempts this run id had before (0 for a new run). */
  private int startRun(SparkSession spark, DeltaStore store, String runId, Timestamp started) {
    int previous = 0;
    if (store.exists(Table.RUNS)) {
      List<Row> existing = store.read(Table.RUNS).filter(functions.col("run_id").equalTo(runId))
          .select("attempts").collectAsList();
      if (!existing.isEmpty()) previous = existing.get(0).getInt(0);
    }
    Row row = RowFactory.create(runId, config.name(), loaded.canonicalJson(), CodeVersion.get(), inputFingerprint,
        started, null, "running", 1, null, null, null);
    Dataset<Row> rows = spark.createDataFrame(List.of(row), Table.RUNS.schema());
    Map<String, String> update = new LinkedHashMap<>();
    update.put("started_at", "s.started_at");
    update.put("ended_at", "CAST(NULL AS TIMESTAMP)");
    update.put("status", "s.status");
    update.put("attempts", "t.attempts + 1");
    update.put("message", "CAST(NULL AS STRING)");
    store.merge(Table.RUNS, rows, update);
    return previous;
  }

  private void finishRun(SparkSession spark, DeltaStore store, String runId, Timestamp started, String status,
      String message) {
    Row row = RowFactory.create(runId, config.name(), loaded.canonicalJson(), CodeVersion.get(), inputFingerprint,
        started, new Timestamp(System.currentTimeMillis()), status, 1,
        scala.jdk.javaapi.CollectionConverters.asScala(report.counts()),
        scala.jdk.javaapi.CollectionConverters.asScala(report.stageSeconds()), message);
    Dataset<Row> rows = spark.createDataFrame(List.of(row), Table.RUNS.schema());
    Map<String, String> update = new LinkedHashMap<>();
    for (String column : List.of("ended_at", "status", "counts", "stage_seconds", "message")) {
      update.put(column, "s." + column);
    }
    store.merge(Table.RUNS, rows, update);
  }

  private void writeCrops(DeltaStore store, Dataset<Row> crops, String runId) {
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

  private void writeErrors(DeltaStore store, Dataset<Row> errors, String runId, boolean firstAttempt) {
    Dataset<Row> rows = errors.select(
        functions.lit(runId).as("run_id"),
        functions.col("source_path"),
        functions.col("stage"),
        functions.col("item"),
        functions.col("reason"),
        functions.current_timestamp().as("recorded_at"));
    store.writeRunScoped(Table.ERRORS, rows, runId, firstAttempt);
  }

  private JavaPairRDD<String, float[]> embed(SparkSession spark, DeltaStore store, Dataset<Row> crops,
      Backbone backbone, String runId) {
    Dataset<Row> todo = crops;
    Dataset<Row> cachedVectors = null;
    if (store.exists(Table.EMBEDDINGS)) {
      // Pinned to the table's current version: the merge of fresh vectors below must not leak into this read
      // (a Delta read sees the latest version whenever it runs), or fresh vectors would be counted twice.
      cachedVectors = store.readCurrentVersion(Table.EMBEDDINGS)
          .filter(functions.col("backbone").equalTo(backbone.name())
              .and(functions.col("model_sha256").equalTo(backbone.modelSha256()))
              .and(functions.col("preprocessing").equalTo(backbone.preprocessing())))
          .select("crop_id", "vector")
          .join(crops.select("crop_id").distinct(), "crop_id");
      todo = crops.join(cachedVectors.select("crop_id"), crops.col("crop_id").equalTo(cachedVectors.col("crop_id")),
          "left_anti");
    }
    todo = todo.dropDuplicates("crop_id");
    long missing = todo.count();
    long total = crops.select("crop_id").distinct().count();
    out.println("embed: " + backbone.name() + " (" + backbone.dimension() + "-d), " + (total - missing)
        + " vectors cached, " + missing + " to compute");
    report.count("embedded", missing);
    report.count("embeddings_reused", total - missing);

    LongAccumulator done = spark.sparkContext().longAccumulator("embedded");
    JavaPairRDD<String, float[]> fresh = EmbeddingStage.embed(todo, backbone, config.embed().batchSize(), done)
        .persist(StorageLevel.MEMORY_AND_DISK());
    try (ProgressMeter meter = ProgressMeter.start("embed:" + backbone.name(), missing, done::sum)) {
      fresh.count();
    }
    if (config.output().writeEmbeddings() && missing > 0) {
      JavaRDD<Row> rows = fresh.map(pair -> RowFactory.create(pair._1(), backbone.name(), backbone.modelSha256(),
          backbone.preprocessing(), pair._2().length, VectorColumns.toRowValue(pair._2()), runId));
      store.merge(Table.EMBEDDINGS, spark.createDataFrame(rows, Table.EMBEDDINGS.schema()), DeltaStore.OnMatch.KEEP);
    }
    if (cachedVectors == null || total == missing) return fresh;
    JavaPairRDD<String, float[]> all = fresh.union(EmbeddingStage.fromTable(cachedVectors))
        .persist(StorageLevel.MEMORY_AND_DISK());
    all.count();
    fresh.unpersist();
    return all;
  }

  private Dataset<Row> reduce(SparkSession spark, JavaPairRDD<String, float[]> vectors, String runId,
      DeltaStore store) {
    JavaRDD<float[]> rows = vectors.values();
    int width = rows.first().length;
    RandomizedPca.Model model = RandomizedPca.fit(new SparkRowPasses(rows, width), width,
        config.reduce().dimension(), config.reduce().oversample(), config.reduce().powerIterations(),
        config.reduce().seed(), message -> out.println("  [reduce] " + message));
    double[] ratio = model.explainedVarianceRatio();
    double explained = 0;
    for (double r : ratio) explained += r;
    out.println(String.format(Locale.ROOT, "reduce: %d-d -> %d-d, explained variance %.1f%%", width,
        model.dimension(), 100 * explained));
    report.count("pca_dimension", model.dimension());
    metricRows.add(metricRow(runId, "pca", "explained_variance_ratio", explained,
        "input_dim=" + width + " output_dim=" + model.dimension()));
    for (int i = 0; i < ratio.length; i++) {
      metricRows.add(metricRow(runId, "pca", String.format(Locale.ROOT, "explained_variance_ratio_pc%03d", i + 1),
          ratio[i], null));
    }

    Broadcast<RandomizedPca.Model> broadcast = JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(model);
    JavaRDD<Row> projected = vectors.map(pair ->
        RowFactory.create(pair._1(), Vectors.dense(broadcast.value().project(pair._2()))));
    StructType schema = new StructType().add("crop_id", DataTypes.StringType, false).add("features", new VectorUDT(), false);
    // Hash partitioning and order by crop id (not range partitioning, whose bounds come from a sample of the input
    // layout) make the seeded clusterings independent of which vectors came from the cache: same inputs, same clusters.
    Dataset<Row> features = spark.createDataFrame(projected, schema)
        .repartition(config.spark().partitions(), functions.col("crop_id"))
        .sortWithinPartitions("crop_id")
        .persist(StorageLevel.MEMORY_AND_DISK());
    features.count();
    releaseAtEnd.add(broadcast);
    return features;
  }

  /** A {@code metrics} row without a bootstrap interval. */
  static Row metricRow(String runId, String algorithm, String metric, double value, String detail) {
    return RowFactory.create(runId, algorithm, metric, value, detail, null, null, null, null, null, null);
  }

  private void collectEvaluation(EvaluationStage.Evaluation evaluation,
      Map<Integer, ClusterStability.ClusterScore> stability, String algorithm, String runId) {
    for (EvaluationStage.Metric metric : evaluation.metrics()) {
      BootstrapInterval ci = metric.interval();
      metricRows.add(ci == null
          ? metricRow(runId, algorithm, metric.name(), metric.value(), metric.detail())
          : RowFactory.create(runId, algorithm, metric.name(), metric.value(), metric.detail(),
              finiteOrNull(ci.percentileLow()), finiteOrNull(ci.percentileHigh()), finiteOrNull(ci.bcaLow()),
              finiteOrNull(ci.bcaHigh()), finiteOrNull(ci.standardError()), finiteOrNull(ci.bias())));
      report.metric(algorithm, metric.name(), metric.value());
    }
    for (EvaluationStage.Cell cell : evaluation.contingency()) {
      contingencyRows.add(RowFactory.create(runId, algorithm, cell.label(), cell.cluster(), cell.count()));
    }
    for (EvaluationStage.ClusterSummary cluster : evaluation.clusters()) {
      ClusterStability.ClusterScore score = stability.get(cluster.cluster());
      clusterRows.add(RowFactory.create(runId, algorithm, cluster.cluster(), cluster.size(), cluster.labelled(),
          cluster.majorityLabel(), cluster.majorityCount(), cluster.purity(), cluster.entropy(),
          score == null ? null : finiteOrNull(score.meanJaccard()), score == null ? null : stabilityRounds));
    }
    for (io.labelatlas.evaluate.ClusterDiagnostics.ClassSpread spread : evaluation.classes()) {
      classRows.add(RowFactory.create(runId, algorithm, spread.label(), spread.size(), spread.clustersAtMinShare(),
          spread.minShare(), spread.entropy(), (int) spread.mainCluster(), spread.mainClusterShare()));
    }
  }

  private static Double finiteOrNull(double value) {
    return Double.isFinite(value) ? value : null;
  }

  /**
   * The label audit of one clustering: ranked suspects (and the kNN-vote baseline's ranking), their precision@k where
   * the labels carry injected noise with known truth, and classes that split into several pure clusters.
   */
  private void audit(SparkSession spark, DeltaStore store, Dataset<Row> features, Dataset<Row> assigned, Dataset<Row> labels,
      String algorithm, String runId) {
    JobConfig.AuditConfig auditConfig = config.audit();
    AuditSettings settings = new AuditSettings(auditConfig.neighbours(), auditConfig.clusterWeight(),
        auditConfig.ks(), auditConfig.maxSuspects(), config.evaluate().seed());
    if (neighbours == null) {
      // The same neighbours serve every algorithm of the run.
      neighbours = ApproximateNeighbours.find(features,
          ApproximateNeighbours.Settings.defaults(auditConfig.neighbours(), config.evaluate().seed()));
    }
    Dataset<Row> scored = SuspectStage.score(features, assigned.select("crop_id", "cluster"), labels, neighbours,
        settings);
    Dataset<Row> flagged = SuspectStage.suspects(scored, settings)
        .withColumn("run_id", functions.lit(runId)).withColumn("algorithm", functions.lit(algorithm))
        .select(Table.SUSPECTS.columns());
    long flaggedCount = flagged.count();
    long scoredCount = scored.count();
    metricRows.add(metricRow(runId, algorithm, "audit:suspects", flaggedCount, "labelled crops whose suggested label "
        + "differs from the given one, of " + scoredCount + " scored (table suspects, at most audit.max_suspects)"));
    out.println(String.format(Locale.ROOT, "audit: %s: %d suspects among %d labelled crops", algorithm, flaggedCount,
        scoredCount));
    suspectRows = suspectRows == null ? flagged : suspectRows.unionByName(flagged);

    String source = auditConfig.labelSource();
    if (source.startsWith(LabelNoise.SOURCE_PREFIX) && store.exists(Table.LABEL_NOISE)) {
      String injection = source.substring(LabelNoise.SOURCE_PREFIX.length());
      Dataset<Row> truth = store.read(Table.LABEL_NOISE).filter(functions.col("injection").equalTo(injection))
          .select("crop_id", "flipped");
      List<Row> quality = SuspectStage.quality(scored, truth, settings).collectAsList();
      StringBuilder line = new StringBuilder("audit: " + algorithm + " precision@k, ours vs kNN vote:");
      Map<String, Double> ours = new LinkedHashMap<>();
      for (Row row : quality) {
        String method = row.getString(0);
        String label = row.getString(1);
        int k = row.getInt(2);
        String suffix = label.equals(SuspectStage.ALL_CLASSES) ? "" : ":" + label;
        String detail = "injection " + injection + ", " + (label.equals(SuspectStage.ALL_CLASSES)
            ? "all labelled crops" : "crops labelled " + label) + ", top " + k;
        if (!row.isNullAt(3)) {
          metricRows.add(metricRow(runId, algorithm, "audit:" + method + ":precision@" + k + suffix, row.getDouble(3),
              detail));
        }
        if (!row.isNullAt(4)) {
          metricRows.add(metricRow(runId, algorithm, "audit:" + method + ":recall@" + k + suffix, row.getDouble(4),
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
    }

    SubclassStage subclasses = new SubclassStage(new HiddenSubclasses(auditConfig.subclassMinMembers(),
        auditConfig.subclassMinShare(), auditConfig.subclassMinPurity()));
    Dataset<Row> parts = subclasses.run(assigned.select("crop_id", "cluster"), labels, features)
        .withColumn("run_id", functions.lit(runId)).withColumn("algorithm", functions.lit(algorithm))
        .select(Table.SUBCLASSES.columns()).localCheckpoint();
    List<Row> split = parts.select("label", "parts").distinct().orderBy("label").collectAsList();
    metricRows.add(metricRow(runId, algorithm, "audit:split_classes", split.size(),
        "classes that split into several pure clusters (table subclasses)"));
    for (Row row : split) {
      out.println("audit: " + algorithm + ": class '" + row.getString(0) + "' splits into " + row.getInt(1)
          + " pure clusters (see the subclasses table)");
    }
    subclassRows = subclassRows == null ? parts : subclassRows.unionByName(parts);
  }

  /** Per-cluster stability by re-clustering half-samples ({@code audit.stability_rounds}; 0 turns it off). */
  private Map<Integer, ClusterStability.ClusterScore> stability(SparkSession spark, Dataset<Row> features,
      Dataset<Row> assigned, String algorithm) {
    Map<Integer, ClusterStability.ClusterScore> byCluster = new LinkedHashMap<>();
    stabilityRounds = config.audit().stabilityRounds();
    if (stabilityRounds == 0) return byCluster;
    StabilityStage.Result result = StabilityStage.assess(spark, features, assigned, algorithm, config.cluster(),
        stabilityRounds, config.audit().stabilitySample(), config.evaluate().seed());
    for (ClusterStability.ClusterScore score : result.scores()) byCluster.put(score.cluster(), score);
    out.println(String.format(Locale.ROOT, "evaluate: %s stability over %d rounds on %d points: %s", algorithm,
        result.rounds(), result.sampled(), result.scores().stream()
            .map(sc -> sc.cluster() + ":" + String.format(Locale.ROOT, "%.2f", sc.meanJaccard()))
            .collect(java.util.stream.Collectors.joining(" "))));
    return byCluster;
  }
}
