package io.labelatlas.cluster;

import io.labelatlas.cluster.auto.DbscanEpsSearch;
import io.labelatlas.cluster.auto.SampledSilhouette;
import io.labelatlas.cluster.dbscan.Dbscan;
import io.labelatlas.cluster.dbscan.DbscanLabels;
import io.labelatlas.cluster.dbscan.KDistanceCurve;
import io.labelatlas.cluster.hdbscan.partitioned.PartitionedDbscan;
import io.labelatlas.cluster.hdbscan.partitioned.PartitionedDbscanSettings;
import io.labelatlas.config.JobConfig;
import io.labelatlas.config.JobConfig.ClusterConfig;
import io.labelatlas.config.JobConfig.DbscanConfig;
import io.labelatlas.config.JobConfig.HdbscanConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * DBSCAN: exact on the driver ({@code cluster.dbscan.Dbscan}, scikit-learn's labels), or partitioned on Spark (mode
 * partitioned, or auto above {@code cluster.exact_max_points}): partitioned HDBSCAN*'s mutual-reachability spanning
 * tree cut at eps, border points attached on the executors ({@code PartitionedDbscan}). {@code eps: auto}: the knee
 * of the sorted min_samples-distance curve (exact k-distances, or the partitioned core distances, which are the same
 * curve), guarded by {@code cluster.auto.DbscanEpsSearch}; the curve is kept as evidence. {@code border_points: noise}
 * gives DBSCAN* in either mode.
 */
final class DbscanClustering implements ClusteringAlgorithm {
  private final ClusterConfig config;
  private final DbscanConfig dbscan;

  DbscanClustering(ClusterConfig config) {
    this.config = config;
    this.dbscan = config.dbscan();
  }

  @Override
  public String name() {
    return "dbscan";
  }

  @Override
  public void validate(long n, int d, SettingNames names) {
    if (dbscan.mode().equals("exact")) {
      DriverPoints.checkBound(name(), n, config.exactMaxPoints(), names,
          ", or set " + names.of("dbscan.mode") + " to auto or partitioned");
    }
    if (dbscan.minSamples() > n) {
      throw new IllegalArgumentException(names.largerThanData("dbscan.min_samples", dbscan.minSamples(), n));
    }
    HdbscanConfig h = config.hdbscan();
    if (runsPartitioned(n) && dbscan.minSamples() > h.leafSize()) {
      throw new IllegalArgumentException(names.of("dbscan.min_samples") + " = " + dbscan.minSamples()
          + " is larger than " + names.of("hdbscan.leaf_size") + " = " + h.leafSize() + ": partitioned DBSCAN finds "
          + "a point's neighbours inside its leaf");
    }
    long needed = Math.min(n, 4 * ((n + h.leafSize() - 1) / h.leafSize()));
    if (runsPartitioned(n) && h.sampleSize() < needed) {
      throw new IllegalArgumentException(names.of("hdbscan.sample_size") + " = " + h.sampleSize() + " is too small "
          + "to cut " + n + " " + names.items() + " into leaves of " + names.of("hdbscan.leaf_size") + " = "
          + h.leafSize() + " for partitioned DBSCAN: at least " + needed);
    }
  }

  /** Mode partitioned, or auto with more points than the driver bound. */
  private boolean runsPartitioned(long n) {
    return dbscan.mode().equals("partitioned") || (dbscan.mode().equals("auto") && n > config.exactMaxPoints());
  }

  @Override
  public ClusterStage.Clustering fit(Dataset<Row> features, long n, int d, Consumer<String> progress) {
    return runsPartitioned(n) ? fitPartitioned(features, n, progress) : fitExact(features, progress);
  }

