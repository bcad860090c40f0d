package io.labelatlas.bench;

import static org.apache.spark.sql.functions.col;

import io.labelatlas.cluster.ClusterStage;
import io.labelatlas.cluster.ward.Ward;
import io.labelatlas.config.JobConfig;
import io.labelatlas.config.JobConfigLoader;
import io.labelatlas.evaluate.AgreementMetrics;
import io.labelatlas.evaluate.ContingencyTable;
import io.labelatlas.reduce.PartScaling;
import io.labelatlas.reduce.RandomizedPca;
import io.labelatlas.reduce.SparkRowPasses;
import io.labelatlas.store.VectorColumns;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.Tuple2;

/**
 * Which embedding separates the defect classes: on the tables of a job run that embedded every crop twice (HOG, and
 * the MobileNetV2 export of {@code scripts/export-layers} with all 19 {@code features} blocks, {@code mean_std}), each
 * configuration takes its columns from those vectors (a layer's mean, its standard deviation or both; whole HOG; the
 * box-size control, log box width and height, from the crops table), standardises its parts as the job's reduce step
 * does ({@link PartScaling}, only with several parts), reduces to {@code --dimension} with the product's
 * {@link RandomizedPca} and clusters with the product's k-means at k = the number of classes and Ward, per seed
 * (the PCA's and k-means' seeds). Writes NMI of both and leave-one-out 1-NN accuracy on the reduced vectors.
 *
 * <pre>LayerBenchmark --tables DIR --tag NAME --out FILE.csv [--dimension 50] [--seeds 1,2,3]</pre>
 */
public final class LayerBenchmark {
  /** Channels of MobileNetV2's features.0 .. features.18. */
  static final int[] MOBILENET_CHANNELS =
      {32, 16, 24, 24, 32, 32, 32, 64, 64, 64, 64, 96, 96, 96, 160, 160, 160, 320, 1280};

  private LayerBenchmark() {}

  /** One part of a configuration: columns of one source vector. */
  record Part(String source, int from, int to) implements java.io.Serializable {}

  public static void main(String[] args) throws IOException {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    String tables = options.get("tables");
    String tag = options.get("tag");
    Path out = Path.of(options.get("out"));
    int dimension = Integer.parseInt(options.getOrDefault("dimension", "50"));
    List<Long> seeds = new ArrayList<>();
    for (String s : options.getOrDefault("seeds", "1,2,3").split(",")) seeds.add(Long.parseLong(s.trim()));

    SparkSession spark = SparkSession.builder().master("local[2]").appName("bench-layers")
        .config("spark.sql.shuffle.partitions", "4").config("spark.ui.enabled", "false")
        .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
        .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
        .getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    Dataset<Row> labels = spark.read().format("delta").load(tables + "/labels").filter("source = 'given'")
        .filter(col("label").isNotNull()).select("crop_id", "label").distinct();
    // The box-size control is the box as annotated (BoxGeometryBackbone's box_size), not the margin crop window.
    Dataset<Row> crops = spark.read().format("delta").load(tables + "/crops").selectExpr("crop_id",
        "box_x2 - box_x1 AS box_width", "box_y2 - box_y1 AS box_height");
    Dataset<Row> embeddings = spark.read().format("delta").load(tables + "/embeddings");
    JavaRDD<Row> hog = embeddings.filter(col("backbone").equalTo("hog")).join(labels, "crop_id")
        .select("crop_id", "vector", "label").javaRDD();
    int expected = 2 * java.util.Arrays.stream(MOBILENET_CHANNELS).sum();
    JavaRDD<Row> layered = embeddings.filter(col("backbone").equalTo("torchscript").and(col("dim").equalTo(expected)))
        .join(labels, "crop_id")
        .select("crop_id", "vector").javaRDD();
    JavaRDD<Row> box = crops.join(labels, "crop_id").select("crop_id", "box_width", "box_height").javaRDD();
    // One row per labelled crop: id, label, and each source's vector.
    JavaRDD<Tuple2<String, Map<String, float[]>>> sources = hog.mapToPair(r -> new Tuple2<>(r.getString(0),
            new Tuple2<>(r.getString(2), VectorColumns.toFloats(r.get(1)))))
        .join(layered.mapToPair(r -> new Tuple2<>(r.getString(0), VectorColumns.toFloats(r.get(1)))))
        .join(box.mapToPair(r -> new Tuple2<>(r.getString(0), new float[] {(float) Math.log(Math.max(1, r.getInt(1))),
            (float) Math.log(Math.max(1, r.getInt(2)))})))
        .map(t -> {
          Map<String, float[]> vectors = new HashMap<>();
          vectors.put("label:" + t._2()._1()._1()._1(), new float[0]);
          vectors.put("hog", t._2()._1()._1()._2());
          vectors.put("layers", t._2()._1()._2());
          vectors.put("box", t._2()._2());
          return new Tuple2<>(t._1(), vectors);
        }).cache();
    long n = sources.count();
    int layeredWidth = sources.first()._2().get("layers").length;
    if (layeredWidth != expected) {
      throw new IllegalStateException("the torchscript vectors are " + layeredWidth + "-d; expected " + expected
          + " (MobileNetV2, all 19 features blocks, mean_std)");
    }
    List<Tuple2<String, String>> idsAndLabels = sources.map(t -> new Tuple2<>(t._1(), label(t._2()))).collect();
    List<String> classNames = idsAndLabels.stream().map(Tuple2::_2).distinct().sorted().toList();
    int k = classNames.size();
    System.out.printf(Locale.ROOT, "%s: %d labelled crops, %d classes%n", tag, n, k);

    boolean header = !Files.exists(out);
    try (PrintWriter csv = new PrintWriter(Files.newBufferedWriter(out, StandardOpenOption.CREATE,
        StandardOpenOption.APPEND))) {
      if (header) csv.println("tag,config,parts,width,seed,measure,value");
      for (Map.Entry<String, List<List<Part>>> config : configurations().entrySet()) {
        for (long seed : seeds) {
          long started = System.nanoTime();
          Map<String, Double> scores = evaluate(spark, sources, config.getValue(), dimension, seed, k);
          int width = select(sources.first()._2(), config.getValue()).length;
          for (Map.Entry<String, Double> score : scores.entrySet()) {
            csv.printf(Locale.ROOT, "%s,%s,%d,%d,%d,%s,%.6f%n", tag, config.getKey(), config.getValue().size(), width,
                seed, score.getKey(), score.getValue());
          }
          csv.flush();
          System.out.printf(Locale.ROOT, "%s %-28s seed %d: kmeans NMI %.3f, ward NMI %.3f, 1-NN %.3f (%.0fs)%n", tag,
              config.getKey(), seed, scores.get("kmeans_nmi"), scores.get("ward_nmi"),
              scores.get("knn1_loo_accuracy"), (System.nanoTime() - started) / 1e9);
        }
      }
    }
    spark.stop();
  }

