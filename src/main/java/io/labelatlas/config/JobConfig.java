package io.labelatlas.config;

import java.util.List;
import java.util.Map;

/**
 * The one typed configuration of a LabelAtlas job, validated on construction. Built by {@link JobConfigLoader} from a
 * job file under {@code jobs/}, a profile under {@code conf/}, and {@code --set key=value} flags, in that order.
 */
public record JobConfig(
    String name,
    InputConfig input,
    CropConfig crop,
    EmbedConfig embed,
    ReduceConfig reduce,
    ClusterConfig cluster,
    EvaluateConfig evaluate,
    AuditConfig audit,
    OutputConfig output,
    SparkConfig spark) {

  public static final List<String> INPUT_KINDS = List.of("folders", "manifest", "voc", "deeppcb", "synthetic");
  public static final List<String> BACKBONES =
      List.of("hog", "resnet50", "vit_b16", "torchscript", "box_size", "box_geometry");
  /** Backbones that run a TorchScript model file through DJL; they need {@code embed.model_path}. */
  public static final List<String> DEEP_BACKBONES = List.of("resnet50", "vit_b16", "torchscript");
  public static final List<String> ALGORITHMS = List.of("kmeans", "gmm", "hdbscan", "ward", "dbscan");
  /** Algorithms that run exactly on one machine (the driver), bounded by {@code cluster.exact_max_points}. */
  public static final List<String> EXACT_ALGORITHMS = List.of("hdbscan", "ward", "dbscan");

  /** Where images, labels and boxes come from. */
  public record InputConfig(
      String kind,
      String path,
      String split,
      boolean includeGood,
      String images,
      String annotations,
      int limit,
      long maxImageBytes,
      int imagesPerClass,
      double labelNoise,
      long seed) {}

  /** Margin-aware crop geometry and contrast normalisation, applied before any backbone. */
  public record CropConfig(int margin, int minSize, double gamma, int size, String resize, int window) {}

  /**
   * The backbone and, for deep ones, their model and runtime. {@code modelPath}: a TorchScript file, local or any
   * Hadoop URI ({@code s3a://}); {@code dimension}: the embedding length the model must return (0 for hog);
   * {@code preprocess}: resize (whole crop to {@code inputSize} square) or center_crop (ImageNet's 256/224);
   * {@code device}: auto, cpu or gpu; {@code threads}: intra-op threads per executor, 0 for its cores;
   * {@code cacheDir}: local folder on every machine for libtorch and model copies (null: the temp folder);
   * {@code layers}: named intermediate outputs of the model to pool per channel (empty: the model returns its
   * embedding); {@code pooling}: mean, mean_std or gem.
   */
  public record EmbedConfig(List<String> backbones, int batchSize, String modelPath, int dimension,
      String preprocess, int inputSize, String device, int threads, String cacheDir, List<String> layers,
      String pooling) {
    /** The backbone, or the fused backbones joined by '+', as tables and reports name it. */
    public String backbone() {
      return String.join("+", backbones);
    }

    public boolean isDeep() {
      return deepBackbone() != null;
    }

    /** The one deep backbone among {@link #backbones}, or null. */
    public String deepBackbone() {
      return backbones.stream().filter(DEEP_BACKBONES::contains).findFirst().orElse(null);
    }
  }

  /** Randomized PCA (subspace iteration); never forms a d x d matrix. */
  public record ReduceConfig(int dimension, int oversample, int powerIterations, long seed) {}

  /** The value a setting written {@code auto} is stored as ({@code cluster.k}, HDBSCAN's sizes, DBSCAN's eps). */
  public static final int AUTO = 0;

  /**
   * {@code gmmDimension}: GMM fits a full covariance per component, which needs far more points than dimensions²;
   * it therefore sees only the first principal components. {@code k} is {@link #AUTO} for {@code k: auto}: k-means,
   * GMM and Ward then choose k in {@code autoK}'s range.
   */
  public record ClusterConfig(List<String> algorithms, int k, int maxIterations, long seed, int gmmDimension,
      int exactMaxPoints, AutoKConfig autoK, HdbscanConfig hdbscan, DbscanConfig dbscan, WardConfig ward) {
    public boolean kIsAuto() {
      return k == AUTO;
    }
  }

  /**
   * The search of {@code cluster.k: auto}: every k in {@code min..max}; silhouette on at most {@code sample} points
   * (k-means, Ward; also DBSCAN's eps guard), BIC for GMM; a k whose smallest cluster holds fewer than
   * {@code minClusterFraction} of the points is rejected as a degenerate split.
   */
  public record AutoKConfig(int min, int max, int sample, double minClusterFraction) {}

  /**
   * HDBSCAN*: minSamples counts the point itself, as Python hdbscan's min_samples; either size may be {@link #AUTO}
   * (the default: chosen from n, see {@code cluster.auto.HdbscanSizes}). {@code mode}: exact (driver), partitioned
   * (Spark; leafSize, trees and sampleSize shape its random-projection partitions) or auto (exact up to
   * {@code cluster.exact_max_points}, partitioned above).
   */
  public record HdbscanConfig(int minClusterSize, int minSamples, String selection, double epsilon,
      boolean allowSingleCluster, String mode, int leafSize, int trees, int sampleSize) {
    public boolean minClusterSizeIsAuto() {
      return minClusterSize == AUTO;
    }

    public boolean minSamplesIsAuto() {
      return minSamples == AUTO;
    }
  }

  /**
   * eps {@link #AUTO} ({@code auto} or 0): choose eps at the knee of the min_samples-distance curve, guarded against a
   * degenerate result by trying multiples of the knee (recorded in metrics). {@code mode}: exact (driver), partitioned
   * (the cut of partitioned HDBSCAN*'s spanning tree, shaped by {@code cluster.hdbscan.leaf_size, trees,
   * sample_size}) or auto (exact up to {@code cluster.exact_max_points}, partitioned above). {@code borderPoints}:
   * attach (DBSCAN: a non-core point within eps of a core point joins a cluster) or noise (DBSCAN*).
   */
  public record DbscanConfig(double eps, int minSamples, String mode, String borderPoints) {
    public static final List<String> MODES = List.of("auto", "exact", "partitioned");
    public static final List<String> BORDER_POINTS = List.of("attach", "noise");

    public boolean attachesBorderPoints() {
      return borderPoints.equals("attach");
    }
  }

  /**
   * Ward above {@code cluster.exact_max_points}: k-means into {@code microClusters} centres first, then Ward on the
   * centres weighted by their sizes.
   */
  public record WardConfig(int microClusters) {}

  /**
   * Scoring each clustering. Silhouette and the other geometric metrics run on all points up to
   * {@code silhouetteExactMax}, else on a seeded sample of {@code silhouetteSample}. Table metrics get bootstrap
   * intervals from {@code resamples} resamples (0: none), geometric metrics from {@code geometricResamples}, both at
   * {@code confidence}. A class "spreads over" the clusters holding at least {@code classMinShare} of it. {@code dbcv}
   * is {@code auto} (for hdbscan and dbscan only), {@code true} or {@code false}.
   */
  public record EvaluateConfig(int silhouetteExactMax, int silhouetteSample, long seed, int resamples,
      double confidence, int geometricResamples, double classMinShare, String dbcv) {
    public static final List<String> DBCV_CHOICES = List.of("auto", "true", "false");
    /** The algorithms {@code dbcv: auto} computes DBCV for: those that mark noise by density. */
    public static final List<String> DENSITY_ALGORITHMS = List.of("hdbscan", "dbscan");

    public EvaluateConfig {
      if (resamples < 0 || resamples == 1) {
        throw new ConfigException("'evaluate.resamples' = " + resamples + " must be 0 (no intervals) or at least 2");
      }
      if (geometricResamples < 0 || geometricResamples == 1) {
        throw new ConfigException("'evaluate.geometric_resamples' = " + geometricResamples
            + " must be 0 (no intervals) or at least 2");
      }
      if (!(confidence > 0 && confidence < 1)) {
        throw new ConfigException("'evaluate.confidence' = " + confidence + " must be in (0, 1)");
      }
      if (!(classMinShare > 0 && classMinShare <= 1)) {
        throw new ConfigException("'evaluate.class_min_share' = " + classMinShare + " must be in (0, 1]");
      }
      if (!DBCV_CHOICES.contains(dbcv)) {
        throw new ConfigException("'evaluate.dbcv' = '" + dbcv + "' is not one of " + DBCV_CHOICES);
      }
    }

    /** The sampling settings with every other setting at its default. */
    public EvaluateConfig(int silhouetteExactMax, int silhouetteSample, long seed) {
      this(silhouetteExactMax, silhouetteSample, seed, 1000, 0.95, 200, 0.1, "auto");
    }

    /** Whether to compute DBCV for a clustering by {@code algorithm} (null: unknown, so only when forced). */
    public boolean dbcvFor(String algorithm) {
      if (dbcv.equals("auto")) return algorithm != null && DENSITY_ALGORITHMS.contains(algorithm);
      return dbcv.equals("true");
    }
  }

  /**
   * The label audit. {@code labelSource} picks the labels the run is scored and audited against: {@code given} (the
   * input's labels) or another source of the {@code labels} table, e.g. {@code injected:NAME} written by
   * {@code labelatlas inject-noise}. Suspects need {@code neighbours} nearest neighbours and blend the cluster's
   * label shares with the neighbours' by {@code clusterWeight}; sub-classes are clusters holding at least
   * {@code subclassMinMembers} and {@code subclassMinShare} of a class at purity {@code subclassMinPurity} or more.
   * Cluster stability re-clusters {@code stabilityRounds} half-samples of a {@code stabilitySample}-point sample
   * (0 rounds: off). The probe of confident learning ({@code probe}) is a logistic regression trained
   * {@code probeFolds} times out of fold, with L2 weight {@code probeRegularization}.
   */
  public record AuditConfig(boolean enabled, String labelSource, int neighbours, double clusterWeight,
      List<Integer> ks, int maxSuspects, int subclassMinMembers, double subclassMinShare, double subclassMinPurity,
      int stabilityRounds, int stabilitySample, boolean probe, int probeFolds, double probeRegularization) {}

  /** Delta tables live under {@code tables}, one folder per table. */
  public record OutputConfig(String tables, boolean writeEmbeddings) {}

  /** Spark settings for sessions this job starts itself; ignored where spark-submit already set them. */
  public record SparkConfig(String master, int partitions, Map<String, String> settings) {}

  private static EmbedConfig embed(ConfigSection em) {
    List<String> backbones = em.stringList("backbone", List.of("hog"));
    for (String name : backbones) {
      if (!BACKBONES.contains(name)) {
        throw new ConfigException("'" + em.key("backbone") + "' = '" + name + "' is not one of " + BACKBONES);
      }
    }
    if (backbones.isEmpty() || new java.util.HashSet<>(backbones).size() != backbones.size()) {
      throw new ConfigException("'" + em.key("backbone") + "' = " + backbones + ": name one backbone, or several "
          + "different ones to fuse");
    }
    List<String> deepOnes = backbones.stream().filter(DEEP_BACKBONES::contains).toList();
    if (deepOnes.size() > 1) {
      throw new ConfigException("'" + em.key("backbone") + "' fuses " + deepOnes + ": at most one deep backbone per "
          + "job (the embed section holds one model_path); fuse it with hog, box_size or box_geometry");
    }
    boolean deep = !deepOnes.isEmpty();
    String backbone = deep ? deepOnes.get(0) : String.join("+", backbones);
    String modelPath = em.string("model_path", null);
    List<String> layers = em.stringList("layers", List.of());
    int standardDimension = !layers.isEmpty() ? 0 : switch (backbone) {
      case "resnet50" -> 2048;
      case "vit_b16" -> 768;
      default -> 0;
    };
    int dimension = em.integer("dimension", standardDimension, 0, 1_000_000);
    EmbedConfig embed = new EmbedConfig(
        backbones,
        em.integer("batch_size", 32, 1, 4096),
        modelPath,
        dimension,
        em.choice("preprocess", "resize", List.of("resize", "center_crop")),
        em.integer("input_size", 224, 16, 1024),
        em.choice("device", "auto", List.of("auto", "cpu", "gpu")),
        em.integer("threads", 0, 0, 1024),
        em.string("cache_dir", null),
        layers,
        em.choice("pooling", "mean_std", List.of("mean", "mean_std", "gem")));
    if (!deep && !layers.isEmpty()) {
      throw new ConfigException("'" + em.key("layers") + "' is set, but backbone '" + backbone
          + "' has no layers to tap (deep backbones: " + DEEP_BACKBONES + ")");
    }
    if (layers.isEmpty() && em.has("pooling")) {
      throw new ConfigException("'" + em.key("pooling") + "' is set, but '" + em.key("layers")
          + "' is empty: pooling applies to the layers named there (docs/models.md)");
    }
    if (new java.util.HashSet<>(layers).size() != layers.size()) {
      throw new ConfigException("'" + em.key("layers") + "' names a layer twice: " + layers);
    }
    if (deep && (modelPath == null || modelPath.isBlank())) {
      throw new ConfigException("missing required setting '" + em.key("model_path") + "' for backbone '" + backbone
          + "' (a TorchScript file, local or s3a://; docs/models.md shows how to export one)");
    }
    if (deep && dimension == 0 && layers.isEmpty()) {
      throw new ConfigException("missing required setting '" + em.key("dimension") + "' for backbone '" + backbone
          + "' (the length of the vectors the model returns, e.g. 1280 for MobileNetV2 features)");
    }
    if (!deep && modelPath != null) {
      throw new ConfigException("'" + em.key("model_path") + "' is set, but backbone '" + backbone
          + "' uses no model file (deep backbones: " + DEEP_BACKBONES + ")");
    }
    if (!deep && dimension != 0) {
      throw new ConfigException("'" + em.key("dimension") + "' is set, but backbone '" + backbone
          + "' has a fixed dimension (deep backbones: " + DEEP_BACKBONES + ")");
    }
    return embed;
  }

  // Each section lists its keys with defaults and ranges (as ClusterSection does); the repeated shape is that list.
  static JobConfig from(ConfigSection root) {
    String name = root.string("name", "job");
    if (!name.matches("[A-Za-z0-9_.-]+")) {
      throw new ConfigException("'name' = '" + name + "' may hold only letters, digits, '.', '_' and '-'");
    }

    ConfigSection in = root.section("input");
    String kind = in.choice("kind", null, INPUT_KINDS);
    if (kind == null) throw new ConfigException("missing required setting 'input.kind' (one of " + INPUT_KINDS + ")");
    InputConfig input = new InputConfig(
        kind,
        in.requiredString("path"),
        in.choice("split", "test", List.of("test", "trainval")),
        in.bool("include_good", false),
        in.string("images", null),
        in.string("annotations", null),
        in.integer("limit", 0, 0, Integer.MAX_VALUE),
        in.longValue("max_image_bytes", 256L << 20, 1, Long.MAX_VALUE),
        in.integer("images_per_class", 60, 1, 100_000),
        in.decimal("label_noise", 0.05, 0.0, 0.5),
        in.longValue("seed", 7, Long.MIN_VALUE, Long.MAX_VALUE));
    in.finish();

    ConfigSection cr = root.section("crop");
    CropConfig crop = new CropConfig(
        cr.integer("margin", 10, 0, 64),
        cr.integer("min_size", 32, 1, 4096),
        cr.decimal("gamma", 1.0, 0.9, 1.2),
        cr.integer("size", 224, 16, 1024),
        cr.choice("resize", "stretch", List.of("stretch", "letterbox", "fixed_scale")),
        cr.integer("window", 128, 8, 4096));
    if (cr.has("window") && !crop.resize().equals("fixed_scale")) {
      throw new ConfigException("'crop.window' is set, but crop.resize is '" + crop.resize() + "': the window is the "
          + "source-pixel square of crop.resize: fixed_scale");
    }
    cr.finish();
    if (crop.minSize() > crop.size() * 16) {
      throw new ConfigException("'crop.min_size' = " + crop.minSize() + " is larger than 16 x crop.size");
    }

    ConfigSection em = root.section("embed");
    EmbedConfig embed = embed(em);
    em.finish();

    ConfigSection re = root.section("reduce");
    ReduceConfig reduce = new ReduceConfig(
        re.integer("dimension", 50, 1, 1000),
        re.integer("oversample", 10, 0, 500),
        re.integer("power_iterations", 2, 0, 20),
        re.longValue("seed", 11, Long.MIN_VALUE, Long.MAX_VALUE));
    re.finish();

    ClusterConfig cluster = ClusterSection.parse(root.section("cluster"));

    ConfigSection ev = root.section("evaluate");
    EvaluateConfig evaluate = new EvaluateConfig(
        ev.integer("silhouette_exact_max", 10_000, 0, 200_000),
        ev.integer("silhouette_sample", 5_000, 2, 200_000),
        ev.longValue("seed", 3, Long.MIN_VALUE, Long.MAX_VALUE),
        ev.integer("resamples", 1000, 0, 1_000_000),
        ev.decimal("confidence", 0.95, 0.5, 0.999),
        ev.integer("geometric_resamples", 200, 0, 100_000),
        ev.decimal("class_min_share", 0.1, 1e-6, 1.0),
        ev.choice("dbcv", "auto", EvaluateConfig.DBCV_CHOICES));
    ev.finish();

    ConfigSection au = root.section("audit");
    List<String> ks = au.stringList("ks", List.of("10", "25", "50", "100", "200"));
    for (String k : ks) {
      if (!k.matches("[1-9][0-9]{0,6}")) {
        throw new ConfigException("'audit.ks' = " + ks + ": every k must be a positive whole number");
      }
    }
    AuditConfig audit = new AuditConfig(
        au.bool("enabled", true),
        au.string("label_source", "given"),
        au.integer("neighbours", 10, 1, 1000),
        au.decimal("cluster_weight", 0.5, 0.0, 1.0),
        ks.stream().map(Integer::valueOf).sorted().distinct().toList(),
        au.integer("max_suspects", 10_000, 0, 10_000_000),
        au.integer("subclass_min_members", 10, 1, 1_000_000),
        au.decimal("subclass_min_share", 0.10, 0.0, 1.0),
        au.decimal("subclass_min_purity", 0.8, 0.0, 1.0),
        au.integer("stability_rounds", 0, 0, 1000),
        au.integer("stability_sample", 2000, 10, 1_000_000),
        au.bool("probe", true),
        au.integer("probe_folds", 5, 2, 100),
        au.decimal("probe_regularization", 1e-3, 0.0, 1e6));
    if (audit.labelSource().isBlank()) throw new ConfigException("'audit.label_source' is empty: use given");
    au.finish();

    ConfigSection out = root.section("output");
    OutputConfig output = new OutputConfig(out.string("tables", "out/tables"), out.bool("write_embeddings", true));
    out.finish();

    ConfigSection sp = root.section("spark");
    SparkConfig spark = new SparkConfig(
        sp.string("master", "local[*]"),
        sp.integer("partitions", 8, 1, 100_000),
        sp.stringMap("conf"));
    sp.finish();

    root.finish();
    return new JobConfig(name, input, crop, embed, reduce, cluster, evaluate, audit, output, spark);
  }
}
