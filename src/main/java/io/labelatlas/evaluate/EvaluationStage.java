package io.labelatlas.evaluate;

import io.labelatlas.config.JobConfig.EvaluateConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * Scores one clustering against the given labels. The label/cluster counts are aggregated by Spark, so only the
 * contingency table (classes x clusters) reaches the driver; silhouette is exact up to
 * {@code evaluate.silhouette_exact_max} points and computed on a seeded sample above that.
 */
public final class EvaluationStage {
  private EvaluationStage() {}

  public record Metric(String name, double value, String detail) {}

  public record Cell(String label, int cluster, long count) {}

  public record Evaluation(List<Metric> metrics, List<Cell> contingency) {}

  /**
   * @param assigned {@code crop_id, cluster}
   * @param labels {@code crop_id, label} (label may be null: unlabelled crops count for silhouette only)
   * @param features {@code crop_id, features}
   */
  public static Evaluation evaluate(Dataset<Row> assigned, Dataset<Row> labels, Dataset<Row> features,
      EvaluateConfig config) {
    List<Metric> metrics = new ArrayList<>();
    Row sizes = assigned.agg(functions.countDistinct(functions.when(functions.col("cluster").geq(0),
            functions.col("cluster"))), functions.count("*"),
        functions.sum(functions.when(functions.col("cluster").lt(0), 1).otherwise(0))).first();
    long total = sizes.getLong(1);
    long noise = sizes.isNullAt(2) ? 0 : sizes.getLong(2);
    metrics.add(new Metric("clusters", sizes.getLong(0), "clusters other than noise (-1)"));
    metrics.add(new Metric("noise_fraction", total == 0 ? 0 : noise / (double) total,
        "share of crops labelled noise (-1); label metrics count noise as one more cluster"));

    List<Row> counts = assigned.join(labels, "crop_id")
        .filter(functions.col("label").isNotNull())
        .groupBy("label", "cluster").count()
        .collectAsList();
    List<Cell> cells = new ArrayList<>();
    ContingencyTable.Builder table = ContingencyTable.builder();
    long labelled = 0;
    for (Row row : counts) {
      Cell cell = new Cell(row.getString(0), row.getInt(1), row.getLong(2));
      cells.add(cell);
      table.add(cell.label(), cell.cluster(), cell.count());
      labelled += cell.count();
    }
    metrics.add(new Metric("labelled", labelled, null));
    if (labelled > 0) {
      AgreementScores scores = AgreementMetrics.score(table.build());
      metrics.add(new Metric("purity", scores.purity(), null));
      metrics.add(new Metric("nmi", scores.nmi(), "arithmetic mean normalisation"));
      metrics.add(new Metric("ami", scores.ami(), "arithmetic mean normalisation"));
      metrics.add(new Metric("ari", scores.ari(), null));
      metrics.add(new Metric("homogeneity", scores.homogeneity(), null));
      metrics.add(new Metric("completeness", scores.completeness(), null));
      metrics.add(new Metric("v_measure", scores.vMeasure(), null));
    }
    metrics.add(silhouette(assigned, features, config));
    return new Evaluation(metrics, cells);
  }

  private static Metric silhouette(Dataset<Row> assigned, Dataset<Row> features, EvaluateConfig config) {
    Dataset<Row> points = features.join(assigned.select("crop_id", "cluster"), "crop_id");
    long n = points.count();
    String detail;
    if (n <= config.silhouetteExactMax()) {
      detail = "exact, n=" + n;
    } else {
      double fraction = Math.min(1.0, 1.2 * config.silhouetteSample() / (double) n);
      points = points.sample(false, fraction, config.seed()).orderBy("crop_id").limit(config.silhouetteSample());
      detail = null;
    }
    List<Row> rows = points.select("features", "cluster").collectAsList();
    if (detail == null) {
      detail = String.format(Locale.ROOT, "sampled n=%d of %d, seed=%d", rows.size(), n, config.seed());
    }
    double[][] x = new double[rows.size()][];
    int[] labels = new int[rows.size()];
    for (int i = 0; i < rows.size(); i++) {
      x[i] = ((Vector) rows.get(i).get(0)).toArray();
      labels[i] = rows.get(i).getInt(1);
    }
    long distinct = java.util.Arrays.stream(labels).distinct().count();
    if (distinct < 2 || distinct > x.length - 1) {
      return new Metric("silhouette", Double.NaN, "undefined for " + distinct + " clusters on " + x.length + " points");
    }
    return new Metric("silhouette", Silhouette.score(x, labels), detail);
  }
}
