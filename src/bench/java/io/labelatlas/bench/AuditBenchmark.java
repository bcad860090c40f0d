package io.labelatlas.bench;

import static org.apache.spark.sql.functions.col;

import io.labelatlas.audit.AuditSettings;
import io.labelatlas.audit.LabelNoise;
import io.labelatlas.audit.LabelQualityStage;
import io.labelatlas.audit.OutOfFoldProbe;
import io.labelatlas.audit.SuspectQuality;
import io.labelatlas.audit.SuspectStage;
import io.labelatlas.cluster.hdbscan.partitioned.ApproximateNeighbours;
import io.labelatlas.reduce.RandomizedPca;
import io.labelatlas.reduce.SparkRowPasses;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.collection.mutable.ArraySeq;

/**
 * The label-audit benchmark over noise models, fractions and seeds, on the tables of one job run with the given
 * labels: the crops' embeddings (PCA to {@code --dimension} with the product's RandomizedPca), one clustering from
 * {@code assignments}, and the given labels as the clean truth. For each noise model, fraction and seed it flips labels
 * (uniform: {@link LabelNoise}; confusion: the same crops, each moved to another class drawn from the row of the clean
 * labels' out-of-fold confusion matrix, i.e. into the classes the data itself confuses), then runs the product's
 * audit (the out-of-fold probe, {@link SuspectStage}, {@link SuspectQuality}, {@link LabelQualityStage}) and writes one
 * CSV row per ranking method, class and measure, plus the estimated share of wrong labels against the injected one.
 * Nothing here is tuned on the truth: the truth only scores.
 *
 * <pre>AuditBenchmark --tables DIR --tag NAME --out FILE.csv [--algorithm kmeans] [--dimension 50]
 *   [--fractions 0.05,0.1,0.2] [--models uniform,confusion] [--seeds 1,2,3,4,5]</pre>
 */
public final class AuditBenchmark {
  private AuditBenchmark() {}

  public static void main(String[] args) throws IOException {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    String tables = required(options, "tables");
    String tag = required(options, "tag");
    Path out = Path.of(required(options, "out"));
    String algorithm = options.getOrDefault("algorithm", "kmeans");
    int dimension = Integer.parseInt(options.getOrDefault("dimension", "50"));
    double[] fractions = parse(options.getOrDefault("fractions", "0.05,0.1,0.2"));
    String[] models = options.getOrDefault("models", "uniform,confusion").split(",");
    double[] seeds = parse(options.getOrDefault("seeds", "1,2,3,4,5"));

    SparkSession spark = SparkSession.builder().master("local[2]").appName("bench-audit")
        .config("spark.sql.shuffle.partitions", "4").config("spark.ui.enabled", "false")
        .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
        .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
        .getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    spark.sparkContext().setCheckpointDir(Files.createTempDirectory("bench-audit").toString());

    Dataset<Row> labels = spark.read().format("delta").load(tables + "/labels").filter("source = 'given'")
        .filter(col("label").isNotNull()).select("crop_id", "label").distinct().cache();
    String runId = spark.read().format("delta").load(tables + "/assignments").filter(col("algorithm")
        .equalTo(algorithm)).select("run_id").distinct().orderBy(col("run_id")).collectAsList().get(0).getString(0);
    Dataset<Row> assigned = spark.read().format("delta").load(tables + "/assignments")
        .filter(col("algorithm").equalTo(algorithm).and(col("run_id").equalTo(runId))).select("crop_id", "cluster")
        .cache();
    Dataset<Row> features = features(spark, tables, labels, dimension);
    long seedBase = 3;
    AuditSettings settings = new AuditSettings(10, AuditSettings.DEFAULT_CLUSTER_WEIGHT, List.of(10, 50, 100),
        100, seedBase);
    Dataset<Row> neighbours = ApproximateNeighbours.find(features, ApproximateNeighbours.Settings.defaults(10,
        seedBase));
    OutOfFoldProbe.Settings probeSettings = new OutOfFoldProbe.Settings(5, 1e-3, 100, seedBase);

    Map<String, String> clean = new HashMap<>();
    for (Row row : labels.collectAsList()) clean.put(row.getString(0), row.getString(1));
    List<String> classes = LabelNoise.classes(clean.values());
    double[][] confusion = confusion(OutOfFoldProbe.fit(features, labels, probeSettings, line -> {}), clean, classes);
    System.out.printf(Locale.ROOT, "%s: %d labelled crops, %d classes, clustering %s of run %s%n", tag,
        clean.size(), classes.size(), algorithm, runId);

    boolean header = !Files.exists(out);
    try (PrintWriter csv = new PrintWriter(Files.newBufferedWriter(out, java.nio.file.StandardOpenOption.CREATE,
        java.nio.file.StandardOpenOption.APPEND))) {
      if (header) csv.println("tag,model,fraction,seed,method,class,measure,k,value");
      for (String model : models) {
        for (double fraction : fractions) {
          for (double seedValue : seeds) {
            long seed = (long) seedValue;
            long start = System.nanoTime();
            List<Row> noisy = new ArrayList<>();
            List<Row> truth = new ArrayList<>();
            long flipped = 0;
            for (LabelNoise.Injected injected : new LabelNoise(fraction, seed).inject(clean)) {
              String label = injected.injectedLabel();
              if (injected.flipped() && model.equals("confusion")) {
                label = confusedLabel(injected.cropId(), injected.originalLabel(), classes, confusion, seed);
              }
              noisy.add(RowFactory.create(injected.cropId(), label));
              truth.add(RowFactory.create(injected.cropId(), injected.flipped()));
              flipped += injected.flipped() ? 1 : 0;
            }
            Dataset<Row> noisyLabels = spark.createDataFrame(noisy, new StructType()
                .add("crop_id", DataTypes.StringType).add("label", DataTypes.StringType));
            Dataset<Row> truthFrame = spark.createDataFrame(truth, new StructType()
                .add("crop_id", DataTypes.StringType).add("flipped", DataTypes.BooleanType));
            OutOfFoldProbe.Result probe = OutOfFoldProbe.fit(features, noisyLabels, probeSettings, line -> {});
            SuspectStage.Scored scored = SuspectStage.score(features, assigned, noisyLabels, neighbours, probe,
                settings);
            String prefix = String.join(",", tag, model, Double.toString(fraction), Long.toString(seed));
            for (Row row : SuspectQuality.of(scored.rows(), truthFrame, settings).collectAsList()) {
              csv.println(String.join(",", prefix, row.getString(0), row.getString(1), row.getString(2),
                  row.isNullAt(3) ? "" : Integer.toString(row.getInt(3)),
                  row.isNullAt(4) ? "" : Double.toString(row.getDouble(4))));
            }
            if (scored.joint() == null) {
              throw new IllegalStateException(tag + ": the probe did not run: " + probe.note());
            }
            double estimate = scored.joint().overallNoiseRate();
            csv.println(String.join(",", prefix, "confident_learning", "*", "wrong_share_estimate", "",
                Double.toString(estimate)));
            csv.println(String.join(",", prefix, "truth", "*", "wrong_share", "",
                Double.toString(flipped / (double) clean.size())));
            csv.flush();
            probe.probabilities().unpersist();
            scored.rows().unpersist();
            System.out.printf(Locale.ROOT, "%s %s f=%.2f seed=%d: %d flipped, estimated share %.3f, %.0fs%n", tag,
                model, fraction, seed, flipped, estimate, (System.nanoTime() - start) / 1e9);
          }
        }
      }
    }
    spark.stop();
  }

