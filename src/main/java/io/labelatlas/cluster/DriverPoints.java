package io.labelatlas.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * Feature vectors collected to the driver for the exact algorithms (ordered by crop id, so a run does not depend on
 * partitioning), and the assignments frame built back from their labels.
 */
record DriverPoints(SparkSession spark, String[] ids, double[][] points) {
  /** {@link #collect(Dataset)}, reporting how many points reached the driver and how long it took. */
  static DriverPoints collect(Dataset<Row> features, String algorithm, Consumer<String> progress) {
    long started = System.nanoTime();
    DriverPoints driver = collect(features);
    progress.accept(algorithm + ": collected " + driver.points().length + " points to the driver ("
        + ClusteringAlgorithm.since(started) + ")");
    return driver;
  }

  static DriverPoints collect(Dataset<Row> features) {
    List<Row> rows = features.select("crop_id", "features").orderBy("crop_id").collectAsList();
    String[] ids = new String[rows.size()];
    double[][] points = new double[rows.size()][];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = rows.get(i).getString(0);
      points[i] = ((Vector) rows.get(i).get(1)).toArray();
    }
    return new DriverPoints(features.sparkSession(), ids, points);
  }

  /**
   * At most {@code size} feature vectors, chosen by a seeded hash of the crop id (independent of partitioning); only
   * these reach the driver.
   */
  static double[][] sample(Dataset<Row> features, int size, long seed) {
    List<Row> rows = features
        .select(functions.col("features"), functions.col("crop_id"),
            functions.xxhash64(functions.col("crop_id"), functions.lit(seed)).as("h"))
        .orderBy(functions.col("h"), functions.col("crop_id"))
        .limit(size)
        .collectAsList();
    double[][] points = new double[rows.size()][];
    for (int i = 0; i < points.length; i++) points[i] = ((Vector) rows.get(i).get(0)).toArray();
    return points;
  }

  /**
   * Throws when an exact algorithm would hold more than {@code cluster.exact_max_points} points on the driver.
   *
   * @param alternative what else the user can do, appended to the message ("" for nothing)
   */
  static void checkBound(String algorithm, long n, int exactMaxPoints, SettingNames names, String alternative) {
    if (n > exactMaxPoints) {
      throw new IllegalArgumentException(algorithm + " is exact and runs on the driver; this run has " + n + " "
          + names.items() + ", more than " + names.of("exact_max_points") + " = " + exactMaxPoints + ": cluster them "
          + "with an algorithm that runs on Spark at any size (kmeans, gmm, hdbscan with " + names.of("hdbscan.mode")
          + " auto or partitioned, dbscan with " + names.of("dbscan.mode") + " auto or partitioned, ward on k-means"
          + " micro-clusters)" + alternative + ", or raise "
          + names.of("exact_max_points") + " only if the driver can hold n x d doubles");
    }
  }

  /** {@link ClusterStage#ASSIGNMENTS} rows with these labels and no probability or outlier score. */
  Dataset<Row> assignments(int[] labels) {
    return assignments(labels, null, null);
  }

  /** {@link ClusterStage#ASSIGNMENTS} rows; {@code probabilities} and {@code outlierScores} may be null. */
  Dataset<Row> assignments(int[] labels, double[] probabilities, double[] outlierScores) {
    List<Row> out = new ArrayList<>(ids.length);
    for (int i = 0; i < ids.length; i++) {
      out.add(RowFactory.create(ids[i], labels[i], probabilities == null ? null : probabilities[i],
          outlierScores == null ? null : outlierScores[i]));
    }
    return spark.createDataFrame(out, ClusterStage.ASSIGNMENTS);
  }
}
