package io.labelatlas.cluster;

import io.labelatlas.cluster.auto.HdbscanSizes;
import io.labelatlas.cluster.hdbscan.Hdbscan;
import io.labelatlas.cluster.hdbscan.HdbscanResult;
import io.labelatlas.cluster.hdbscan.SelectionMethod;
import io.labelatlas.cluster.hdbscan.partitioned.PartitionedHdbscan;
import io.labelatlas.cluster.hdbscan.partitioned.PartitionedHdbscanSettings;
import io.labelatlas.config.JobConfig.ClusterConfig;
import io.labelatlas.config.JobConfig.HdbscanConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * HDBSCAN*: exact on the driver, or partitioned on Spark (mode partitioned, or auto above
 * {@code cluster.exact_max_points}). Automatic sizes follow {@code cluster.auto.HdbscanSizes}, stepping down when a
 * try is degenerate. Assignments carry the membership probability and the GLOSH outlier score.
 */
final class HdbscanClustering implements ClusteringAlgorithm {
  private final ClusterConfig config;
  private final HdbscanConfig h;

  HdbscanClustering(ClusterConfig config) {
    this.config = config;
    this.h = config.hdbscan();
  }

  @Override
  public String name() {
    return "hdbscan";
  }

  @Override
  public void validate(long n, int d, SettingNames names) {
    if (h.mode().equals("exact")) {
      DriverPoints.checkBound(name(), n, config.exactMaxPoints(), names,
          ", or set " + names.of("hdbscan.mode") + " to auto or partitioned");
    }
    if (h.minSamples() > n) throw new IllegalArgumentException(names.largerThanData("hdbscan.min_samples",
        h.minSamples(), n));
    if (h.minClusterSize() > n) throw new IllegalArgumentException(names.largerThanData("hdbscan.min_cluster_size",
        h.minClusterSize(), n));
    if (runsPartitioned(n) && h.minSamples() > h.leafSize()) {
      throw new IllegalArgumentException(names.of("hdbscan.min_samples") + " = " + h.minSamples() + " is larger than "
          + names.of("hdbscan.leaf_size") + " = " + h.leafSize() + ": partitioned HDBSCAN* finds a point's "
          + "neighbours inside its leaf");
    }
  }

  /** Mode partitioned, or auto with more points than the driver bound. */
  private boolean runsPartitioned(long n) {
    return h.mode().equals("partitioned") || (h.mode().equals("auto") && n > config.exactMaxPoints());
  }

  @Override
  public ClusterStage.Clustering fit(Dataset<Row> features, long n, int d, Consumer<String> progress) {
    SelectionMethod method = h.selection().equals("leaf") ? SelectionMethod.LEAF : SelectionMethod.EOM;
    List<ClusterStage.Choice> choices = new ArrayList<>();
    Dataset<Row> assignments;
    HdbscanSizes.Search<?> search;
    if (runsPartitioned(n)) {
      HdbscanSizes.Search<Dataset<Row>> found = HdbscanSizes.search(n, h.minClusterSize(), h.minSamples(), sizes -> {
        long started = System.nanoTime();
        PartitionedHdbscanSettings settings = new PartitionedHdbscanSettings(sizes.minClusterSize(),
            sizes.minSamples(), method, h.epsilon(), h.allowSingleCluster(), h.leafSize(), h.trees(), h.sampleSize(),
            config.seed());
        Dataset<Row> fitted = PartitionedHdbscan.fit(features, "features", settings, progress).assignments()
            .select(functions.col("crop_id"), functions.col("cluster").cast("int"),
                functions.col("probability").cast("double"), functions.col("outlier_score").cast("double"));
        Row stats = fitted.agg(
            functions.countDistinct(functions.when(functions.col("cluster").geq(0), functions.col("cluster"))),
            functions.sum(functions.when(functions.col("cluster").lt(0), 1).otherwise(0))).first();
        long noise = stats.isNullAt(1) ? 0 : stats.getLong(1);
        HdbscanSizes.Outcome<Dataset<Row>> outcome = new HdbscanSizes.Outcome<>(fitted, (int) stats.getLong(0),
            (double) noise / n);
        progress.accept(tried("partitioned", sizes, outcome, started));
        return outcome;
      });
      assignments = found.result();
      search = found;
      if (h.mode().equals("auto")) {
        choices.add(new ClusterStage.Choice("hdbscan_partitioned", 1, n + " crops > cluster.exact_max_points = "
            + config.exactMaxPoints() + ": partitioned HDBSCAN* (leaf_size " + h.leafSize() + ", trees " + h.trees()
            + ", sample_size " + h.sampleSize() + ") instead of exact"));
      }
    } else {
      DriverPoints driver = DriverPoints.collect(features, "hdbscan exact", progress);
      double[][] points = driver.points();
      HdbscanSizes.Search<HdbscanResult> found = HdbscanSizes.search(n, h.minClusterSize(), h.minSamples(), sizes -> {
        long started = System.nanoTime();
        HdbscanResult result = Hdbscan.fit(points, sizes.minClusterSize(), sizes.minSamples(), method, h.epsilon(),
            h.allowSingleCluster());
        int noise = 0;
        for (int label : result.labels()) if (label < 0) noise++;
        HdbscanSizes.Outcome<HdbscanResult> outcome = new HdbscanSizes.Outcome<>(result, result.numClusters(),
            (double) noise / points.length);
        progress.accept(tried("exact", sizes, outcome, started));
        return outcome;
      });
      HdbscanResult result = found.result();
      assignments = driver.assignments(result.labels(), result.probabilities(), result.outlierScores());
      search = found;
    }
    if (h.minClusterSizeIsAuto()) {
      choices.add(new ClusterStage.Choice("hdbscan_min_cluster_size", search.chosen().minClusterSize(),
          search.evidence()));
    }
    if (h.minSamplesIsAuto()) {
      choices.add(new ClusterStage.Choice("hdbscan_min_samples", search.chosen().minSamples(), search.evidence()));
    }
    return new ClusterStage.Clustering(assignments, choices);
  }

  private static String tried(String mode, HdbscanSizes.Sizes sizes, HdbscanSizes.Outcome<?> outcome, long started) {
    return String.format(Locale.ROOT, "hdbscan %s: min_cluster_size %d, min_samples %d: %d clusters, noise %.1f%% (%s)",
        mode, sizes.minClusterSize(), sizes.minSamples(), outcome.clusters(), 100 * outcome.noiseFraction(),
        ClusteringAlgorithm.since(started));
  }
}