  /** The configurations compared; a layer list with several entries is several parts, as embed.layers makes them. */
  static Map<String, List<List<Part>>> configurations() {
    Map<String, List<List<Part>>> configs = new LinkedHashMap<>();
    configs.put("box_size_control", List.of(List.of(new Part("box", 0, 2))));
    configs.put("hog", List.of(List.of(new Part("hog", 0, -1))));
    configs.put("final_pooled", layers("mean", 18));
    configs.put("b18_mean_std", layers("mean_std", 18));
    configs.put("b17_mean_std", layers("mean_std", 17));
    configs.put("b13_mean_std", layers("mean_std", 13));
    configs.put("b13_17_mean_std", layers("mean_std", 13, 17));
    configs.put("b6_13_17_mean_std", layers("mean_std", 6, 13, 17));
    configs.put("b3_6_13_17_mean_std", layers("mean_std", 3, 6, 13, 17));
    configs.put("b3_6_13_17_18_mean_std", layers("mean_std", 3, 6, 13, 17, 18));
    configs.put("b3_6_13_17_18_mean", layers("mean", 3, 6, 13, 17, 18));
    configs.put("b10_13_16_17_mean_std", layers("mean_std", 10, 13, 16, 17));
    configs.put("b6_13_17_18_mean_std", layers("mean_std", 6, 13, 17, 18));
    configs.put("b3_6_13_17_18_std", layers("std", 3, 6, 13, 17, 18));
    configs.put("all_blocks_mean_std", layers("mean_std", java.util.stream.IntStream.range(0, 19).toArray()));
    List<List<Part>> fusion = new ArrayList<>(layers("mean_std", 3, 6, 13, 17, 18));
    fusion.add(List.of(new Part("hog", 0, -1)));
    configs.put("hog+b3_6_13_17_18_mean_std", fusion);
    return configs;
  }

  /** One part per layer: its mean, its standard deviation or both (one part, mean then std, as LayerPooling makes). */
  static List<List<Part>> layers(String statistics, int... blocks) {
    List<List<Part>> parts = new ArrayList<>();
    for (int block : blocks) {
      int offset = 0;
      for (int b = 0; b < block; b++) offset += 2 * MOBILENET_CHANNELS[b];
      int c = MOBILENET_CHANNELS[block];
      parts.add(List.of(switch (statistics) {
        case "mean" -> new Part("layers", offset, offset + c);
        case "std" -> new Part("layers", offset + c, offset + 2 * c);
        default -> new Part("layers", offset, offset + 2 * c);
      }));
    }
    return parts;
  }

