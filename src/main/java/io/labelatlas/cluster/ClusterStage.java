package io.labelatlas.cluster;

import io.labelatlas.config.JobConfig.ClusterConfig;
import org.apache.spark.ml.clustering.GaussianMixture;
import org.apache.spark.ml.clustering.KMeans;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * Clusters reduced vectors with MLlib. Returns {@code crop_id, cluster, probability} per algorithm; density-based and
 * automatically configured algorithms plug in here as further cases.
 */
public final class ClusterStage {
  private ClusterStage() {}

  /** @param features rows with {@code crop_id} and an MLlib vector column {@code features} */
  public static Dataset<Row> assign(Dataset<Row> features, String algorithm, ClusterConfig config) {
    long n = features.count();
    if (config.k() > n) {
      throw new IllegalArgumentException("'cluster.k' = " + config.k() + " is larger than the " + n + " crops to cluster");
    }
    return switch (algorithm) {
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
    };
  }

  private static Dataset<Row> gmm(Dataset<Row> features, ClusterConfig config) {
    int width = ((org.apache.spark.ml.linalg.Vector) features.first().getAs("features")).size();
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