  private ClusterStage.Clustering fitExact(Dataset<Row> features, Consumer<String> progress) {
    DriverPoints driver = DriverPoints.collect(features, "dbscan", progress);
    double[][] points = driver.points();
    long started = System.nanoTime();
    if (dbscan.eps() != JobConfig.AUTO) {
      DbscanLabels fitted = Dbscan.fit(points, dbscan.eps(), dbscan.minSamples());
      progress.accept(String.format(Locale.ROOT, "dbscan: eps %.4g, min_samples %d (%s)", dbscan.eps(),
          dbscan.minSamples(), ClusteringAlgorithm.since(started)));
      return new ClusterStage.Clustering(driver.assignments(withBorderRule(fitted)), List.of());
    }
    int k = dbscan.minSamples();
    double[] curve = KDistanceCurve.compute(points, k);
    double knee = KDistanceCurve.kneeEps(curve);
    progress.accept(String.format(Locale.ROOT, "dbscan: knee of the %d-distance curve at eps %.4g (%s)", k, knee,
        ClusteringAlgorithm.since(started)));
    long searching = System.nanoTime();
    DbscanEpsSearch.Result result = DbscanEpsSearch.search(points, dbscan.minSamples(), knee, config.autoK().sample(),
        config.seed());
    progress.accept(String.format(Locale.ROOT, "dbscan: eps search kept %.4g (%s)", result.eps(),
        ClusteringAlgorithm.since(searching)));
    String evidence = String.format(Locale.ROOT, "knee of the sorted %d-distance curve over %d points = %.4g "
        + "(cluster.dbscan.eps = auto); ", k, points.length, knee) + result.evidence();
    int[] labels = withBorderRule(new DbscanLabels(result.labels(), result.coreSamples(), 0));
    return new ClusterStage.Clustering(driver.assignments(labels),
        List.of(new ClusterStage.Choice("dbscan_eps", result.eps(), evidence)),
        ClusterStage.percentiles(k + "-distance", curve));
  }

  private int[] withBorderRule(DbscanLabels fitted) {
    return dbscan.attachesBorderPoints() ? fitted.labels() : fitted.coreOnly();
  }

  private ClusterStage.Clustering fitPartitioned(Dataset<Row> features, long n, Consumer<String> progress) {
    HdbscanConfig h = config.hdbscan();
    PartitionedDbscanSettings settings = new PartitionedDbscanSettings(dbscan.minSamples(), h.leafSize(), h.trees(),
        h.sampleSize(), config.seed());
    List<ClusterStage.Choice> choices = new ArrayList<>();
    List<ClusterStage.CurvePoint> curves = List.of();
    PartitionedDbscan.Assignments fitted;
    try (PartitionedDbscan tree = PartitionedDbscan.build(features.select("crop_id", "features"), "features",
        settings, progress)) {
      double eps = dbscan.eps();
      if (eps == JobConfig.AUTO) {
        int k = dbscan.minSamples();
        double[] curve = descending(tree.coreDistances());
        double knee = KDistanceCurve.kneeEps(curve);
        int[] sampled = tree.sampleIndices();
        double[][] samplePoints = tree.samplePoints();
        DbscanEpsSearch.Result result = DbscanEpsSearch.search(knee, tree::cut,
            labels -> SampledSilhouette.scoreClustered(samplePoints, at(labels, sampled), config.autoK().sample(),
                config.seed()), config.autoK().sample());
        eps = result.eps();
        progress.accept(String.format(Locale.ROOT, "dbscan partitioned: knee of the %d-distance curve at eps %.4g, "
            + "eps search kept %.4g", k, knee, eps));
        choices.add(new ClusterStage.Choice("dbscan_eps", eps, String.format(Locale.ROOT, "knee of the sorted "
            + "%d-distance curve (partitioned core distances) over %d points = %.4g (cluster.dbscan.eps = auto); "
            + "candidates cut from the spanning tree without border points, silhouettes on the tree sample; ", k, n,
            knee) + result.evidence()));
        curves = ClusterStage.percentiles(k + "-distance", curve);
      }
      fitted = tree.assign(eps, dbscan.attachesBorderPoints());
    }
    if (dbscan.mode().equals("auto")) {
      choices.add(0, new ClusterStage.Choice("dbscan_partitioned", 1, n + " crops > cluster.exact_max_points = "
          + config.exactMaxPoints() + ": partitioned DBSCAN (spanning-tree cut; leaf_size " + h.leafSize()
          + ", trees " + h.trees() + ", sample_size " + h.sampleSize() + ", border points "
          + dbscan.borderPoints() + ") instead of exact"));
    }
    Dataset<Row> assignments = fitted.assignments().select(functions.col("crop_id"), functions.col("cluster"),
        ClusterStage.nullDouble("probability"), ClusterStage.nullDouble("outlier_score"));
    return new ClusterStage.Clustering(assignments, choices, curves);
  }

  private static double[] descending(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    for (int i = 0, j = sorted.length - 1; i < j; i++, j--) {
      double t = sorted[i];
      sorted[i] = sorted[j];
      sorted[j] = t;
    }
    return sorted;
  }

  private static int[] at(int[] labels, int[] indices) {
    int[] out = new int[indices.length];
    for (int i = 0; i < indices.length; i++) out[i] = labels[indices[i]];
    return out;
  }
}