  private static Map<String, Double> evaluate(SparkSession spark, JavaRDD<Tuple2<String, Map<String, float[]>>> sources,
      List<List<Part>> parts, int dimension, long seed, int k) {
    JavaRDD<Tuple2<String, float[]>> vectors = sources.map(t -> new Tuple2<>(t._1(), select(t._2(), parts))).cache();
    int width = vectors.first()._2().length;
    int[] widths = new int[parts.size()];
    Map<String, float[]> first = sources.first()._2();
    for (int p = 0; p < parts.size(); p++) widths[p] = select(first, List.of(parts.get(p))).length;
    if (parts.size() > 1) {
      PartScaling scaling = PartScaling.fit(new SparkRowPasses(vectors.map(Tuple2::_2), width).moments(), widths);
      JavaRDD<Tuple2<String, float[]>> scaled = vectors.map(t -> new Tuple2<>(t._1(), scaling.apply(t._2()))).cache();
      vectors.unpersist();
      vectors = scaled;
    }
    RandomizedPca.Model pca = RandomizedPca.fit(new SparkRowPasses(vectors.map(Tuple2::_2), width), width, dimension,
        10, 2, seed);
    List<Tuple2<String, double[]>> projected = vectors.map(t -> new Tuple2<>(t._1(), pca.project(t._2()))).collect();
    vectors.unpersist();
    Map<String, String> labelOf = new HashMap<>();
    sources.map(t -> new Tuple2<>(t._1(), label(t._2()))).collect().forEach(t -> labelOf.put(t._1(), t._2()));
    int n = projected.size();
    String[] labels = new String[n];
    double[][] points = new double[n][];
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      labels[i] = labelOf.get(projected.get(i)._1());
      points[i] = projected.get(i)._2();
      rows.add(RowFactory.create(projected.get(i)._1(), Vectors.dense(points[i])));
    }
    Dataset<Row> features = spark.createDataFrame(rows, new StructType().add("crop_id", DataTypes.StringType, false)
        .add("features", new VectorUDT(), false));
    JobConfig.ClusterConfig cluster = JobConfigLoader.fromYaml("input: {kind: folders, path: /data}\n"
        + "cluster: {algorithms: [kmeans], k: " + k + ", seed: " + seed + "}\n", List.of()).config().cluster();
    Map<String, Integer> kmeans = new HashMap<>();
    for (Row row : ClusterStage.assign(features, "kmeans", cluster, null).assignments().collectAsList()) {
      kmeans.put(row.getString(0), row.getInt(1));
    }
    int[] kmeansClusters = new int[n];
    for (int i = 0; i < n; i++) kmeansClusters[i] = kmeans.get(projected.get(i)._1());
    Map<String, Double> scores = new LinkedHashMap<>();
    scores.put("kmeans_nmi", AgreementMetrics.nmi(ContingencyTable.fromLabels(labels, kmeansClusters)));
    scores.put("ward_nmi", AgreementMetrics.nmi(ContingencyTable.fromLabels(labels, Ward.fit(points, k))));
    scores.put("knn1_loo_accuracy", leaveOneOutNearest(points, labels));
    return scores;
  }

  static double leaveOneOutNearest(double[][] points, String[] labels) {
    int correct = 0;
    for (int i = 0; i < points.length; i++) {
      double best = Double.POSITIVE_INFINITY;
      int nearest = -1;
      for (int j = 0; j < points.length; j++) {
        if (j == i) continue;
        double d = 0;
        for (int c = 0; c < points[i].length; c++) {
          double diff = points[i][c] - points[j][c];
          d += diff * diff;
        }
        if (d < best) {
          best = d;
          nearest = j;
        }
      }
      if (labels[nearest].equals(labels[i])) correct++;
    }
    return (double) correct / points.length;
  }

  private static String label(Map<String, float[]> vectors) {
    for (String key : vectors.keySet()) {
      if (key.startsWith("label:")) return key.substring("label:".length());
    }
    throw new IllegalStateException("no label");
  }

  private static float[] select(Map<String, float[]> vectors, List<List<Part>> parts) {
    int width = 0;
    for (List<Part> part : parts) {
      for (Part p : part) width += (p.to() < 0 ? vectors.get(p.source()).length : p.to()) - p.from();
    }
    float[] out = new float[width];
    int o = 0;
    for (List<Part> part : parts) {
      for (Part p : part) {
        float[] source = vectors.get(p.source());
        int to = p.to() < 0 ? source.length : p.to();
        System.arraycopy(source, p.from(), out, o, to - p.from());
        o += to - p.from();
      }
    }
    return out;
  }
}
