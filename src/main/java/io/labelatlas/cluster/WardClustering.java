package io.labelatlas.cluster;

import io.labelatlas.cluster.auto.AutoK;
import io.labelatlas.cluster.auto.SampledSilhouette;
import io.labelatlas.cluster.ward.Ward;
import io.labelatlas.cluster.ward.WardLinkage;
import io.labelatlas.cluster.ward.WardTree;
import io.labelatlas.config.JobConfig.AutoKConfig;
import io.labelatlas.config.JobConfig.ClusterConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Ward's minimum-variance linkage, exact on the driver for up to {@code cluster.exact_max_points} points (n x d
 * doubles there); above that on k-means micro-clusters ({@link MicroClusterWard}). {@code k: auto} cuts one tree at
 * every k and scores each cut by the sampled silhouette.
 */
final class WardClustering implements ClusteringAlgorithm {
  private final ClusterConfig config;

  WardClustering(ClusterConfig config) {
    this.config = config;
  }

  @Override
  public String name() {
    return "ward";
  }

  @Override
  public void validate(long n, int d, SettingNames names) {
    KSearch.validate(config, n, names);
    if (n <= config.exactMaxPoints()) return;
    int micro = config.ward().microClusters();
    if (micro > config.exactMaxPoints()) {
      throw new IllegalArgumentException(names.of("ward.micro_clusters") + " = " + micro + " is larger than "
          + names.of("exact_max_points") + " = " + config.exactMaxPoints() + ": Ward runs on the driver over the "
          + "micro-cluster centres when the " + n + " " + names.items() + " are too many for it");
    }
    String kKey = config.kIsAuto() ? "auto_k.min" : "k";
    int smallestK = config.kIsAuto() ? config.autoK().min() : config.k();
    if (smallestK > micro) {
      throw new IllegalArgumentException(names.of(kKey) + " = " + smallestK + " is larger than "
          + names.of("ward.micro_clusters") + " = " + micro);
    }
  }

  @Override
  public ClusterStage.Clustering fit(Dataset<Row> features, long n, int d, Consumer<String> progress) {
    if (n > config.exactMaxPoints()) return new MicroClusterWard(config).fit(features, n, progress);
    DriverPoints driver = DriverPoints.collect(features, "ward", progress);
    double[][] points = driver.points();
    long building = System.nanoTime();
    if (!config.kIsAuto()) {
      int[] labels = Ward.fit(points, config.k());
      progress.accept("ward: tree over " + points.length + " points cut at k=" + config.k() + " ("
          + ClusteringAlgorithm.since(building) + ")");
      return new ClusterStage.Clustering(driver.assignments(labels), List.of());
    }
    // One tree, cut at every k: the cuts are O(n) each, the tree is the O(n^2 d) part.
    WardTree tree = WardLinkage.tree(points);
    progress.accept("ward: tree over " + points.length + " points (" + ClusteringAlgorithm.since(building) + ")");
    AutoKConfig auto = config.autoK();
    int[] sample = SampledSilhouette.indices(points.length, auto.sample(), config.seed());
    Map<Integer, int[]> cuts = new HashMap<>();
    List<AutoK.Candidate> candidates = new ArrayList<>();
    for (int k : KSearch.range(auto, points.length)) {
      long started = System.nanoTime();
      int[] labels = WardLinkage.cut(tree, k);
      cuts.put(k, labels);
      long[] sizes = new long[k];
      for (int label : labels) sizes[label]++;
      AutoK.Candidate candidate = KSearch.silhouetteCandidate(k, points, labels, sample, KSearch.smallest(sizes, k),
          points.length);
      candidates.add(candidate);
      progress.accept(KSearch.progress("ward", candidate, "silhouette", started));
    }
    AutoK.Selection selection = AutoK.choose(candidates, AutoK.Score.SILHOUETTE, auto.minClusterFraction(),
        "Ward tree cut at k in " + KSearch.rangeText(auto, points.length) + ", silhouette on " + sample.length
            + " sampled crops");
    progress.accept("ward chose k=" + selection.k());
    return new ClusterStage.Clustering(driver.assignments(cuts.get(selection.k())),
        List.of(new ClusterStage.Choice("k", selection.k(), selection.evidence())));
  }
}
