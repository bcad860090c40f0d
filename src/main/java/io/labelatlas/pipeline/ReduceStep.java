package io.labelatlas.pipeline;

import io.labelatlas.config.JobConfig;
import io.labelatlas.embed.EmbeddingPart;
import io.labelatlas.reduce.PartScaling;
import io.labelatlas.reduce.RandomizedPca;
import io.labelatlas.reduce.SparkRowPasses;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * The reduce step: fits {@link RandomizedPca} on the embeddings (each part standardised first when they have several,
 * see {@link PartScaling}) and projects every crop onto its components. When fewer
 * components than {@code reduce.dimension} survive (fewer crops than that, narrower vectors, or data of lower rank),
 * the {@code metrics} table and the run summary say so and why.
 */
final class ReduceStep {
  /** @param features {@code crop_id, features}, persisted; @param metricRows this step's {@code metrics} rows */
  record Reduced(Dataset<Row> features, int dimension, List<Row> metricRows) {}

  private final SparkSession spark;
  private final JobConfig config;
  private final PrintStream out;
  private final RunReport report;
  private final RunResources resources;

  ReduceStep(SparkSession spark, JobConfig config, PrintStream out, RunReport report, RunResources resources) {
    this.spark = spark;
    this.config = config;
    this.out = out;
    this.report = report;
    this.resources = resources;
  }

  /** @param parts the named parts of the vectors (layers, backbones): with more than one, each is standardised */
  Reduced reduce(JavaPairRDD<String, float[]> embedded, List<EmbeddingPart> parts, String runId) {
    JavaPairRDD<String, float[]> vectors = parts.size() > 1 ? standardised(embedded, parts) : embedded;
    JavaRDD<float[]> rows = vectors.values();
    int width = rows.first().length;
    JobConfig.ReduceConfig settings = config.reduce();
    RandomizedPca.Model model = RandomizedPca.fit(new SparkRowPasses(rows, width), width, settings.dimension(),
        settings.oversample(), settings.powerIterations(), settings.seed(),
        message -> out.println("  [reduce] " + message));
    double explained = 0;
    for (double r : model.explainedVarianceRatio()) explained += r;
    out.println(String.format(Locale.ROOT, "reduce: %d-d -> %d-d, explained variance %.1f%%", width,
        model.dimension(), 100 * explained));
    report.count("pca_dimension", model.dimension());
    String shortfall = shortfall(settings.dimension(), model.dimension(), width, model.count());
    if (shortfall != null) {
      out.println("reduce: " + shortfall);
      report.count("pca_components_dropped", settings.dimension() - model.dimension());
      report.note("reduce: " + shortfall);
    }

    Broadcast<RandomizedPca.Model> broadcast =
        resources.releaseAtEnd(JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(model));
    JavaRDD<Row> projected = vectors.map(pair ->
        RowFactory.create(pair._1(), Vectors.dense(broadcast.value().project(pair._2()))));
    StructType schema = new StructType()
        .add("crop_id", DataTypes.StringType, false).add("features", new VectorUDT(), false);
    // Hash partitioning and order by crop id (not range partitioning, whose bounds come from a sample of the input
    // layout) make the seeded clusterings independent of which vectors came from the cache: same inputs, same clusters.
    Dataset<Row> features = resources.persist(spark.createDataFrame(projected, schema)
        .repartition(config.spark().partitions(), functions.col("crop_id"))
        .sortWithinPartitions("crop_id"));
    features.count();
    List<Row> metrics = metricRows(runId, model, width, settings.dimension());
    if (parts.size() > 1) {
      metrics.add(MetricRows.of(runId, "pca", "standardised_parts", parts.size(), describe(parts)));
    }
    return new Reduced(features, model.dimension(), metrics);
  }

  /** Every part's columns standardised and each part weighted equally ({@link PartScaling}): one more pass. */
  private JavaPairRDD<String, float[]> standardised(JavaPairRDD<String, float[]> vectors, List<EmbeddingPart> parts) {
    int[] widths = parts.stream().mapToInt(EmbeddingPart::width).toArray();
    int width = java.util.Arrays.stream(widths).sum();
    PartScaling scaling = PartScaling.fit(new SparkRowPasses(vectors.values(), width).moments(), widths);
    out.println("reduce: " + parts.size() + " parts standardised and weighted equally: " + describe(parts));
    Broadcast<PartScaling> broadcast =
        resources.releaseAtEnd(JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(scaling));
    return resources.held(vectors.mapValues(row -> broadcast.value().apply(row))
        .persist(StorageLevel.MEMORY_AND_DISK()));
  }

  private static String describe(List<EmbeddingPart> parts) {
    StringBuilder text = new StringBuilder();
    for (EmbeddingPart part : parts) {
      text.append(text.length() == 0 ? "" : ", ").append(part.name()).append(" (").append(part.width()).append(")");
    }
    return text.toString();
  }

  /** The {@code metrics} rows of a fitted PCA: explained variance in all and per component, and any shortfall. */
  static List<Row> metricRows(String runId, RandomizedPca.Model model, int width, int requested) {
    double[] ratio = model.explainedVarianceRatio();
    double explained = 0;
    for (double r : ratio) explained += r;
    List<Row> rows = new ArrayList<>();
    rows.add(MetricRows.of(runId, "pca", "explained_variance_ratio", explained,
        "input_dim=" + width + " output_dim=" + model.dimension()));
    for (int i = 0; i < ratio.length; i++) {
      rows.add(MetricRows.of(runId, "pca", String.format(Locale.ROOT, "explained_variance_ratio_pc%03d", i + 1),
          ratio[i], null));
    }
    String shortfall = shortfall(requested, model.dimension(), width, model.count());
    if (shortfall != null) {
      rows.add(MetricRows.of(runId, "pca", "components_dropped", requested - model.dimension(), shortfall));
    }
    return rows;
  }

  /** Why fewer than {@code requested} components survived, or null when all did. */
  static String shortfall(int requested, int kept, int width, long rows) {
    if (kept >= requested) return null;
    String why;
    if (rows - 1 < requested) {
      why = "only " + rows + " crops, and n crops span at most n - 1 components";
    } else if (width < requested) {
      why = "the embeddings are only " + width + "-dimensional";
    } else {
      why = "the embeddings vary along only " + kept + " numerically independent directions";
    }
    return String.format(Locale.ROOT, "reduce.dimension = %d requested, %d components kept (%d dropped): %s",
        requested, kept, requested - kept, why);
  }
}
