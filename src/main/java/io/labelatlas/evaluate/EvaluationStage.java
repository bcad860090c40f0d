package io.labelatlas.evaluate;

import io.labelatlas.config.JobConfig.EvaluateConfig;
import io.labelatlas.evaluate.ClusterDiagnostics.ClassSpread;
import io.labelatlas.evaluate.ClusterDiagnostics.ClusterProfile;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * Scores one clustering against the given labels: the {@link MetricReport} with bootstrap intervals, the
 * contingency cells, a profile per cluster and the spread of each class (the {@code metrics}, {@code contingency},
 * {@code clusters} and {@code classes} tables). Spark aggregates the counts, so only a row per (label, cluster) pair
 * and per cluster reaches the driver, plus a bounded sample of points for the geometric metrics: all points up to
 * {@code evaluate.silhouette_exact_max}, a seeded sample of {@code evaluate.silhouette_sample} above that. The
 * bootstrap runs on the driver and can take minutes on a large table; it reports its progress as the job's other long
 * stages do.
 */
public final class EvaluationStage {
  /** How often a running bootstrap prints a {@code "  [evaluate] ..."} line, as {@code ProgressMeter} does. */
  static final long PROGRESS_PERIOD_MILLIS = 5000;

  private EvaluationStage() {}

  /**
   * One row of the {@code metrics} table.
   *
   * @param interval bootstrap intervals, standard error and bias; null where the metric is not bootstrapped
   */
  public record Metric(String name, double value, String detail, BootstrapInterval interval,
      ReportedInterval reported) {
    public Metric(String name, double value, String detail) {
      this(name, value, detail, null, null);
    }
  }

  public record Cell(String label, int cluster, long count) {}

  /**
   * One cluster for the {@code clusters} table: its size over all points and, over its labelled points, the
   * majority label, its count, the purity and the entropy of the label mix (nulls where no point is labelled).
   * Noise is the cluster -1.
   */
  public record ClusterSummary(int cluster, long size, long labelled, String majorityLabel, long majorityCount,
      Double purity, Double entropy) {}

  /**
   * @param metrics the {@link MetricReport} values, geometric ones included, in report order
   * @param contingency the non-zero (label, cluster) counts, noise as cluster -1
   * @param clusters every cluster, ascending id
   * @param classes the spread of each label over the clusters (noise included as -1), in label order
   */
  public record Evaluation(List<Metric> metrics, List<Cell> contingency, List<ClusterSummary> clusters,
      List<ClassSpread> classes) {
    public Evaluation(List<Metric> metrics, List<Cell> contingency) {
      this(metrics, contingency, List.of(), List.of());
    }
  }

  /** As {@link #evaluate(Dataset, Dataset, Dataset, EvaluateConfig, String)} for an unnamed algorithm. */
  public static Evaluation evaluate(Dataset<Row> assigned, Dataset<Row> labels, Dataset<Row> features,
      EvaluateConfig config) {
    return evaluate(assigned, labels, features, config, null);
  }

  /**
   * As {@link #evaluate(Dataset, Dataset, Dataset, EvaluateConfig, String, BootstrapProgress)}, printing the
   * bootstrap's progress to standard output with the prefix {@code "  [evaluate] "}.
   */
  public static Evaluation evaluate(Dataset<Row> assigned, Dataset<Row> labels, Dataset<Row> features,
      EvaluateConfig config, String algorithm) {
    return evaluate(assigned, labels, features, config, algorithm,
        BootstrapProgress.printing(System.out, "evaluate", PROGRESS_PERIOD_MILLIS));
  }

