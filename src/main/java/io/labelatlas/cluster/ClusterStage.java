package io.labelatlas.cluster;

import io.labelatlas.cluster.auto.AutoK;
import io.labelatlas.cluster.auto.DbscanEpsSearch;
import io.labelatlas.cluster.auto.HdbscanSizes;
import io.labelatlas.cluster.auto.SampledSilhouette;
import io.labelatlas.cluster.dbscan.Dbscan;
import io.labelatlas.cluster.dbscan.KDistanceCurve;
import io.labelatlas.cluster.hdbscan.Hdbscan;
import io.labelatlas.cluster.hdbscan.HdbscanResult;
import io.labelatlas.cluster.hdbscan.SelectionMethod;
import io.labelatlas.cluster.hdbscan.partitioned.PartitionedHdbscan;
import io.labelatlas.cluster.hdbscan.partitioned.PartitionedHdbscanSettings;
import io.labelatlas.cluster.ward.Ward;
import io.labelatlas.cluster.ward.WardLinkage;
import io.labelatlas.cluster.ward.WardTree;
import io.labelatlas.config.JobConfig;
import io.labelatlas.config.JobConfig.AutoKConfig;
import io.labelatlas.config.JobConfig.ClusterConfig;
import io.labelatlas.config.JobConfig.DbscanConfig;
import io.labelatlas.config.JobConfig.HdbscanConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.apache.spark.ml.clustering.GaussianMixture;
import org.apache.spark.ml.clustering.GaussianMixtureModel;
import org.apache.spark.ml.clustering.KMeans;
import org.apache.spark.ml.clustering.KMeansModel;
import org.apache.spark.ml.feature.VectorSlicer;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * Clusters reduced vectors: MLlib k-means and GMM distributed; HDBSCAN* exact on the driver or partitioned on Spark;
 * Ward and DBSCAN exact on the driver for up to {@code cluster.exact_max_points} points (n x d doubles there), Ward
 * above that on k-means micro-clusters. Returns {@code crop_id, cluster, probability, outlier_score} (noise is cluster
 * -1; probability for GMM and HDBSCAN*, outlier_score (GLOSH) for HDBSCAN*, null otherwise) and the parameters chosen
 * on the way ({@code k: auto}, HDBSCAN*'s sizes, DBSCAN's eps), each with its evidence. The rules themselves are the
 * pure classes of {@code cluster.auto}.
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

  /** Column order of {@link Clustering#assignments}. */
  public static final StructType ASSIGNMENTS = new StructType()
      .add("crop_id", DataTypes.StringType, false)
      .add("cluster", DataTypes.IntegerType, false)
      .add("probability", DataTypes.DoubleType, true)
      .add("outlier_score", DataTypes.DoubleType, true);

  /** Seeded EM starts per k when GMM chooses k; the best log-likelihood is kept. */
  static final int GMM_STARTS = 3;

  /** Points collected to the driver, ordered by crop id. */
  private record DriverPoints(SparkSession spark, String[] ids, double[][] points) {}

  /** @param features rows with {@code crop_id} and an MLlib vector column {@code features} */
  public static Clustering assign(Dataset<Row> features, String algorithm, ClusterConfig config) {
    return assign(features, algorithm, config, null);
  }

  /** @param progress receives one line per finished stage of partitioned HDBSCAN* (may be null) */
  public static Clustering assign(Dataset<Row> features, String algorithm, ClusterConfig config,
      Consumer<String> progress) {
    if (!JobConfig.ALGORITHMS.contains(algorithm)) {
      throw new IllegalArgumentException("unknown clustering algorithm '" + algorithm + "', not one of "
          + JobConfig.ALGORITHMS);
    }
    long n = features.count();
    validate(algorithm, n, config);
    return switch (algorithm) {
      case "kmeans" -> config.kIsAuto() ? autoKMeans(features, n, config) : new Clustering(
          kmeansAssignments(fitKMeans(features, config.k(), config), features), List.of());
      case "gmm" -> gmm(features, n, config);
      case "hdbscan" -> hdbscan(features, n, config, progress);
      case "ward" -> n > config.exactMaxPoints() ? microClusterWard(features, n, config)
          : ward(collect(features), config);
      case "dbscan" -> dbscan(collect(features), config);
      default -> throw new IllegalStateException(algorithm);
    };
  }

  /** Settings that cannot work for this many crops fail here, naming the setting. */
  private static void validate(String algorithm, long n, ClusterConfig config) {
    if (n < 2) throw new IllegalArgumentException(algorithm + " needs at least 2 crops to cluster, got " + n);
    boolean usesK = List.of("kmeans", "gmm", "ward").contains(algorithm);
    if (usesK && !config.kIsAuto() && config.k() > n) {
      throw new IllegalArgumentException("'cluster.k' = " + config.k() + " is larger than the " + n
          + " crops to cluster");
    }
    if (usesK && config.kIsAuto() && config.autoK().min() >= n) {
      throw new IllegalArgumentException("'cluster.auto_k.min' = " + config.autoK().min() + " needs more than "
          + config.autoK().min() + " crops (the silhouette is undefined for k = n); this run has " + n);
    }
    boolean driverBound = algorithm.equals("dbscan")
        || (algorithm.equals("hdbscan") && config.hdbscan().mode().equals("exact"));
    if (driverBound && n > config.exactMaxPoints()) {
      throw new IllegalArgumentException(algorithm + " is exact and runs on the driver; this run has " + n
          + " crops, more than 'cluster.exact_max_points' = " + config.exactMaxPoints()
          + " (raise it if the driver can hold n x d doubles"
          + (algorithm.equals("hdbscan") ? ", or set cluster.hdbscan.mode to auto or partitioned)" : ")"));
    }
    if (algorithm.equals("hdbscan")) {
      HdbscanConfig h = config.hdbscan();
      if (h.minSamples() > n) {
        throw new IllegalArgumentException("'cluster.hdbscan.min_samples' = " + h.minSamples()
            + " is larger than the " + n + " crops to cluster");
      }
      if (h.minClusterSize() > n) {
        throw new IllegalArgumentException("'cluster.hdbscan.min_cluster_size' = " + h.minClusterSize()
            + " is larger than the " + n + " crops to cluster");
      }
      if (runsPartitioned(config, n) && h.minSamples() > h.leafSize()) {
        throw new IllegalArgumentException("'cluster.hdbscan.min_samples' = " + h.minSamples() + " is larger than "
            + "'cluster.hdbscan.leaf_size' = " + h.leafSize() + ": partitioned HDBSCAN* finds a crop's neighbours "
            + "inside its leaf");
      }
    }
    if (algorithm.equals("dbscan") && config.dbscan().minSamples() > n) {
      throw new IllegalArgumentException("'cluster.dbscan.min_samples' = " + config.dbscan().minSamples()
          + " is larger than the " + n + " crops to cluster");
    }
    if (algorithm.equals("ward") && n > config.exactMaxPoints()) {
      int micro = config.ward().microClusters();
      if (micro > config.exactMaxPoints()) {
        throw new IllegalArgumentException("'cluster.ward.micro_clusters' = " + micro + " is larger than "
            + "'cluster.exact_max_points' = " + config.exactMaxPoints() + ": Ward runs on the driver over the "
            + "micro-cluster centres when the " + n + " crops are too many for it");
      }
      int smallestK = config.kIsAuto() ? config.autoK().min() : config.k();
      if (smallestK > micro) {
        throw new IllegalArgumentException("'" + (config.kIsAuto() ? "cluster.auto_k.min" : "cluster.k") + "' = "
            + smallestK + " is larger than 'cluster.ward.micro_clusters' = " + micro);
      }
    }
  }

  // ---- k-means -------------------------------------------------------------------------------------------------

  private static KMeansModel fitKMeans(Dataset<Row> data, int k, ClusterConfig config) {
    return new KMeans()
        .setK(k)
        .setSeed(config.seed())
        .setMaxIter(config.maxIterations())
        .setFeaturesCol("features")
        .setPredictionCol("cluster")
        .fit(data);
  }

  private static Dataset<Row> kmeansAssignments(KMeansModel model, Dataset<Row> features) {
    return model.transform(features).select(functions.col("crop_id"), functions.col("cluster").cast("int"),
        nullDouble("probability"), nullDouble("outlier_score"));
  }

  /** One seeded k-means per k; silhouette on a sample collected once; the sizes guard from the full fit. */
  private static Clustering autoKMeans(Dataset<Row> features, long n, ClusterConfig config) {
    AutoKConfig auto = config.autoK();
    Dataset<Row> data = cached(features);
    try {
      double[][] sample = sample(features, auto.sample(), config.seed());
      int[] all = IntStream.range(0, sample.length).toArray();
      Map<Integer, KMeansModel> models = new HashMap<>();
      List<AutoK.Candidate> candidates = new ArrayList<>();
      for (int k : kRange(auto, n)) {
        KMeansModel model = fitKMeans(data, k, config);
        models.put(k, model);
        int[] labels = new int[sample.length];
        for (int i = 0; i < sample.length; i++) labels[i] = model.predict(Vectors.dense(sample[i]));
        long[] sizes = model.summary().clusterSizes();
        candidates.add(silhouetteCandidate(k, sample, labels, all, smallest(sizes, k), n));
      }
      AutoK.Selection selection = AutoK.choose(candidates, AutoK.Score.SILHOUETTE, auto.minClusterFraction(),
          "k-means (seed " + config.seed() + ") for k in " + rangeText(auto, n) + ", silhouette on " + sample.length
              + " sampled crops");
      Dataset<Row> assignments = kmeansAssignments(models.get(selection.k()), features);
      return new Clustering(assignments, List.of(new Choice("k", selection.k(), selection.evidence())));
    } finally {
      if (data != features) data.unpersist();
    }
  }

  // ---- GMM -----------------------------------------------------------------------------------------------------

  private static Clustering gmm(Dataset<Row> features, long n, ClusterConfig config) {
    int width = ((Vector) features.first().getAs("features")).size();
    int dimension = Math.min(config.gmmDimension(), width);
    Dataset<Row> input = new VectorSlicer()
        .setInputCol("features").setOutputCol("leading").setIndices(IntStream.range(0, dimension).toArray())
        .transform(features);
    if (!config.kIsAuto()) {
      return new Clustering(gmmAssignments(fitGmm(input, config.k(), config.seed(), config), input), List.of());
    }
    AutoKConfig auto = config.autoK();
    Dataset<Row> data = input.persist(StorageLevel.MEMORY_AND_DISK());
    try {
      Map<Integer, GaussianMixtureModel> models = new HashMap<>();
      List<AutoK.Candidate> candidates = new ArrayList<>();
      for (int k : kRange(auto, n)) {
        // MLlib starts EM from means of random points, which often ends in a poor optimum (two blobs merged, one
        // split); the best of a few seeded starts makes BIC compare good fits.
        GaussianMixtureModel best = null;
        for (int start = 0; start < GMM_STARTS; start++) {
          GaussianMixtureModel model = fitGmm(data, k, config.seed() + start, config);
          if (best == null || model.summary().logLikelihood() > best.summary().logLikelihood()) best = model;
        }
        models.put(k, best);
        double bic = AutoK.gmmBic(best.summary().logLikelihood(), k, dimension, n);
        candidates.add(AutoK.Candidate.scored(k, bic, smallest(best.summary().clusterSizes(), k), n));
      }
      AutoK.Selection selection = AutoK.choose(candidates, AutoK.Score.BIC, auto.minClusterFraction(),
          "GMM (best log-likelihood of " + GMM_STARTS + " starts, seeds " + config.seed() + "..; full covariances in "
              + "the leading " + dimension + " dimensions) for k in " + rangeText(auto, n)
              + ", BIC = -2 logL + p ln n with p = k(d + d(d+1)/2) + k - 1, n = " + n);
      Dataset<Row> assignments = gmmAssignments(models.get(selection.k()), input);
      return new Clustering(assignments, List.of(new Choice("k", selection.k(), selection.evidence())));
    } finally {
      data.unpersist();
    }
  }

  private static GaussianMixtureModel fitGmm(Dataset<Row> input, int k, long seed, ClusterConfig config) {
    return new GaussianMixture()
        .setK(k)
        .setSeed(seed)
        .setMaxIter(config.maxIterations())
        .setFeaturesCol("leading")
        .setPredictionCol("cluster")
        .setProbabilityCol("posterior")
        .fit(input);
  }

  private static Dataset<Row> gmmAssignments(GaussianMixtureModel model, Dataset<Row> input) {
    return model.transform(input).select(functions.col("crop_id"), functions.col("cluster").cast("int"),
        functions.array_max(org.apache.spark.ml.functions.vector_to_array(functions.col("posterior"), "float64"))
            .as("probability"),
        nullDouble("outlier_score"));
  }

  // ---- HDBSCAN* ------------------------------------------------------------------------------------------------

  private static Clustering hdbscan(Dataset<Row> features, long n, ClusterConfig config, Consumer<String> progress) {
    HdbscanConfig h = config.hdbscan();
    SelectionMethod method = h.selection().equals("leaf") ? SelectionMethod.LEAF : SelectionMethod.EOM;
    boolean partitioned = runsPartitioned(config, n);
    List<Choice> choices = new ArrayList<>();
    Dataset<Row> assignments;
    HdbscanSizes.Search<?> search;
    if (partitioned) {
      HdbscanSizes.Search<Dataset<Row>> found = HdbscanSizes.search(n, h.minClusterSize(), h.minSamples(), sizes -> {
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
        return new HdbscanSizes.Outcome<>(fitted, (int) stats.getLong(0), (double) noise / n);
      });
      assignments = found.result();
      search = found;
      if (h.mode().equals("auto")) {
        choices.add(new Choice("hdbscan_partitioned", 1, n + " crops > cluster.exact_max_points = "
            + config.exactMaxPoints() + ": partitioned HDBSCAN* (leaf_size " + h.leafSize() + ", trees " + h.trees()
            + ", sample_size " + h.sampleSize() + ") instead of exact"));
      }
    } else {
      DriverPoints driver = collect(features);
      double[][] points = driver.points();
      HdbscanSizes.Search<HdbscanResult> found = HdbscanSizes.search(n, h.minClusterSize(), h.minSamples(), sizes -> {
        HdbscanResult result = Hdbscan.fit(points, sizes.minClusterSize(), sizes.minSamples(), method, h.epsilon(),
            h.allowSingleCluster());
        int noise = 0;
        for (int label : result.labels()) if (label < 0) noise++;
        return new HdbscanSizes.Outcome<>(result, result.numClusters(), (double) noise / points.length);
      });
      HdbscanResult result = found.result();
      assignments = frame(driver, result.labels(), result.probabilities(), result.outlierScores());
      search = found;
    }
    if (h.minClusterSizeIsAuto()) {
      choices.add(new Choice("hdbscan_min_cluster_size", search.chosen().minClusterSize(), search.evidence()));
    }
    if (h.minSamplesIsAuto()) {
      choices.add(new Choice("hdbscan_min_samples", search.chosen().minSamples(), search.evidence()));
    }
    return new Clustering(assignments, choices);
  }

  /** Mode partitioned, or auto with more crops than the driver bound. */
  private static boolean runsPartitioned(ClusterConfig config, long n) {
    String mode = config.hdbscan().mode();
    return mode.equals("partitioned") || (mode.equals("auto") && n > config.exactMaxPoints());
  }

  // ---- Ward ----------------------------------------------------------------------------------------------------

  private static Clustering ward(DriverPoints driver, ClusterConfig config) {
    double[][] points = driver.points();
    if (!config.kIsAuto()) {
      return new Clustering(frame(driver, Ward.fit(points, config.k())), List.of());
    }
    // One tree, cut at every k: the cuts are O(n) each, the tree is the O(n^2 d) part.
    WardTree tree = WardLinkage.tree(points);
    AutoKConfig auto = config.autoK();
    int[] sample = SampledSilhouette.indices(points.length, auto.sample(), config.seed());
    Map<Integer, int[]> cuts = new HashMap<>();
    List<AutoK.Candidate> candidates = new ArrayList<>();
    for (int k : kRange(auto, points.length)) {
      int[] labels = WardLinkage.cut(tree, k);
      cuts.put(k, labels);
      long[] sizes = new long[k];
      for (int label : labels) sizes[label]++;
      candidates.add(silhouetteCandidate(k, points, labels, sample, smallest(sizes, k), points.length));
    }
    AutoK.Selection selection = AutoK.choose(candidates, AutoK.Score.SILHOUETTE, auto.minClusterFraction(),
        "Ward tree cut at k in " + rangeText(auto, points.length) + ", silhouette on " + sample.length
            + " sampled crops");
    return new Clustering(frame(driver, cuts.get(selection.k())),
        List.of(new Choice("k", selection.k(), selection.evidence())));
  }

  /**
   * Ward above {@code cluster.exact_max_points}: seeded k-means into {@code cluster.ward.micro_clusters} centres,
   * Ward on the centres weighted by their sizes, and every crop takes its centre's label. Only the centres (and, for
   * {@code k: auto}, the silhouette sample) reach the driver.
   */
  private static Clustering microClusterWard(Dataset<Row> features, long n, ClusterConfig config) {
    int requested = config.ward().microClusters();
    Dataset<Row> data = cached(features);
    try {
      KMeansModel micro = new KMeans()
          .setK(requested)
          .setSeed(config.seed())
          .setMaxIter(config.maxIterations())
          .setFeaturesCol("features")
          .setPredictionCol("micro")
          .fit(data);
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
      if (config.kIsAuto() && config.autoK().min() > m - 1) {
        throw new IllegalArgumentException("'cluster.auto_k.min' = " + config.autoK().min() + " needs more than "
            + config.autoK().min() + " micro-clusters; k-means left " + m + " non-empty of "
            + "'cluster.ward.micro_clusters' = " + requested);
      }
      double[][] centrePoints = kept.toArray(new double[0][]);
      double[] centreWeights = weights.stream().mapToDouble(Double::doubleValue).toArray();
      List<Choice> choices = new ArrayList<>();
      long smallestMicro = weights.stream().mapToLong(Double::longValue).min().orElse(0);
      long largestMicro = weights.stream().mapToLong(Double::longValue).max().orElse(0);
      choices.add(new Choice("ward_micro_clusters", m, n + " crops > cluster.exact_max_points = "
          + config.exactMaxPoints() + ": Ward ran on " + m + " k-means micro-cluster centres (cluster.ward."
          + "micro_clusters = " + requested + ", seed " + config.seed() + ", " + smallestMicro + " to " + largestMicro
          + " crops each) weighted by their sizes; every crop takes its micro-cluster's Ward label"));
      WardTree tree = WardLinkage.tree(centrePoints, centreWeights);
      int k;
      if (config.kIsAuto()) {
        AutoKConfig auto = config.autoK();
        double[][] sample = sample(features, auto.sample(), config.seed());
        int[] sampleMicro = new int[sample.length];
        for (int i = 0; i < sample.length; i++) {
          sampleMicro[i] = compact[micro.predict(Vectors.dense(sample[i]))];
        }
        int[] all = IntStream.range(0, sample.length).toArray();
        List<AutoK.Candidate> candidates = new ArrayList<>();
        for (int candidateK : kRange(auto, m)) {
          int[] centreLabels = WardLinkage.cut(tree, candidateK);
          double[] weight = new double[candidateK];
          for (int c = 0; c < m; c++) weight[centreLabels[c]] += centreWeights[c];
          int[] labels = new int[sample.length];
          for (int i = 0; i < sample.length; i++) labels[i] = centreLabels[sampleMicro[i]];
          double smallest = Arrays.stream(weight).min().orElse(0);
          candidates.add(silhouetteCandidate(candidateK, sample, labels, all, smallest, n));
        }
        AutoK.Selection selection = AutoK.choose(candidates, AutoK.Score.SILHOUETTE, auto.minClusterFraction(),
            "Ward tree over " + m + " micro-clusters cut at k in " + rangeText(auto, m) + ", silhouette on "
                + sample.length + " sampled crops");
        k = selection.k();
        choices.add(new Choice("k", k, selection.evidence()));
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
          .select(functions.col("crop_id"), functions.col("cluster"), nullDouble("probability"),
              nullDouble("outlier_score"));
      return new Clustering(assignments, choices);
    } finally {
      if (data != features) data.unpersist();
    }
  }

  // ---- DBSCAN --------------------------------------------------------------------------------------------------

  private static Clustering dbscan(DriverPoints driver, ClusterConfig config) {
    double[][] points = driver.points();
    DbscanConfig d = config.dbscan();
    if (d.eps() != JobConfig.AUTO) {
      return new Clustering(frame(driver, Dbscan.fit(points, d.eps(), d.minSamples()).labels()), List.of());
    }
    int k = d.minSamples();
    double[] curve = KDistanceCurve.compute(points, k);
    double knee = KDistanceCurve.kneeEps(curve);
    DbscanEpsSearch.Result result = DbscanEpsSearch.search(points, d.minSamples(), knee, config.autoK().sample(),
        config.seed());
    String evidence = String.format(Locale.ROOT, "knee of the sorted %d-distance curve over %d points = %.4g "
        + "(cluster.dbscan.eps = auto); ", k, points.length, knee) + result.evidence();
    return new Clustering(frame(driver, result.labels()), List.of(new Choice("dbscan_eps", result.eps(), evidence)),
        percentiles(k + "-distance", curve));
  }

  // ---- shared --------------------------------------------------------------------------------------------------

  /** {@code min..max} of {@code cluster.auto_k}, with max clipped to n - 1 (the silhouette needs k < n). */
  private static int[] kRange(AutoKConfig auto, long n) {
    int max = (int) Math.min(auto.max(), n - 1);
    return IntStream.rangeClosed(auto.min(), max).toArray();
  }

  private static String rangeText(AutoKConfig auto, long n) {
    int max = (int) Math.min(auto.max(), n - 1);
    return auto.min() + ".." + max + (max < auto.max() ? " (cluster.auto_k.max " + auto.max() + " clipped to n - 1)"
        : "");
  }

  private static AutoK.Candidate silhouetteCandidate(int k, double[][] points, int[] labels, int[] sample,
      double smallest, double total) {
    double score = SampledSilhouette.score(points, labels, sample);
    return new AutoK.Candidate(k, score, smallest, total,
        Double.isNaN(score) ? "silhouette undefined on the sample (fewer than 2 of its clusters)" : null);
  }

  /** Smallest of k cluster sizes; a cluster MLlib left out of {@code sizes} counts as empty. */
  private static double smallest(long[] sizes, int k) {
    if (sizes.length < k) return 0;
    long min = Long.MAX_VALUE;
    for (long size : sizes) min = Math.min(min, size);
    return min;
  }

  /**
   * At most {@code size} feature vectors, chosen by a seeded hash of the crop id (independent of partitioning); only
   * these reach the driver.
   */
  private static double[][] sample(Dataset<Row> features, int size, long seed) {
    List<Row> rows = features
        .select(functions.col("features"), functions.col("crop_id"),
            functions.xxhash64(functions.col("crop_id"), functions.lit(seed)).as("h"))
        .orderBy(functions.col("h"), functions.col("crop_id"))
        .limit(size)
        .collectAsList();
    double[][] points = new double[rows.size()][];
    for (int i = 0; i < points.length; i++) points[i] = ((Vector) rows.get(i).get(0)).toArray();
    return points;
  }

  private static Dataset<Row> cached(Dataset<Row> features) {
    if (!features.storageLevel().equals(StorageLevel.NONE())) return features;
    return features.persist(StorageLevel.MEMORY_AND_DISK());
  }

  private static DriverPoints collect(Dataset<Row> features) {
    List<Row> rows = features.select("crop_id", "features").orderBy("crop_id").collectAsList();
    String[] ids = new String[rows.size()];
    double[][] points = new double[rows.size()][];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = rows.get(i).getString(0);
      points[i] = ((Vector) rows.get(i).get(1)).toArray();
    }
    return new DriverPoints(features.sparkSession(), ids, points);
  }

  private static Dataset<Row> frame(DriverPoints driver, int[] labels) {
    return frame(driver, labels, null, null);
  }

  private static Dataset<Row> frame(DriverPoints driver, int[] labels, double[] probabilities,
      double[] outlierScores) {
    String[] ids = driver.ids();
    List<Row> out = new ArrayList<>(ids.length);
    for (int i = 0; i < ids.length; i++) {
      out.add(RowFactory.create(ids[i], labels[i], probabilities == null ? null : probabilities[i],
          outlierScores == null ? null : outlierScores[i]));
    }
    return driver.spark().createDataFrame(out, ASSIGNMENTS);
  }

  private static Column nullDouble(String name) {
    return functions.lit(null).cast("double").as(name);
  }
}
