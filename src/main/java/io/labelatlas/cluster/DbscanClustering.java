package io.labelatlas.cluster;

import io.labelatlas.cluster.auto.DbscanEpsSearch;
import io.labelatlas.cluster.dbscan.Dbscan;
import io.labelatlas.cluster.dbscan.KDistanceCurve;
import io.labelatlas.config.JobConfig;
import io.labelatlas.config.JobConfig.ClusterConfig;
import io.labelatlas.config.JobConfig.DbscanConfig;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * DBSCAN, exact on the driver for up to {@code cluster.exact_max_points} points. {@code eps: auto}: the knee of the
 * sorted min_samples-distance curve, guarded by {@code cluster.auto.DbscanEpsSearch}; the curve is kept as evidence.
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
    DriverPoints.checkBound(name(), n, config.exactMaxPoints(), names, "");
    if (dbscan.minSamples() > n) {
      throw new IllegalArgumentException(names.largerThanData("dbscan.min_samples", dbscan.minSamples(), n));
    }
  }

  @Override
  public ClusterStage.Clustering fit(Dataset<Row> features, long n, int d, Consumer<String> progress) {
    DriverPoints driver = DriverPoints.collect(features, "dbscan", progress);
    double[][] points = driver.points();
    long started = System.nanoTime();
    if (dbscan.eps() != JobConfig.AUTO) {
      int[] labels = Dbscan.fit(points, dbscan.eps(), dbscan.minSamples()).labels();
      progress.accept(String.format(Locale.ROOT, "dbscan: eps %.4g, min_samples %d (%s)", dbscan.eps(),
          dbscan.minSamples(), ClusteringAlgorithm.since(started)));
      return new ClusterStage.Clustering(driver.assignments(labels), List.of());
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
    return new ClusterStage.Clustering(driver.assignments(result.labels()),
        List.of(new ClusterStage.Choice("dbscan_eps", result.eps(), evidence)),
        ClusterStage.percentiles(k + "-distance", curve));
  }
}
