package io.labelatlas.cluster;

import io.labelatlas.cluster.auto.AutoK;
import io.labelatlas.cluster.ward.WardLinkage;
import io.labelatlas.cluster.ward.WardTree;
import io.labelatlas.config.JobConfig.AutoKConfig;
import io.labelatlas.config.JobConfig.ClusterConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.apache.spark.ml.clustering.KMeansModel;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Ward above {@code cluster.exact_max_points}: seeded k-means into {@code cluster.ward.micro_clusters} centres, Ward
 * on the centres weighted by their sizes, and every crop takes its centre's label. Only the centres (and, for
 * {@code k: auto}, the silhouette sample) reach the driver.
 */
final class MicroClusterWard {
  private final ClusterConfig config;

  MicroClusterWard(ClusterConfig config) {
    this.config = config;
  }

  ClusterStage.Clustering fit(Dataset<Row> features, long n, Consumer<String> progress) {
    int requested = config.ward().microClusters();
    Dataset<Row> data = KMeansClustering.cached(features);
    try {
      long started = System.nanoTime();
      KMeansModel micro = KMeansClustering.fit(data, requested, "micro", config);
      Vector[] centres = micro.clusterCenters();
      long[] sizes = micro.summary().clusterSizes();
      // MLlib can end with fewer or empty centres; only centres holding points enter Ward.
      int[] compact = new int[centres.length];
      List<double[]> kept = new ArrayList<>();
      List<Double> weights = new ArrayList<>();
      for (int c = 0; c < centres.length; c++) {
        compact[c] = -1;
        if (c < sizes.length && sizes[c] > 0) {
          compact[c] = kept.size();
          kept.add(centres[c].toArray());
          weights.add((double) sizes[c]);
        }
      }
      int m = kept.size();
      progress.accept("ward: k-means into " + m + " non-empty micro-clusters of " + requested + " ("
          + ClusteringAlgorithm.since(started) + ")");
      if (config.kIsAuto() && config.autoK().min() > m - 1) {
        throw new IllegalArgumentException("'cluster.auto_k.min' = " + config.autoK().min() + " needs more than "
            + config.autoK().min() + " micro-clusters; k-means left " + m + " non-empty of "
            + "'cluster.ward.micro_clusters' = " + requested);
      }
      double[][] centrePoints = kept.toArray(new double[0][]);
      double[] centreWeights = weights.stream().mapToDouble(Double::doubleValue).toArray();
      List<ClusterStage.Choice> choices = new ArrayList<>();
      long smallestMicro = weights.stream().mapToLong(Double::longValue).min().orElse(0);
      long largestMicro = weights.stream().mapToLong(Double::longValue).max().orElse(0);
      choices.add(new ClusterStage.Choice("ward_micro_clusters", m, n + " crops > cluster.exact_max_points = "
          + config.exactMaxPoints() + ": Ward ran on " + m + " k-means micro-cluster centres (cluster.ward."
          + "micro_clusters = " + requested + ", seed " + config.seed() + ", " + smallestMicro + " to " + largestMicro
          + " crops each) weighted by their sizes; every crop takes its micro-cluster's Ward label"));
      WardTree tree = WardLinkage.tree(centrePoints, centreWeights);
      int k;
      if (config.kIsAuto()) {
        AutoK.Selection selection = chooseK(features, micro, compact, tree, centreWeights, n, progress);
        k = selection.k();
        choices.add(new ClusterStage.Choice("k", k, selection.evidence()));
      } else {
        k = config.k();
        if (k > m) {
          throw new IllegalArgumentException("'cluster.k' = " + k + " is larger than the " + m
              + " non-empty micro-clusters Ward runs on (cluster.ward.micro_clusters = " + requested + ")");
        }
      }
      int[] centreLabels = WardLinkage.cut(tree, k);
      List<Row> lookup = new ArrayList<>();
      for (int c = 0; c < centres.length; c++) {
        if (compact[c] >= 0) lookup.add(RowFactory.create(c, centreLabels[compact[c]]));
      }
      Dataset<Row> labelOfMicro = features.sparkSession().createDataFrame(lookup, new StructType()
          .add("micro", DataTypes.IntegerType, false).add("cluster", DataTypes.IntegerType, false));
      Dataset<Row> assignments = micro.transform(features)
          .select(functions.col("crop_id"), functions.col("micro").cast("int"))
          .join(functions.broadcast(labelOfMicro), "micro")
          .select(functions.col("crop_id"), functions.col("cluster"), ClusterStage.nullDouble("probability"),
              ClusterStage.nullDouble("outlier_score"));
      return new ClusterStage.Clustering(assignments, choices);
    } finally {
      if (data != features) data.unpersist();
    }
  }

  /** Each cut of the centres' tree, scored by the silhouette of a crop sample labelled through its micro-cluster. */
  private AutoK.Selection chooseK(Dataset<Row> features, KMeansModel micro, int[] compact, WardTree tree,
      double[] centreWeights, long n, Consumer<String> progress) {
    AutoKConfig auto = config.autoK();
    int m = centreWeights.length;
    double[][] sample = DriverPoints.sample(features, auto.sample(), config.seed());
    int[] sampleMicro = new int[sample.length];
    for (int i = 0; i < sample.length; i++) sampleMicro[i] = compact[micro.predict(Vectors.dense(sample[i]))];
    int[] all = IntStream.range(0, sample.length).toArray();
    List<AutoK.Candidate> candidates = new ArrayList<>();
    for (int candidateK : KSearch.range(auto, m)) {
      long started = System.nanoTime();
      int[] centreLabels = WardLinkage.cut(tree, candidateK);
      double[] weight = new double[candidateK];
      for (int c = 0; c < m; c++) weight[centreLabels[c]] += centreWeights[c];
      int[] labels = new int[sample.length];
      for (int i = 0; i < sample.length; i++) labels[i] = centreLabels[sampleMicro[i]];
      double smallest = Arrays.stream(weight).min().orElse(0);
      AutoK.Candidate candidate = KSearch.silhouetteCandidate(candidateK, sample, labels, all, smallest, n);
      candidates.add(candidate);
      progress.accept(KSearch.progress("ward (micro-clusters)", candidate, "silhouette", started));
    }
    AutoK.Selection selection = AutoK.choose(candidates, AutoK.Score.SILHOUETTE, auto.minClusterFraction(),
        "Ward tree over " + m + " micro-clusters cut at k in " + KSearch.rangeText(auto, m) + ", silhouette on "
            + sample.length + " sampled crops");
    progress.accept("ward chose k=" + selection.k());
    return selection;
  }
}
