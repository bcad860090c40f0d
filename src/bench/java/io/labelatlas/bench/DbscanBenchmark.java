package io.labelatlas.bench;

import io.labelatlas.cluster.dbscan.Dbscan;
import io.labelatlas.cluster.dbscan.DbscanLabels;
import io.labelatlas.cluster.dbscan.KDistanceCurve;
import io.labelatlas.cluster.hdbscan.partitioned.PartitionedDbscan;
import io.labelatlas.cluster.hdbscan.partitioned.PartitionedDbscanSettings;
import io.labelatlas.evaluate.AgreementMetrics;
import io.labelatlas.evaluate.ContingencyTable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Partitioned DBSCAN (the cut of partitioned HDBSCAN*'s spanning tree, border points attached) against exact DBSCAN
 * ({@code Dbscan.fit}, scikit-learn's labels) on seeded blobs with uniform noise, at the eps of the exact
 * min_samples-distance curve's knee. Prints one Markdown row per seed: ARI with border points, ARI of DBSCAN*
 * (core points only) against exact DBSCAN*, clusters, noise, times.
 *
 * <pre>java -cp ... io.labelatlas.bench.DbscanBenchmark [n dimension minSamples leafSize trees seeds...]</pre>
 */
public final class DbscanBenchmark {
  private DbscanBenchmark() {}

  public static void main(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int dimension = args.length > 1 ? Integer.parseInt(args[1]) : 50;
    int minSamples = args.length > 2 ? Integer.parseInt(args[2]) : 10;
    int leafSize = args.length > 3 ? Integer.parseInt(args[3]) : 2_000;
    int trees = args.length > 4 ? Integer.parseInt(args[4]) : 8;
    List<Long> seeds = new ArrayList<>();
    for (int i = 5; i < args.length; i++) seeds.add(Long.parseLong(args[i]));
    if (seeds.isEmpty()) seeds = List.of(1L, 2L, 3L);
    SparkSession spark = SparkSession.builder()
        .master(System.getProperty("spark.master", "local[2]"))
        .appName("bench-dbscan")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.sql.shuffle.partitions", "8")
        .getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    System.out.println("| n x d | seed | min_samples | eps (knee) | leaf x trees | exact clusters / noise | "
        + "partitioned clusters / noise | ARI | ARI DBSCAN* | exact s | partitioned s |");
    System.out.println("|---|---|---|---|---|---|---|---|---|---|---|");
    for (long seed : seeds) {
      BlobsWithNoise blobs = new BlobsWithNoise(dimension, 10, 0.05, 5, seed);
      double[][] points = new double[n][];
      List<Row> rows = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        points[i] = blobs.point(i);
        rows.add(RowFactory.create(String.format("p%08d", i), Vectors.dense(points[i])));
      }
      long started = System.nanoTime();
      double eps = KDistanceCurve.kneeEps(KDistanceCurve.compute(points, minSamples));
      DbscanLabels exact = Dbscan.fit(points, eps, minSamples);
      double exactSeconds = (System.nanoTime() - started) / 1e9;
      Dataset<Row> frame = spark.createDataFrame(rows, new StructType().add("crop_id", DataTypes.StringType)
          .add("features", new VectorUDT()));
      started = System.nanoTime();
      int[] partitioned = new int[n];
      int[] coreOnly;
      PartitionedDbscan.Assignments assigned;
      try (PartitionedDbscan tree = PartitionedDbscan.build(frame, "features",
          new PartitionedDbscanSettings(minSamples, leafSize, trees, 50_000, seed), null)) {
        assigned = tree.assign(eps, true);
        Map<String, Integer> byId = new HashMap<>();
        for (Row row : assigned.assignments().select("crop_id", "cluster").collectAsList()) {
          byId.put(row.getString(0), row.getInt(1));
        }
        for (int i = 0; i < n; i++) partitioned[i] = byId.get(String.format("p%08d", i));
        // point_index follows the frame's order, which is the points' order here.
        coreOnly = tree.cut(eps).labels();
      }
      double partitionedSeconds = (System.nanoTime() - started) / 1e9;
      double ari = AgreementMetrics.ari(ContingencyTable.fromLabels(exact.labels(), partitioned));
      double ariStar = AgreementMetrics.ari(ContingencyTable.fromLabels(exact.coreOnly(), coreOnly));
      System.out.println(String.format(Locale.ROOT, "| %d x %d | %d | %d | %.4g | %d x %d | %d / %d | %d / %d | "
          + "%.4f | %.4f | %.1f | %.1f |", n, dimension, seed, minSamples, eps, leafSize, trees, exact.clusterCount(),
          noise(exact.labels()), assigned.clusters(), assigned.noisePoints(), ari, ariStar, exactSeconds,
          partitionedSeconds));
    }
    spark.stop();
  }

  private static long noise(int[] labels) {
    long count = 0;
    for (int label : labels) count += label < 0 ? 1 : 0;
    return count;
  }
}
