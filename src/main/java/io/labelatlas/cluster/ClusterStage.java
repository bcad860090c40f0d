package io.labelatlas.cluster;

import io.labelatlas.config.JobConfig.ClusterConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Clusters reduced vectors with one of the algorithms of {@link ClusteringAlgorithms} (MLlib k-means and GMM
 * distributed; HDBSCAN* and DBSCAN exact on the driver or partitioned on Spark; Ward exact on the driver up to
 * {@code cluster.exact_max_points}, on k-means micro-clusters above). Validates the settings against the data's
 * size first, then delegates. Returns {@code crop_id, cluster, probability, outlier_score} (noise is cluster -1;
 * probability for GMM and HDBSCAN*, outlier_score (GLOSH) for HDBSCAN*, null otherwise) and the parameters chosen on
 * the way ({@code k: auto}, HDBSCAN*'s sizes, DBSCAN's eps), each with its evidence; the rules themselves are the pure
 * classes of {@code cluster.auto}.
 */
public final class ClusterStage {
  private ClusterStage() {}

  /** A parameter the stage chose itself, recorded in the metrics table. */
  public record Choice(String name, double value, String evidence) {}

  /** One point of a curve kept as data, e.g. the sorted k-distance curve behind DBSCAN's eps (rank 0 = largest). */
  public record CurvePoint(String curve, long rank, long of, double value) {}

  /** {@code curves}: evidence worth plotting, downsampled to at most 101 points each (empty for most algorithms). */
  public record Clustering(Dataset<Row> assignments, List<Choice> choices, List<CurvePoint> curves) {
    public Clustering(Dataset<Row> assignments, List<Choice> choices) {
      this(assignments, choices, List.of());
    }
  }

  /** Column order of {@link Clustering#assignments}. */
  public static final StructType ASSIGNMENTS = new StructType()
      .add("crop_id", DataTypes.StringType, false)
      .add("cluster", DataTypes.IntegerType, false)
      .add("probability", DataTypes.DoubleType, true)
      .add("outlier_score", DataTypes.DoubleType, true);

  /** The sorted curve at ranks 0, 1%, ..., 100% of its length: bounded, whatever n is. */
  static List<CurvePoint> percentiles(String curve, double[] sorted) {
    List<CurvePoint> points = new ArrayList<>();
    long previous = -1;
    for (int p = 0; p <= 100; p++) {
      long rank = Math.round(p / 100.0 * (sorted.length - 1));
      if (rank == previous) continue;
      points.add(new CurvePoint(curve, rank, sorted.length, sorted[(int) rank]));
      previous = rank;
    }
    return points;
  }

  /** As {@link #assign(Dataset, String, ClusterConfig, Consumer)}, printing progress as "  [cluster] ..." lines. */
  public static Clustering assign(Dataset<Row> features, String algorithm, ClusterConfig config) {
    return assign(features, algorithm, config, line -> System.out.println("  [cluster] " + line));
  }

  /**
   * @param features rows with {@code crop_id} and an MLlib vector column {@code features}
   * @param progress receives one line per candidate k or phase as it finishes (null: none)
   */
  public static Clustering assign(Dataset<Row> features, String algorithm, ClusterConfig config,
      Consumer<String> progress) {
    ClusteringAlgorithm clustering = ClusteringAlgorithms.create(algorithm, config);
    long n = features.count();
    int d = n == 0 ? 0 : ((Vector) features.select("features").first().get(0)).size();
    validate(clustering, n, d, SettingNames.JOB);
    return clustering.fit(features, n, d, progress == null ? line -> { } : progress);
  }

  /** Settings that cannot work for n points of dimension d fail here, naming the job file's key. */
  public static void validate(String algorithm, long n, int d, ClusterConfig config) {
    validate(algorithm, n, d, config, SettingNames.JOB);
  }

  /** As {@link #validate(String, long, int, ClusterConfig)}, naming settings and points as {@code names} does. */
  public static void validate(String algorithm, long n, int d, ClusterConfig config, SettingNames names) {
    validate(ClusteringAlgorithms.create(algorithm, config), n, d, names);
  }

  private static void validate(ClusteringAlgorithm algorithm, long n, int d, SettingNames names) {
    if (n < 2) {
      throw new IllegalArgumentException(algorithm.name() + " needs at least 2 " + names.items() + " to cluster, got "
          + n);
    }
    algorithm.validate(n, d, names);
  }

  /** A null double column, for the assignment columns an algorithm does not produce. */
  static Column nullDouble(String name) {
    return functions.lit(null).cast("double").as(name);
  }
}
