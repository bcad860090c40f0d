package io.labelatlas.cluster;

import io.labelatlas.cluster.auto.AutoK;
import io.labelatlas.config.JobConfig.AutoKConfig;
import io.labelatlas.config.JobConfig.ClusterConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.apache.spark.ml.clustering.KMeans;
import org.apache.spark.ml.clustering.KMeansModel;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;

/**
 * MLlib k-means, distributed. {@code k: auto}: one seeded fit per k, the silhouette on a sample collected once, the
 * sizes guard from the full fit (see {@code cluster.auto.AutoK}).
 */
final class KMeansClustering implements ClusteringAlgorithm {
  private final ClusterConfig config;

  KMeansClustering(ClusterConfig config) {
    this.config = config;
  }

  @Override
  public String name() {
    return "kmeans";
  }

  @Override
  public void validate(long n, int d, SettingNames names) {
    KSearch.validate(config, n, names);
  }

  @Override
  public ClusterStage.Clustering fit(Dataset<Row> features, long n, int d, Consumer<String> progress) {
    if (!config.kIsAuto()) {
      long started = System.nanoTime();
      KMeansModel model = fit(features, config.k(), "cluster", config);
      progress.accept("k-means k=" + config.k() + " fitted (" + ClusteringAlgorithm.since(started) + ")");
      return new ClusterStage.Clustering(assignments(model, features), List.of());
    }
    AutoKConfig auto = config.autoK();
    Dataset<Row> data = cached(features);
    try {
      double[][] sample = DriverPoints.sample(features, auto.sample(), config.seed());
      int[] all = IntStream.range(0, sample.length).toArray();
      Map<Integer, KMeansModel> models = new HashMap<>();
      List<AutoK.Candidate> candidates = new ArrayList<>();
      for (int k : KSearch.range(auto, n)) {
        long started = System.nanoTime();
        KMeansModel model = fit(data, k, "cluster", config);
        models.put(k, model);
        int[] labels = new int[sample.length];
        for (int i = 0; i < sample.length; i++) labels[i] = model.predict(Vectors.dense(sample[i]));
        long[] sizes = model.summary().clusterSizes();
        AutoK.Candidate candidate = KSearch.silhouetteCandidate(k, sample, labels, all, KSearch.smallest(sizes, k), n);
        candidates.add(candidate);
        progress.accept(KSearch.progress("k-means", candidate, "silhouette", started));
      }
      AutoK.Selection selection = AutoK.choose(candidates, AutoK.Score.SILHOUETTE, auto.minClusterFraction(),
          "k-means (seed " + config.seed() + ") for k in " + KSearch.rangeText(auto, n) + ", silhouette on "
              + sample.length + " sampled crops");
      progress.accept("k-means chose k=" + selection.k());
      return new ClusterStage.Clustering(assignments(models.get(selection.k()), features),
          List.of(new ClusterStage.Choice("k", selection.k(), selection.evidence())));
    } finally {
      if (data != features) data.unpersist();
    }
  }

  /** Seeded k-means with {@code cluster.max_iterations}, predicting into {@code predictionCol}. */
  static KMeansModel fit(Dataset<Row> data, int k, String predictionCol, ClusterConfig config) {
    return new KMeans()
        .setK(k)
        .setSeed(config.seed())
        .setMaxIter(config.maxIterations())
        .setFeaturesCol("features")
        .setPredictionCol(predictionCol)
        .fit(data);
  }

  private static Dataset<Row> assignments(KMeansModel model, Dataset<Row> features) {
    return model.transform(features).select(functions.col("crop_id"), functions.col("cluster").cast("int"),
        ClusterStage.nullDouble("probability"), ClusterStage.nullDouble("outlier_score"));
  }

  /** The features persisted for repeated passes, unless the caller has already cached them. */
  static Dataset<Row> cached(Dataset<Row> features) {
    if (!features.storageLevel().equals(StorageLevel.NONE())) return features;
    return features.persist(StorageLevel.MEMORY_AND_DISK());
  }
}
