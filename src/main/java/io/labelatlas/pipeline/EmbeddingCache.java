package io.labelatlas.pipeline;

import io.labelatlas.config.JobConfig;
import io.labelatlas.embed.Backbone;
import io.labelatlas.embed.Backbones;
import io.labelatlas.embed.EmbeddingStage;
import io.labelatlas.ingest.CropSettings;
import io.labelatlas.runtime.ProgressMeter;
import io.labelatlas.store.DeltaStore;
import io.labelatlas.store.Table;
import io.labelatlas.store.VectorColumns;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.LongAccumulator;

/**
 * The embed step with the {@code embeddings} table as its cache: vectors of the same crop, backbone, model checksum,
 * preprocessing (with the layers and pooling) and dimension are read back, only the missing ones are computed (with progress) and merged into the table.
 */
final class EmbeddingCache {
  private final SparkSession spark;
  private final DeltaStore store;
  private final JobConfig config;
  private final PrintStream out;
  private final RunReport report;

  EmbeddingCache(SparkSession spark, DeltaStore store, JobConfig config, PrintStream out, RunReport report) {
    this.spark = spark;
    this.store = store;
    this.config = config;
    this.out = out;
    this.report = report;
  }

  /** The backbones of {@code embed} (several are fused), whose preprocessing strings record the crop settings too. */
  static List<Backbone> backbones(JobConfig config, CropSettings crop, Configuration hadoopConf) {
    String cropPreprocessing = String.format(Locale.ROOT, "crop(margin=%d,min=%d,gamma=%.3f,size=%d,resize=%s)",
        crop.margin(), crop.minSize(), crop.gamma(), crop.size(), crop.describeResize());
    return Backbones.create(config.embed(), crop.size(), cropPreprocessing, hadoopConf);
  }

  /**
   * One vector per crop id of {@code crops}, persisted (the caller releases it): each backbone's vectors come from
   * its own cache entries, so adding a backbone to a fusion computes only the new one, and are concatenated in order.
   */
  JavaPairRDD<String, float[]> vectors(Dataset<Row> crops, List<Backbone> backbones, String runId) {
    JavaPairRDD<String, float[]> fused = vectors(crops, backbones.get(0), runId);
    for (Backbone next : backbones.subList(1, backbones.size())) {
      JavaPairRDD<String, float[]> more = vectors(crops, next, runId);
      JavaPairRDD<String, float[]> joined = fused.join(more)
          .mapValues(pair -> concat(pair._1(), pair._2())).persist(StorageLevel.MEMORY_AND_DISK());
      joined.count();
      fused.unpersist();
      more.unpersist();
      fused = joined;
    }
    if (backbones.size() > 1) {
      out.println("embed: fused " + backbones.stream().map(b -> b.name() + " (" + b.dimension() + "-d)")
          .collect(java.util.stream.Collectors.joining(" + ")) + " = "
          + backbones.stream().mapToInt(Backbone::dimension).sum() + "-d");
    }
    return fused;
  }

  private static float[] concat(float[] a, float[] b) {
    float[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private JavaPairRDD<String, float[]> vectors(Dataset<Row> crops, Backbone backbone, String runId) {
    Dataset<Row> todo = crops;
    Dataset<Row> cachedVectors = null;
    if (store.exists(Table.EMBEDDINGS)) {
      // Pinned to the table's current version: the merge of fresh vectors below must not leak into this read
      // (a Delta read sees the latest version whenever it runs), or fresh vectors would be counted twice.
      cachedVectors = store.readCurrentVersion(Table.EMBEDDINGS)
          .filter(functions.col("backbone").equalTo(backbone.name())
              .and(functions.col("model_sha256").equalTo(backbone.modelSha256()))
              .and(functions.col("preprocessing").equalTo(backbone.preprocessing()))
              .and(functions.col("dim").equalTo(backbone.dimension())))
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
    // Summed over the backbones of a fusion: each crop counts once per backbone.
    report.add("embedded", missing);
    report.add("embeddings_reused", total - missing);

    LongAccumulator done = spark.sparkContext().longAccumulator("embedded");
    JavaPairRDD<String, float[]> fresh = EmbeddingStage.embed(todo, backbone, config.embed().batchSize(), done)
        .persist(StorageLevel.MEMORY_AND_DISK());
    try (ProgressMeter meter = ProgressMeter.start("embed:" + backbone.name(), missing, done::sum)) {
      fresh.count();
    }
    if (config.output().writeEmbeddings() && missing > 0) write(fresh, backbone, runId);
    if (cachedVectors == null || total == missing) return fresh;
    JavaPairRDD<String, float[]> all = fresh.union(EmbeddingStage.fromTable(cachedVectors))
        .persist(StorageLevel.MEMORY_AND_DISK());
    all.count();
    fresh.unpersist();
    return all;
  }

  private void write(JavaPairRDD<String, float[]> fresh, Backbone backbone, String runId) {
    JavaRDD<Row> rows = fresh.map(pair -> RowFactory.create(pair._1(), backbone.name(), backbone.modelSha256(),
        backbone.preprocessing(), pair._2().length, VectorColumns.toRowValue(pair._2()), runId));
    store.merge(Table.EMBEDDINGS, spark.createDataFrame(rows, Table.EMBEDDINGS.schema()), DeltaStore.OnMatch.KEEP);
  }
}
