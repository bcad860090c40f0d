package io.labelatlas.bench;

import io.labelatlas.cluster.hdbscan.Hdbscan;
import io.labelatlas.cluster.hdbscan.HdbscanResult;
import io.labelatlas.cluster.hdbscan.SelectionMethod;
import io.labelatlas.cluster.hdbscan.partitioned.PartitionedHdbscan;
import io.labelatlas.cluster.hdbscan.partitioned.PartitionedHdbscanResult;
import io.labelatlas.cluster.hdbscan.partitioned.PartitionedHdbscanSettings;
import io.labelatlas.evaluate.AgreementMetrics;
import io.labelatlas.evaluate.ContingencyTable;
import io.labelatlas.reduce.RandomizedPca;
import io.labelatlas.reduce.SparkRowPasses;
import io.labelatlas.store.VectorColumns;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.linalg.Vector;
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
 * Partitioned against exact HDBSCAN* (and R's dbscan::hdbscan where it finishes), on seeded blobs of unequal density
 * plus uniform noise, or on PCA-reduced embeddings read from a LabelAtlas embeddings table. Run by
 * {@code scripts/bench-hdbscan}; prints one Markdown table row per data set.
 */
public final class HdbscanBenchmark {
  private HdbscanBenchmark() {}

  record Options(List<Integer> sizes, int dimension, int blobs, double noise, double halfWidth, int minClusterSize, int minSamples,
      int leafSize, int trees, int sampleSize, int exactMax, int rMax, long seed, String embeddings, String backbone,
      String rscript) {}

  public static void main(String[] args) throws Exception {
    Options options = parse(args);
    SparkSession spark = SparkSession.builder()
        .master(System.getProperty("spark.master", "local[2]"))
        .appName("bench-hdbscan")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
        .config("spark.kryoserializer.buffer.max", "512m")
        .config("spark.sql.shuffle.partitions", "8")
        .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
        .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
        .getOrCreate();
    spark.sparkContext().setLogLevel("ERROR");
    System.out.printf(Locale.ROOT, "settings: min_cluster_size=%d min_samples=%d leaf_size=%d trees=%d sample_size=%d"
        + " seed=%d master=%s cores=%d%n", options.minClusterSize(), options.minSamples(), options.leafSize(),
        options.trees(), options.sampleSize(), options.seed(), spark.sparkContext().master(),
        Runtime.getRuntime().availableProcessors());
    System.out.println();
    System.out.println("| data | n | d | partitioned s | exact s | R dbscan s | ARI part/exact | AMI part/exact"
        + " | clusters part/exact | noise part/exact | ARI exact/truth |");
    System.out.println("|---|---|---|---|---|---|---|---|---|---|---|");
    List<double[]> growth = new ArrayList<>();
    if (options.embeddings() != null) {
      benchmarkEmbeddings(spark, options);
    } else {
      for (int n : options.sizes()) {
        double seconds = benchmarkBlobs(spark, options, n);
        growth.add(new double[] {n, seconds});
      }
    }
    for (int i = 1; i < growth.size(); i++) {
      double exponent = Math.log(growth.get(i)[1] / growth.get(i - 1)[1]) / Math.log(growth.get(i)[0] / growth.get(i - 1)[0]);
      System.out.printf(Locale.ROOT, "growth exponent of partitioned time from n=%d to n=%d: %.3f%n",
          (long) growth.get(i - 1)[0], (long) growth.get(i)[0], exponent);
    }
    spark.stop();
  }

  private static double benchmarkBlobs(SparkSession spark, Options options, int n) throws Exception {
    BlobsWithNoise generator = new BlobsWithNoise(options.dimension(), options.blobs(), options.noise(), options.halfWidth(),
        options.seed());
    int partitions = Math.max(4, n / 50_000);
    JavaRDD<Row> rows = spark.range(0, n, 1, partitions).javaRDD()
        .map(index -> RowFactory.create(index, Vectors.dense(generator.point(index))));
    StructType schema = new StructType().add("idx", DataTypes.LongType, false).add("features", new VectorUDT(), false);
    Dataset<Row> data = spark.createDataFrame(rows, schema).persist(StorageLevel.MEMORY_AND_DISK());
    data.count();
    int[] truth = null;
    if (n <= options.exactMax()) {
      truth = new int[n];
      for (int i = 0; i < n; i++) truth[i] = generator.component(i);
    }
    Result result = compare(spark, data, n, options, truth, () -> {
      double[][] points = new double[n][];
      for (int i = 0; i < n; i++) points[i] = generator.point(i);
      return points;
    });
    data.unpersist();
    result.print(String.format(Locale.ROOT, "blobs(%d, centres in +-%.1f)+%.0f%% noise", options.blobs(),
        options.halfWidth(), 100 * options.noise()), n,
        options.dimension());
    return result.partitionedSeconds;
  }

  private static void benchmarkEmbeddings(SparkSession spark, Options options) throws Exception {
    Dataset<Row> table = spark.read().format("delta").load(options.embeddings() + "/embeddings")
        .filter(functions.col("backbone").equalTo(options.backbone()))
        .select("crop_id", "vector").dropDuplicates("crop_id").orderBy("crop_id");
    JavaRDD<Row> vectorRows = table.javaRDD().persist(StorageLevel.MEMORY_AND_DISK());
    JavaRDD<float[]> vectors = vectorRows.map(row -> VectorColumns.toFloats(row.get(1)));
    int width = vectors.first().length;
    RandomizedPca.Model model = RandomizedPca.fit(new SparkRowPasses(vectors, width), width, options.dimension(), 10, 2,
        options.seed(), message -> { });
    List<Row> projected = new ArrayList<>();
    long index = 0;
    for (Row row : vectorRows.collect()) {
      projected.add(RowFactory.create(index++, Vectors.dense(model.project(VectorColumns.toFloats(row.get(1))))));
    }
    int n = projected.size();
    StructType schema = new StructType().add("idx", DataTypes.LongType, false).add("features", new VectorUDT(), false);
    Dataset<Row> data = spark.createDataFrame(projected, schema).repartition(4).persist(StorageLevel.MEMORY_AND_DISK());
    data.count();
    double[][] points = new double[n][];
    for (int i = 0; i < n; i++) points[i] = ((Vector) projected.get(i).get(1)).toArray();
    Result result = compare(spark, data, n, options, null, () -> points);
    result.print(options.backbone() + " PCA-" + model.dimension() + " " + Path.of(options.embeddings()).getFileName(),
        n, model.dimension());
    vectorRows.unpersist();
  }

  interface PointSupplier {
    double[][] get() throws Exception;
  }

  static final class Result {
    double partitionedSeconds = Double.NaN;
    double exactSeconds = Double.NaN;
    double rSeconds = Double.NaN;
    double ari = Double.NaN;
    double ami = Double.NaN;
    double truthAri = Double.NaN;
    String clusters = "";
    String noise = "";

    void print(String name, int n, int d) {
      System.out.printf(Locale.ROOT, "| %s | %,d | %d | %.1f | %s | %s | %s | %s | %s | %s | %s |%n", name, n, d,
          partitionedSeconds, format(exactSeconds, "%.1f"), format(rSeconds, "%.1f"), format(ari, "%.4f"),
          format(ami, "%.4f"), clusters, noise, format(truthAri, "%.4f"));
    }

    private static String format(double value, String pattern) {
      return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, pattern, value);
    }
  }

  private static Result compare(SparkSession spark, Dataset<Row> data, int n, Options options, int[] truth,
      PointSupplier points) throws Exception {
    Result result = new Result();
    PartitionedHdbscanSettings settings = new PartitionedHdbscanSettings(options.minClusterSize(),
        options.minSamples(), SelectionMethod.EOM, 0.0, false, options.leafSize(), options.trees(),
        options.sampleSize(), options.seed());
    long start = System.nanoTime();
    PartitionedHdbscanResult partitioned = PartitionedHdbscan.fit(data, "features", settings,
        line -> System.out.println("  " + line));
    Dataset<Row> assigned = partitioned.assignments().select("idx", "cluster").persist(StorageLevel.MEMORY_AND_DISK());
    List<Row> sizes = assigned.groupBy("cluster").count().collectAsList();
    result.partitionedSeconds = (System.nanoTime() - start) / 1e9;
    long noise = 0;
    int clusters = 0;
    for (Row row : sizes) {
      if (row.getInt(0) < 0) noise = row.getLong(1);
      else clusters++;
    }
    System.out.printf(Locale.ROOT, "  n=%d partitioned: %.1f s, %d clusters, noise %.3f, diagnostics %s%n", n,
        result.partitionedSeconds, clusters, noise / (double) n, partitioned.diagnostics());
    result.clusters = Integer.toString(clusters);
    result.noise = String.format(Locale.ROOT, "%.3f", noise / (double) n);
    if (n <= options.exactMax()) {
      double[][] x = points.get();
      long exactStart = System.nanoTime();
      HdbscanResult exact = Hdbscan.fit(x, options.minClusterSize(), options.minSamples(), SelectionMethod.EOM, 0.0,
          false);
      result.exactSeconds = (System.nanoTime() - exactStart) / 1e9;
      int[] partitionedLabels = new int[n];
      for (Row row : assigned.collectAsList()) partitionedLabels[(int) row.getLong(0)] = row.getInt(1);
      ContingencyTable table = ContingencyTable.fromLabels(exact.labels(), partitionedLabels);
      result.ari = AgreementMetrics.ari(table);
      result.ami = AgreementMetrics.ami(table);
      long exactNoise = java.util.Arrays.stream(exact.labels()).filter(l -> l < 0).count();
      result.clusters += "/" + exact.numClusters();
      result.noise += String.format(Locale.ROOT, "/%.3f", exactNoise / (double) n);
      if (truth != null) result.truthAri = AgreementMetrics.ari(ContingencyTable.fromLabels(truth, exact.labels()));
      System.out.printf(Locale.ROOT, "  n=%d exact: %.1f s, %d clusters; ARI partitioned/exact %.4f, AMI %.4f%n", n,
          result.exactSeconds, exact.numClusters(), result.ari, result.ami);
      if (n <= options.rMax() && options.minClusterSize() == options.minSamples()) {
        result.rSeconds = runR(options, x, exact.labels());
      }
    }
    assigned.unpersist();
    return result;
  }

  /** R's minPts is both our min_samples and min_cluster_size, so R runs only when the two are equal. */
  private static double runR(Options options, double[][] x, int[] exactLabels) throws Exception {
    if (!Files.isExecutable(Path.of(options.rscript()))) return Double.NaN;
    Path dir = Files.createTempDirectory("bench-hdbscan-r");
    Path csv = dir.resolve("x.csv");
    try (BufferedWriter writer = Files.newBufferedWriter(csv, StandardCharsets.US_ASCII)) {
      for (double[] row : x) {
        StringBuilder line = new StringBuilder();
        for (int j = 0; j < row.length; j++) {
          if (j > 0) line.append(',');
          line.append(Double.toString(row[j]));
        }
        writer.write(line.append('\n').toString());
      }
    }
    Path labels = dir.resolve("labels.txt");
    String script = "suppressMessages(library(dbscan)); x <- as.matrix(read.csv('" + csv + "', header=FALSE));"
        + " t <- system.time(h <- hdbscan(x, minPts=" + options.minSamples() + "));"
        + " writeLines(as.character(h$cluster), '" + labels + "'); cat(t[['elapsed']], '\\n')";
    Process process = new ProcessBuilder(options.rscript(), "-e", script).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    if (!process.waitFor(2, TimeUnit.HOURS) || process.exitValue() != 0) {
      System.out.println("  R dbscan::hdbscan did not finish: " + output);
      return Double.NaN;
    }
    List<String> lines = Files.readAllLines(labels);
    int[] rLabels = new int[lines.size()];
    for (int i = 0; i < rLabels.length; i++) rLabels[i] = Integer.parseInt(lines.get(i).trim()) - 1;
    double seconds = Double.parseDouble(output.substring(output.lastIndexOf('\n') + 1).trim());
    System.out.printf(Locale.ROOT, "  R dbscan::hdbscan: %.1f s; ARI R/exact %.4f%n", seconds,
        AgreementMetrics.ari(ContingencyTable.fromLabels(rLabels, exactLabels)));
    return seconds;
  }

  private static Options parse(String[] args) {
    Map<String, String> values = new LinkedHashMap<>();
    values.put("sizes", "10000,100000,1000000");
    values.put("dimension", "50");
    values.put("blobs", "12");
    values.put("noise", "0.05");
    values.put("half-width", "5");
    values.put("min-cluster-size", "10");
    values.put("min-samples", "10");
    values.put("leaf-size", "2000");
    values.put("trees", "2");
    values.put("sample-size", "50000");
    values.put("exact-max", "100000");
    values.put("r-max", "10000");
    values.put("seed", "5");
    values.put("embeddings", null);
    values.put("backbone", "hog");
    values.put("rscript", "/usr/bin/Rscript");
    for (int i = 0; i < args.length; i++) {
      String key = args[i].startsWith("--") ? args[i].substring(2) : null;
      if (key == null || !values.containsKey(key) || i + 1 >= args.length) {
        throw new IllegalArgumentException("usage: HdbscanBenchmark [--KEY VALUE ...] with KEY in " + values.keySet()
            + "; bad argument '" + args[i] + "'");
      }
      values.put(key, args[++i]);
    }
    List<Integer> sizes = new ArrayList<>();
    for (String size : values.get("sizes").split(",")) sizes.add(Integer.parseInt(size.trim()));
    return new Options(sizes, Integer.parseInt(values.get("dimension")), Integer.parseInt(values.get("blobs")),
        Double.parseDouble(values.get("noise")), Double.parseDouble(values.get("half-width")), Integer.parseInt(values.get("min-cluster-size")),
        Integer.parseInt(values.get("min-samples")), Integer.parseInt(values.get("leaf-size")),
        Integer.parseInt(values.get("trees")), Integer.parseInt(values.get("sample-size")),
        Integer.parseInt(values.get("exact-max")), Integer.parseInt(values.get("r-max")),
        Long.parseLong(values.get("seed")), values.get("embeddings"), values.get("backbone"), values.get("rscript"));
  }
}