  /**
   * @param assigned {@code crop_id, cluster}
   * @param labels {@code crop_id, label} (label may be null: unlabelled crops count for the geometric metrics only)
   * @param features {@code crop_id, features}
   * @param algorithm the clustering's algorithm; {@code evaluate.dbcv: auto} computes DBCV for hdbscan and dbscan
   * @param progress where the bootstrap reports its finished resamples
   */
  public static Evaluation evaluate(Dataset<Row> assigned, Dataset<Row> labels, Dataset<Row> features,
      EvaluateConfig config, String algorithm, BootstrapProgress progress) {
    TreeMap<Integer, Long> sizes = new TreeMap<>();
    for (Row row : assigned.groupBy("cluster").count().collectAsList()) sizes.put(row.getInt(0), row.getLong(1));
    long points = 0;
    long noise = 0;
    for (Map.Entry<Integer, Long> size : sizes.entrySet()) {
      points += size.getValue();
      if (size.getKey() < 0) noise += size.getValue();
    }
    long clusters = sizes.keySet().stream().filter(c -> c >= 0).count();

    List<Row> counts = assigned.join(labels, "crop_id")
        .filter(functions.col("label").isNotNull())
        .groupBy("label", "cluster").count()
        .collectAsList();
    List<Cell> cells = new ArrayList<>();
    ContingencyTable.Builder builder = ContingencyTable.builder();
    for (Row row : counts) {
      Cell cell = new Cell(row.getString(0), row.getInt(1), row.getLong(2));
      cells.add(cell);
      builder.add(cell.label(), cell.cluster(), cell.count());
    }
    ContingencyTable table = builder.build();

    MetricReport.Options options = new MetricReport.Options(config.resamples(), config.confidence(), config.seed(),
        config.geometricResamples(), config.dbcvFor(algorithm),
        MetricReport.Options.DEFAULT_GEOMETRIC_BOOTSTRAP_MAX_POINTS, true);
    List<Metric> metrics = new ArrayList<>();
    for (MetricReport.MetricValue value : MetricReport.compute(table,
        new MetricReport.Population(points, noise, clusters), sample(assigned, features, config), options,
        progress)) {
      metrics.add(new Metric(value.name(), value.value(), value.detail(), value.interval(), value.reported()));
    }
    boolean labelled = table.n() > 0;
    return new Evaluation(metrics, cells, clusterSummaries(sizes, labelled ? table : null),
        labelled ? ClusterDiagnostics.classSpread(table, config.classMinShare()) : List.of());
  }

  private static List<ClusterSummary> clusterSummaries(TreeMap<Integer, Long> sizes, ContingencyTable table) {
    Map<Long, ClusterProfile> profiles = new HashMap<>();
    if (table != null) for (ClusterProfile p : ClusterDiagnostics.profiles(table)) profiles.put(p.cluster(), p);
    List<ClusterSummary> summaries = new ArrayList<>(sizes.size());
    for (Map.Entry<Integer, Long> size : sizes.entrySet()) {
      ClusterProfile p = profiles.get((long) size.getKey());
      summaries.add(p == null ? new ClusterSummary(size.getKey(), size.getValue(), 0, null, 0, null, null)
          : new ClusterSummary(size.getKey(), size.getValue(), p.size(), p.majorityLabel(), p.majorityCount(),
              p.purity(), p.entropy()));
    }
    return summaries;
  }

  /** The points the geometric metrics see: all up to {@code silhouette_exact_max}, else a seeded sample. */
  private static MetricReport.PointSample sample(Dataset<Row> assigned, Dataset<Row> features,
      EvaluateConfig config) {
    Dataset<Row> points = features.join(assigned.select("crop_id", "cluster"), "crop_id");
    long n = points.count();
    String description;
    if (n <= config.silhouetteExactMax()) {
      description = "exact, n=" + n;
    } else {
      double fraction = Math.min(1.0, 1.2 * config.silhouetteSample() / (double) n);
      points = points.sample(false, fraction, config.seed()).orderBy("crop_id").limit(config.silhouetteSample());
      description = null;
    }
    List<Row> rows = points.select("features", "cluster").collectAsList();
    if (description == null) {
      description = String.format(Locale.ROOT, "sampled n=%d of %d, seed=%d", rows.size(), n, config.seed());
    }
    double[][] x = new double[rows.size()][];
    int[] clusters = new int[rows.size()];
    for (int i = 0; i < rows.size(); i++) {
      x[i] = ((Vector) rows.get(i).get(0)).toArray();
      clusters[i] = rows.get(i).getInt(1);
    }
    return new MetricReport.PointSample(x, clusters, description);
  }
}
