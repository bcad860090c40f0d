package io.labelatlas.cluster;

import io.labelatlas.cluster.dbscan.Dbscan;
import io.labelatlas.cluster.dbscan.KDistanceCurve;
import io.labelatlas.cluster.hdbscan.Hdbscan;
import io.labelatlas.cluster.hdbscan.HdbscanResult;
import io.labelatlas.cluster.hdbscan.SelectionMethod;
import io.labelatlas.cluster.ward.Ward;
import io.labelatlas.config.JobConfig;
import io.labelatlas.config.JobConfig.ClusterConfig;
import io.labelatlas.config.JobConfig.DbscanConfig;
import io.labelatlas.config.JobConfig.HdbscanConfig;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.ml.clustering.GaussianMixture;
import org.apache.spark.ml.clustering.KMeans;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * Clusters reduced vectors: MLlib k-means and GMM distributed; exact HDBSCAN*, Ward and DBSCAN on the driver for up
 * to {@code cluster.exact_max_points} points (n x d doubles there). Returns {@code crop_id, cluster, probability}
 * (noise is cluster -1) and the automatic choices made on the way, with their evidence.
 */
public final class ClusterStage {
  private ClusterStage() {}

  /** A parameter the stage chose itself, recorded in the metrics table. */
  public record Choice(String name, double value, String evidence) {}

  public record Clustering(Dataset<Row> assignments, List<Choice> choices) {}

  /** @param features rows with {@code crop_id} and an MLlib vector column {@code features} */
  public static Clustering assign(Dataset<Row> features, String algorithm, ClusterConfig config) {
    long n = features.count();
    if (List.of("kmeans", "gmm", "ward").contains(algorithm) && config.k() > n) {
      throw new IllegalArgumentException("'cluster.k' = " + config.k() + " is larger than the " + n + " crops to cluster");
    }
    if (JobConfig.EXACT_ALGORITHMS.contains(algorithm)) return exact(features, n, algorithm, config);
    return new Clustering(switch (algorithm) {
      case "kmeans" -> new KMeans()
        .setK(config.k())
          .setSeed(config.seed())
          .setMaxIter(config.maxIterations())
          .setFeaturesCol("features")
          .setPredictionCol("cluster")
          .fit(features)
          .transform(features)
          .select(functions.col("crop_id"), functions.col("cluster").cast("int"),
              functions.lit(null).cast("double").as("probability"));
      case "gmm" -> gmm(features, config);
      default -> throw new IllegalArgumentException("unknown clustering algorithm '" + algorithm + "'");
    }, List.of());
  }

  private static Clustering exact(Dataset<Row> features, long n, String algorithm, ClusterConfig config) {
    if (n > config.exactMaxPoints()) {
      throw new IllegalArgumentException(algorithm + " is exact and runs on the driver; this run has " + n
          + " crops, more than 'cluster.exact_max_points' = " + config.exactMaxPoints()
          + " (raise it if the driver can hold n x d doubles, or use kmeans/gmm)");
    }
    List<Row> rows = features.select("crop_id", "features").orderBy("crop_id").collectAsList();
    String[] ids = new String[rows.size()];
    double[][] points = new double[rows.size()][];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = rows.get(i).getString(0);
      points[i] = ((Vector) rows.get(i).get(1)).toArray();
    }
    List<Choice> choices = new ArrayList<>();
    int[] labels;
    double[] probabilities = null;
    switch (algorithm) {
      case "hdbscan" -> {
        HdbscanConfig h = config.hdbscan();
        int minSamples = Math.min(h.minSamples(), points.length);
        HdbscanResult result = Hdbscan.fit(points, h.minClusterSize(), minSamples,
            h.selection().equals("leaf") ? SelectionMethod.LEAF : SelectionMethod.EOM, h.epsilon(),
            h.allowSingleCluster());
        labels = result.labels();
        probabilities = result.probabilities();
      }
      case "ward" -> labels = Ward.fit(points, config.k());
      case "dbscan" -> {
        DbscanConfig d = config.dbscan();
        double eps = d.eps();
        if (eps == 0) {
          int k = Math.min(d.minSamples(), points.length);
          eps = KDistanceCurve.kneeEps(KDistanceCurve.compute(points, k));
          choices.add(new Choice("dbscan_eps", eps, "knee of the sorted " + k + "-distance curve over " + points.length
              + " points (cluster.dbscan.eps = 0 asks for this)"));
        }
        labels = Dbscan.fit(points, eps, d.minSamples()).labels();
      }
      default -> throw new IllegalArgumentException("unknown exact algorithm '" + algorithm + "'");
    }
    List<Row> out = new ArrayList<>(ids.length);
    for (int i = 0; i < ids.length; i++) {
      out.add(RowFactory.create(ids[i], labels[i], probabilities == null ? null : probabilities[i]));
    }
    StructType schema = new StructType()
        .add("crop_id", DataTypes.StringType, false)
        .add("cluster", DataTypes.IntegerType, false)
        .add("probability", DataTypes.DoubleType, true);
    return new Clustering(features.sparkSession().createDataFrame(out, schema), choices);
  }

  private static Dataset<Row> gmm(Dataset<Row> features, ClusterConfig config) {
    int width = ((Vector) features.first().getAs("features")).size();
    int[] leading = java.util.stream.IntStream.range(0, Math.min(config.gmmDimension(), width)).toArray();
    Dataset<Row> input = new org.apache.spark.ml.feature.VectorSlicer()
        .setInputCol("features").setOutputCol("leading").setIndices(leading).transform(features);
    return new GaussianMixture()
        .setK(config.k())
        .setSeed(config.seed())
        .setMaxIter(config.maxIterations())
        .setFeaturesCol("leading")
        .setPredictionCol("cluster")
        .setProbabilityCol("posterior")
        .fit(input)
        .transform(input)
        .select(functions.col("crop_id"), functions.col("cluster").cast("int"),
            functions.array_max(org.apache.spark.ml.functions.vector_to_array(functions.col("posterior"), "float64"))
                .as("probability"));
  }
}
