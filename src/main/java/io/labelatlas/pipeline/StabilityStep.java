package io.labelatlas.pipeline;

import io.labelatlas.cluster.ClusterStage;
import io.labelatlas.config.JobConfig.ClusterConfig;
import io.labelatlas.evaluate.ClusterStability;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructType;

/**
 * Per-cluster stability of one clustering in the manner of Hennig's {@code clusterboot} (method "subset"): a seeded
 * sample of at most {@code sampleSize} points is brought to the driver, then each round re-runs the same algorithm
 * with the same settings on half of it and scores every original cluster by its best Jaccard match
 * ({@link ClusterStability}). Half-samples without replacement rather than bootstrap resamples, because a repeated
 * point would be a repeated crop id to the cluster stage. Clusters with a mean Jaccard below 0.6 are usually not to be
 * trusted, above 0.85 highly stable (Hennig 2007). It lives in the pipeline, not in evaluate, because it re-runs the
 * cluster stage: the scoring itself is the pure {@link ClusterStability}.
 */
final class StabilityStep {
  private StabilityStep() {}

  record Result(List<ClusterStability.ClusterScore> scores, int sampled, int rounds) {}

  /**
   * @param features {@code crop_id, features}
   * @param assigned {@code crop_id, cluster} of the clustering to assess
   */
  static Result assess(SparkSession spark, Dataset<Row> features, Dataset<Row> assigned, String algorithm,
      ClusterConfig clusterConfig, int rounds, int sampleSize, long seed) {
    Dataset<Row> joined = features.join(assigned.select("crop_id", "cluster"), "crop_id");
    long n = joined.count();
    Dataset<Row> sample = joined;
    if (n > sampleSize) {
      double fraction = Math.min(1.0, 1.2 * sampleSize / (double) n);
      sample = joined.sample(false, fraction, seed);
    }
    List<Row> rows = sample.orderBy("crop_id").limit(sampleSize).select("crop_id", "features", "cluster")
        .collectAsList();
    int m = rows.size();
    int[] labels = new int[m];
    boolean anyCluster = false;
    for (int i = 0; i < m; i++) {
      labels[i] = rows.get(i).getInt(2);
      anyCluster |= labels[i] >= 0;
    }
    if (m < 4 || !anyCluster) return new Result(List.of(), m, 0);
    StructType schema = features.select("crop_id", "features").schema();
    // Re-clusterings of half-samples print nothing: the stability line after them is the progress that matters.
    Consumer<String> quiet = line -> { };
    ClusterStability.Reclusterer reclusterer = indices -> {
      List<Row> subset = new ArrayList<>(indices.length);
      for (int index : indices) {
        Row row = rows.get(index);
        subset.add(RowFactory.create(row.getString(0), (Vector) row.get(1)));
      }
      Dataset<Row> points = spark.createDataFrame(subset, schema).repartition(2);
      Map<String, Integer> clusterOf = new HashMap<>();
      for (Row row : ClusterStage.assign(points, algorithm, clusterConfig, quiet).assignments()
          .select(functions.col("crop_id"), functions.col("cluster")).collectAsList()) {
        clusterOf.put(row.getString(0), row.getInt(1));
      }
      int[] fresh = new int[indices.length];
      for (int p = 0; p < indices.length; p++) fresh[p] = clusterOf.getOrDefault(rows.get(indices[p]).getString(0), -1);
      return fresh;
    };
    ClusterStability.Settings settings =
        new ClusterStability.Settings(rounds, ClusterStability.Resampling.SUBSET, 0.5, 0.5, 0.75, seed);
    return new Result(ClusterStability.assess(labels, reclusterer, settings), m, rounds);
  }
}
