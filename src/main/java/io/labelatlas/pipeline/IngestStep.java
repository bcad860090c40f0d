package io.labelatlas.pipeline;

import io.labelatlas.config.JobConfig;
import io.labelatlas.ingest.CropResize;
import io.labelatlas.ingest.CropSettings;
import io.labelatlas.ingest.CropStage;
import io.labelatlas.ingest.ImageSources;
import io.labelatlas.runtime.HadoopFiles;
import io.labelatlas.runtime.ProgressMeter;
import java.io.PrintStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.functions;
import org.apache.spark.util.LongAccumulator;

/**
 * The ingest step of a job: lists the input's image references, cuts them into crops (with progress), then keeps one
 * row per crop id, so the same bytes and box seen twice (copied files) are one crop.
 */
final class IngestStep {
  /**
   * @param cropRows every row the crop stage produced (crops and errors), cached until the crops are stored
   * @param crops one row per crop id, cached
   */
  record Ingested(Dataset<Row> cropRows, Dataset<Row> crops, Dataset<Row> errors, long cropCount, long errorCount) {}

  private final SparkSession spark;
  private final JobConfig config;
  private final PrintStream out;
  private final RunReport report;
  private final RunResources resources;

  IngestStep(SparkSession spark, JobConfig config, PrintStream out, RunReport report, RunResources resources) {
    this.spark = spark;
    this.config = config;
    this.out = out;
    this.report = report;
    this.resources = resources;
  }

  static CropSettings cropSettings(JobConfig config) {
    JobConfig.CropConfig crop = config.crop();
    return new CropSettings(crop.margin(), crop.minSize(), crop.gamma(), crop.size(),
        CropResize.fromConfig(crop.resize()), crop.window());
  }

  /** Lists and cuts the inputs; returns every row of the crop stage (kind {@code crop} or {@code error}), cached. */
  Dataset<Row> cut(CropSettings cropSettings) {
    HadoopFiles files = new HadoopFiles(spark.sparkContext().hadoopConfiguration());
    Dataset<Row> refs = resources.persist(ImageSources.list(spark, config.input()));
    long refCount = refs.count();
    report.count("references", refCount);
    LongAccumulator done = spark.sparkContext().longAccumulator("crops");
    Dataset<Row> rows = resources.persist(CropStage.cut(refs, cropSettings, false, files,
        config.input().maxImageBytes(), config.spark().partitions(), done));
    try (ProgressMeter meter = ProgressMeter.start("ingest+crop", refCount, done::sum)) {
      rows.count();
    }
    return rows;
  }

  /** Splits the crop stage's rows into one row per crop and the errors, and counts both into the report. */
  Ingested deduplicate(Dataset<Row> cropRows) {
    Dataset<Row> allCrops = cropRows.filter(functions.col("kind").equalTo(CropStage.KIND_CROP));
    Dataset<Row> errors = cropRows.filter(functions.col("kind").equalTo(CropStage.KIND_ERROR));
    Dataset<Row> crops = resources.persist(oneRowPerCrop(allCrops));
    long cropCount = crops.count();
    long duplicates = allCrops.count() - cropCount;
    long errorCount = errors.count();
    report.count("crops", cropCount);
    if (duplicates > 0) {
      // Differing labels on the copies are worth knowing.
      long conflicting = allCrops.groupBy("crop_id").agg(functions.countDistinct("given_label").as("labels"))
          .filter("labels > 1").count();
      report.count("duplicate_crops", duplicates);
      report.count("duplicates_with_conflicting_labels", conflicting);
      out.println("ingest: " + duplicates + " duplicate crops (same content and box) merged, " + conflicting
          + " of them with conflicting labels");
    }
    report.count("errors", errorCount);
    report.count("labelled_crops", crops.filter(functions.col("given_label").isNotNull()).count());
    return new Ingested(cropRows, crops, errors, cropCount, errorCount);
  }

  /** Keeps one row per crop id, chosen deterministically (first source path, then first label). */
  private static Dataset<Row> oneRowPerCrop(Dataset<Row> crops) {
    WindowSpec byId = Window.partitionBy("crop_id")
        .orderBy(functions.col("source_path"), functions.col("given_label").asc_nulls_last());
    return crops.withColumn("copy", functions.row_number().over(byId))
        .filter(functions.col("copy").equalTo(1)).drop("copy");
  }
}