  /** PCA of the run's embeddings of the labelled crops, as the job's reduce step does it. */
  private static Dataset<Row> features(SparkSession spark, String tables, Dataset<Row> labels, int dimension) {
    JavaRDD<Row> rows = spark.read().format("delta").load(tables + "/embeddings")
        .join(labels.select("crop_id"), "crop_id").select("crop_id", "vector").javaRDD().cache();
    JavaRDD<float[]> vectors = rows.map(row -> floats(row.get(1)));
    int width = vectors.first().length;
    RandomizedPca.Model model = RandomizedPca.fit(new SparkRowPasses(vectors, width), width, dimension, 10, 2, 42);
    Broadcast<RandomizedPca.Model> shared = JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(model);
    JavaRDD<Row> projected = rows.map(row -> RowFactory.create(row.getString(0),
        Vectors.dense(shared.value().project(floats(row.get(1))))));
    Dataset<Row> features = spark.createDataFrame(projected, new StructType()
        .add("crop_id", DataTypes.StringType, false).add("features", new VectorUDT(), false)).cache();
    features.count();
    return features;
  }

  private static float[] floats(Object array) {
    List<?> values = array instanceof ArraySeq<?> seq ? scala.jdk.javaapi.CollectionConverters.asJava(seq)
        : (List<?>) array;
    float[] out = new float[values.size()];
    for (int i = 0; i < out.length; i++) out[i] = ((Number) values.get(i)).floatValue();
    return out;
  }

  /** Row-normalised off-diagonal out-of-fold confusions of the clean labels (uniform where a row has none). */
  private static double[][] confusion(OutOfFoldProbe.Result probe, Map<String, String> clean, List<String> classes) {
    int k = classes.size();
    double[][] counts = new double[k][k];
    for (Row row : probe.probabilities().collectAsList()) {
      List<Double> p = row.getList(2);
      int predicted = 0;
      for (int j = 1; j < p.size(); j++) if (p.get(j) > p.get(predicted)) predicted = j;
      int given = classes.indexOf(row.getString(1));
      int target = classes.indexOf(probe.classes()[predicted]);
      if (given != target) counts[given][target]++;
    }
    for (int i = 0; i < k; i++) {
      double total = 0;
      for (int j = 0; j < k; j++) total += counts[i][j];
      for (int j = 0; j < k; j++) counts[i][j] = total > 0 ? counts[i][j] / total : (i == j ? 0 : 1.0 / (k - 1));
    }
    return counts;
  }

  private static String confusedLabel(String cropId, String original, List<String> classes, double[][] confusion,
      long seed) {
    int i = classes.indexOf(original);
    double u = new SplittableRandom(seed * 0x9E3779B97F4A7C15L ^ cropId.hashCode()).nextDouble();
    double cumulative = 0;
    for (int j = 0; j < classes.size(); j++) {
      cumulative += confusion[i][j];
      if (j != i && u < cumulative) return classes.get(j);
    }
    for (int j = classes.size() - 1; j >= 0; j--) if (j != i && confusion[i][j] > 0) return classes.get(j);
    return classes.get((i + 1) % classes.size());
  }

  private static String required(Map<String, String> options, String name) {
    String value = options.get(name);
    if (value == null) throw new IllegalArgumentException("AuditBenchmark needs --" + name);
    return value;
  }

  private static double[] parse(String list) {
    return java.util.Arrays.stream(list.split(",")).mapToDouble(Double::parseDouble).toArray();
  }
}
