package io.labelatlas.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.labelatlas.testing.SharedSpark;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run's rows written one algorithm at a time: a rerun replaces that algorithm's rows and nobody else's. */
class AlgorithmScopedWriteTest {
  private static Dataset<Row> assignments(SparkSession spark, String runId, String algorithm, int... clusters) {
    Row[] rows = new Row[clusters.length];
    for (int i = 0; i < clusters.length; i++) {
      rows[i] = RowFactory.create(runId, "c" + i, algorithm, clusters[i], null, null);
    }
    return spark.createDataFrame(Arrays.asList(rows), Table.ASSIGNMENTS.schema());
  }

  private static List<String> contents(DeltaStore store) {
    return store.read(Table.ASSIGNMENTS).orderBy("run_id", "algorithm", "crop_id").collectAsList().stream()
        .map(r -> r.getString(0) + "/" + r.getString(2) + "/" + r.getString(1) + "=" + r.getInt(3)).toList();
  }

  @Test
  void aRerunReplacesOneAlgorithmsRowsAndLeavesTheRunsOtherAlgorithmsAndOtherRunsAlone(@TempDir Path root) {
    SparkSession spark = SharedSpark.session();
    DeltaStore store = new DeltaStore(spark, root.toString());
    store.writeAlgorithmScoped(Table.ASSIGNMENTS, assignments(spark, "other", "kmeans", 7), "other", "kmeans", true);
    // First attempt of run r: kmeans and hdbscan are written, gmm fails before it is.
    store.writeAlgorithmScoped(Table.ASSIGNMENTS, assignments(spark, "r", "kmeans", 0, 1, 1), "r", "kmeans", true);
    store.writeAlgorithmScoped(Table.ASSIGNMENTS, assignments(spark, "r", "hdbscan", 0, -1, 0), "r", "hdbscan", true);
    // The rerun (so far): kmeans now has two crops only (its third row must go), gmm is new; hdbscan is untouched.
    store.writeAlgorithmScoped(Table.ASSIGNMENTS, assignments(spark, "r", "kmeans", 2, 2), "r", "kmeans", false);
    store.writeAlgorithmScoped(Table.ASSIGNMENTS, assignments(spark, "r", "gmm", 3), "r", "gmm", false);

    assertEquals(List.of("other/kmeans/c0=7", "r/gmm/c0=3", "r/hdbscan/c0=0", "r/hdbscan/c1=-1", "r/hdbscan/c2=0",
        "r/kmeans/c0=2", "r/kmeans/c1=2"), contents(store));
  }

  @Test
  void onlyTablesKeyedByRunAndAlgorithmCanBeWrittenPerAlgorithm(@TempDir Path root) {
    SparkSession spark = SharedSpark.session();
    DeltaStore store = new DeltaStore(spark, root.toString());
    assertThrows(IllegalArgumentException.class, () -> store.writeAlgorithmScoped(Table.ERRORS,
        spark.createDataFrame(List.of(), Table.ERRORS.schema()), "r", "kmeans", true));
  }
}
