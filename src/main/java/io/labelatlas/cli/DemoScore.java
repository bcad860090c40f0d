package io.labelatlas.cli;

import static org.apache.spark.sql.functions.col;

import io.labelatlas.store.DeltaStore;
import io.labelatlas.store.Table;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The demo grading its own audit: of the first N suspects of each algorithm (N = the labels the demo flipped on
 * purpose, from {@code data/truth.csv}), how many are such labels, so a first-time user sees the audit work.
 */
final class DemoScore {
  private DemoScore() {}

  static void print(SparkSession spark, Path root, String runId, PrintStream out) {
    Path truthFile = root.resolve("data").resolve("truth.csv");
    DeltaStore store = new DeltaStore(spark, root.resolve("tables").toString());
    if (!truthFile.toFile().isFile() || !store.exists(Table.SUSPECTS)) {
      return;
    }
    Dataset<Row> truth = spark.read().option("header", "true").option("inferSchema", "true")
        .csv(truthFile.toString());
    lines(store.read(Table.CROPS), store.read(Table.SUSPECTS).filter(col("run_id").equalTo(runId)), truth,
        truthFile.toString()).forEach(out::println);
  }

  /**
   * @param crops {@code crop_id, source_path, box_x1, box_y1, box_x2, box_y2}
   * @param suspects one run's {@code suspects} rows
   * @param truth {@code path, x1, y1, x2, y2, flipped} as the synthetic set writes it
   */
  static List<String> lines(Dataset<Row> crops, Dataset<Row> suspects, Dataset<Row> truth, String truthName) {
    Dataset<Row> flippedTruth = truth.filter(col("flipped").cast("boolean"));
    Dataset<Row> flipped = crops.join(flippedTruth, crops.col("source_path").equalTo(flippedTruth.col("path"))
            .and(crops.col("box_x1").equalTo(flippedTruth.col("x1")))
            .and(crops.col("box_y1").equalTo(flippedTruth.col("y1")))
            .and(crops.col("box_x2").equalTo(flippedTruth.col("x2")))
            .and(crops.col("box_y2").equalTo(flippedTruth.col("y2"))))
        .select(crops.col("crop_id")).distinct().cache();
    long n = flipped.count();
    List<String> lines = new ArrayList<>();
    for (Row algorithm : n == 0 ? List.<Row>of()
        : suspects.select("algorithm").distinct().orderBy("algorithm").collectAsList()) {
      Dataset<Row> head = suspects.filter(col("algorithm").equalTo(algorithm.getString(0)))
          .orderBy("rank").limit((int) n).select("crop_id");
      long hits = head.join(flipped, "crop_id").count();
      long read = head.count();
      lines.add(String.format(Locale.ROOT, "demo: %s: %d of its first %d suspects are labels the demo flipped on "
          + "purpose (%d flipped in all, listed in %s)", algorithm.getString(0), hits, read, n, truthName));
    }
    flipped.unpersist();
    return lines;
  }
}
