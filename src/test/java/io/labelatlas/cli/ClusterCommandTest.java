package io.labelatlas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.labelatlas.testing.SharedSpark;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code cluster} command end to end on three labelled 2-d blobs, and its errors on bad input. */
class ClusterCommandTest {
  private static final double[][] CENTRES = {{0, 0}, {10, 0}, {0, 10}};
  private static final String[] LABELS = {"a", "b", "c"};
  private static final int PER_BLOB = 30;

  private static SparkSession spark;

  @TempDir Path dir;

  record Result(int code, String out, String err) {}

  @BeforeAll
  static void startSpark() {
    spark = SharedSpark.session();
  }

  static Result run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = LabelAtlas.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** Three blobs, sd 0.5, ten apart: index i of blob b is point b * PER_BLOB + i. */
  private static double[][] blobs() {
    Random random = new Random(17);
    double[][] points = new double[CENTRES.length * PER_BLOB][];
    for (int b = 0; b < CENTRES.length; b++) {
      for (int i = 0; i < PER_BLOB; i++) {
        points[b * PER_BLOB + i] = new double[] {CENTRES[b][0] + 0.5 * random.nextGaussian(),
            CENTRES[b][1] + 0.5 * random.nextGaussian()};
      }
    }
    return points;
  }

  private Path csvOfBlobs() throws IOException {
    double[][] points = blobs();
    StringBuilder csv = new StringBuilder("id,x,y,label\n");
    for (int p = 0; p < points.length; p++) {
      csv.append(p + 1).append(',').append(points[p][0]).append(',').append(points[p][1]).append(',')
          .append(LABELS[p / PER_BLOB]).append('\n');
    }
    Path file = dir.resolve("blobs.csv");
    Files.writeString(file, csv);
    return file;
  }

  /** The blobs plus one far outlier "far" as Parquet, the vectors as array<double> or as MLlib vectors. */
  private Path parquetOfBlobs(boolean mllibVectors) {
    double[][] points = blobs();
    List<Row> rows = new ArrayList<>();
    for (int p = 0; p < points.length; p++) {
      rows.add(row(String.format("p%03d", p), points[p], LABELS[p / PER_BLOB], mllibVectors));
    }
    rows.add(row("far", new double[] {100, 100}, "a", mllibVectors));
    StructType schema = new StructType()
        .add("id", DataTypes.StringType)
        .add("embedding", mllibVectors ? new VectorUDT() : DataTypes.createArrayType(DataTypes.DoubleType))
        .add("label", DataTypes.StringType);
    Path file = dir.resolve(mllibVectors ? "vectors.parquet" : "arrays.parquet");
    spark.createDataFrame(rows, schema).coalesce(1).write().parquet(file.toString());
    return file;
  }

  private static Row row(String id, double[] point, String label, boolean mllibVector) {
    Object vector = mllibVector ? Vectors.dense(point) : toSeq(point);
    return RowFactory.create(id, vector, label);
  }

  private static Object toSeq(double[] values) {
    List<Double> boxed = new ArrayList<>();
    for (double v : values) boxed.add(v);
    return scala.jdk.javaapi.CollectionConverters.asScala(boxed).toSeq();
  }

  /** The CSV output as maps from column name to text, after checking its header. */
  private static List<Map<String, String>> readCsv(Path file, String header) throws IOException {
    List<String> lines = Files.readAllLines(file);
    assertEquals(header, lines.get(0));
    return parse(lines);
  }

  private static List<Map<String, String>> parse(List<String> lines) {
    String[] names = lines.get(0).split(",");
    List<Map<String, String>> rows = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      String[] cells = line.split(",", -1);
      Map<String, String> row = new HashMap<>();
      for (int i = 0; i < names.length; i++) row.put(names[i], cells[i]);
      rows.add(row);
    }
    return rows;
  }

  private static double metric(String out, String name) {
    Matcher m = Pattern.compile("(?m)^" + name + "\\s*\\|\\s*([-0-9.]+)").matcher(out);
    assertTrue(m.find(), "no " + name + " in:\n" + out);
    return Double.parseDouble(m.group(1));
  }

  @Test
  void kmeansOnCsvColumnsWritesBothOutputsAndScoresAgainstTheLabels() throws IOException {
    Path input = csvOfBlobs();
    Path output = dir.resolve("out");
    Path json = dir.resolve("metrics.json");
    Result result = run("cluster", "--input", input.toString(), "--algorithm", "kmeans", "--k", "3",
        "--output", output.toString(), "--metrics-json", json.toString());
    assertEquals(0, result.code(), result.err());
    assertTrue(result.out().contains("read 90 rows x 2 dims"), result.out());
    assertTrue(result.out().contains("columns x, y"), result.out());
    assertTrue(result.out().contains("noise, cluster -1, counts as one cluster"), result.out());
    assertTrue(metric(result.out(), "ari") > 0.99, result.out());
    assertEquals(90, (long) metric(result.out(), "n"));

    // k-means gives no probabilities: the column is left out.
    List<Map<String, String>> rows = readCsv(output.resolve("assignments.csv"), "id,cluster,label");
    Set<String> ids = new TreeSet<>();
    for (Map<String, String> row : rows) ids.add(row.get("id"));
    Set<String> expected = new TreeSet<>();
    for (int id = 1; id <= 90; id++) expected.add(Integer.toString(id));
    assertEquals(expected, ids);
    assertEquals("1", rows.get(0).get("id"), "rows are sorted by id");

    Dataset<Row> parquet = spark.read().parquet(output.resolve("assignments.parquet").toString());
    assertEquals(90, parquet.count());
    assertEquals(DataTypes.IntegerType, parquet.schema().apply("id").dataType(), "ids keep their type");
    assertEquals(3, parquet.select("cluster").distinct().count());
    assertTrue(Files.readString(json).contains("\"ari\""));

    Result again = run("cluster", "--input", input.toString(), "--algorithm", "kmeans", "--k", "3",
        "--output", output.toString());
    assertEquals(2, again.code());
    assertTrue(again.err().contains("assignments.parquet already exists; pass --overwrite"), again.err());
  }

  @Test
  void inputFormatReadsAnyNameAndFormatJsonPrintsOnlyTheJson() throws IOException {
    Path input = Files.move(csvOfBlobs(), dir.resolve("blobs.txt"));
    Path output = dir.resolve("json-out");
    Result result = run("cluster", "--input", input.toString(), "--input-format", "csv", "--algorithm", "kmeans",
        "--k", "3", "--output", output.toString(), "--format", "json");
    assertEquals(0, result.code(), result.err());
    com.fasterxml.jackson.databind.JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree(result.out());
    assertEquals(90, json.get("n").asLong());
    assertTrue(json.get("ari").asDouble() > 0.99, result.out());
    assertTrue(result.err().contains("read 90 rows x 2 dims") && result.err().contains("(csv;"),
        "progress goes to standard error: " + result.err());
    assertTrue(Files.exists(output.resolve("assignments.csv")));

    // The old spelling, --format csv for the input, still works and says it is deprecated.
    Result old = run("cluster", "--input", input.toString(), "--format", "csv", "--algorithm", "kmeans", "--k", "3",
        "--output", output.toString(), "--overwrite");
    assertEquals(0, old.code(), old.err());
    assertTrue(old.err().contains("deprecated: use --input-format csv"), old.err());
    assertTrue(metric(old.out(), "ari") > 0.99, old.out());

    Result unknown = run("cluster", "--input", input.toString(), "--algorithm", "kmeans", "--k", "3",
        "--output", output.toString(), "--overwrite");
    assertEquals(2, unknown.code());
    assertTrue(unknown.err().contains("pass --input-format parquet|csv"), unknown.err());
  }

  @Test
  void hdbscanAndDbscanMarkTheFarOutlierAsNoise() throws IOException {
    Path input = parquetOfBlobs(false);
    Path output = dir.resolve("hdbscan");
    Result result = run("cluster", "--input", input.toString(), "--algorithm", "hdbscan", "--min-cluster-size", "5",
        "--min-samples", "5", "--features-col", "embedding", "--output", output.toString());
    assertEquals(0, result.code(), result.err());
    assertTrue(result.out().contains("91 rows x 2 dims"), result.out());

    // HDBSCAN gives membership probabilities, and GLOSH outlier scores where the stage computes them.
    List<String> lines = Files.readAllLines(output.resolve("assignments.csv"));
    assertTrue(lines.get(0).equals("id,cluster,probability,label")
        || lines.get(0).equals("id,cluster,probability,outlier_score,label"), lines.get(0));
    boolean outlierScores = lines.get(0).contains("outlier_score");
    List<Map<String, String>> rows = parse(lines);
    assertEquals(91, rows.size());
    Map<String, String> far = rows.stream().filter(r -> r.get("id").equals("far")).findFirst().orElseThrow();
    assertEquals("-1", far.get("cluster"));
    assertEquals(0.0, Double.parseDouble(far.get("probability")));
    long clustered = 0;
    for (Map<String, String> row : rows) {
      double probability = Double.parseDouble(row.get("probability"));
      assertTrue(probability >= 0 && probability <= 1, row.toString());
      if (!row.get("cluster").equals("-1")) {
        clustered++;
        assertTrue(probability > 0, row.toString());
      }
      if (outlierScores && !row.get("id").equals("far")) {
        assertTrue(Double.parseDouble(row.get("outlier_score")) < Double.parseDouble(far.get("outlier_score")),
            "the far point is the most outlying: " + row);
      }
    }
    assertTrue(clustered >= 85, "the blobs are clustered: " + clustered);
    assertTrue(metric(result.out(), "ari") > 0.9, result.out());

    // DBSCAN over the same folder (so --overwrite), from MLlib vectors found without --features-col: no probabilities.
    Result dbscan = run("cluster", "--input", parquetOfBlobs(true).toString(), "--algorithm", "dbscan", "--eps", "1.5",
        "--dbscan-min-samples", "4", "--output", output.toString(), "--overwrite");
    assertEquals(0, dbscan.code(), dbscan.err());
    assertTrue(dbscan.out().contains("vector column 'embedding'"), dbscan.out());
    List<Map<String, String>> dbscanRows = readCsv(output.resolve("assignments.csv"), "id,cluster,label");
    assertEquals(91, dbscanRows.size());
    assertEquals("-1", dbscanRows.stream().filter(r -> r.get("id").equals("far")).findFirst().orElseThrow()
        .get("cluster"));
    assertEquals(3, dbscanRows.stream().map(r -> r.get("cluster")).filter(c -> !c.equals("-1")).distinct().count());
    assertEquals(91, spark.read().parquet(output.resolve("assignments.parquet").toString()).count());
  }

  @Test
  void badValuesAreErrorsNamingTheIdAndColumn() throws IOException {
    Path bad = dir.resolve("bad.csv");
    Files.writeString(bad, "id,x,y\nr1,1.0,2.0\nr2,1.5,2.5\nr7,3.0,NaN\nr2,1.0,1.0\nr9,1.0,1.0\n");
    Result result = run("cluster", "--input", bad.toString(), "--algorithm", "kmeans", "--k", "2",
        "--output", dir.resolve("out").toString());
    assertEquals(2, result.code(), result.err());
    assertTrue(result.err().contains("NaN or infinite value in column 'y' at id 'r7'"), result.err());
    assertTrue(result.err().contains("id 'r2' appears 2 times"), result.err());
    assertFalse(Files.exists(dir.resolve("out").resolve("assignments.csv")));
  }

  @Test
  void raggedArraysAreAnErrorNamingBothLengths() {
    List<Row> rows = List.of(RowFactory.create("u1", toSeq(new double[] {1, 2})),
        RowFactory.create("u2", toSeq(new double[] {1, 2, 3})), RowFactory.create("u3", toSeq(new double[] {0, 0})));
    StructType schema = new StructType().add("id", DataTypes.StringType)
        .add("v", DataTypes.createArrayType(DataTypes.DoubleType));
    Path input = dir.resolve("ragged.parquet");
    spark.createDataFrame(rows, schema).write().parquet(input.toString());
    Result result = run("cluster", "--input", input.toString(), "--algorithm", "dbscan",
        "--output", dir.resolve("out").toString());
    assertEquals(2, result.code());
    assertTrue(result.err().contains("rows of different length: id 'u1' has 2 values, id 'u2' has 3"),
        result.err());
  }

  @Test
  void parametersLargerThanTheDataNameTheirFlag() throws IOException {
    Path small = dir.resolve("small.csv");
    Files.writeString(small, "id,x,y\n1,0,0\n2,1,1\n3,2,2\n4,3,3\n5,4,4\n");
    Result k = run("cluster", "--input", small.toString(), "--algorithm", "kmeans", "--k", "10",
        "--output", dir.resolve("out").toString());
    assertEquals(2, k.code());
    assertTrue(k.err().contains("--k = 10 is larger than the 5 rows"), k.err());
    Result minSamples = run("cluster", "--input", small.toString(), "--algorithm", "hdbscan", "--min-samples", "10",
        "--min-cluster-size", "2", "--output", dir.resolve("out").toString());
    assertEquals(2, minSamples.code());
    assertTrue(minSamples.err().contains("--min-samples = 10"), minSamples.err());
    Result badK = run("cluster", "--input", small.toString(), "--algorithm", "kmeans", "--k", "1",
        "--output", dir.resolve("out").toString());
    assertEquals(2, badK.code());
    assertTrue(badK.err().contains("cluster.k") && badK.err().contains("--k"), badK.err());
  }

  @Test
  void usageErrorsAndHelp() {
    Path missing = dir.resolve("nowhere.parquet");
    Result result = run("cluster", "--input", missing.toString(), "--algorithm", "kmeans",
        "--output", dir.resolve("out").toString());
    assertEquals(2, result.code());
    assertTrue(result.err().contains(missing.toString()), result.err());
    Result unknown = run("cluster", "--input", missing.toString(), "--algorithm", "spectral",
        "--output", dir.resolve("out").toString());
    assertEquals(2, unknown.code());
    assertTrue(unknown.err().contains("'spectral'"), unknown.err());
    Result noOutput = run("cluster", "--input", missing.toString(), "--algorithm", "kmeans");
    assertEquals(2, noOutput.code());
    assertTrue(noOutput.err().contains("--output"), noOutput.err());

    Result help = run("cluster", "--help");
    assertEquals(0, help.code());
    assertTrue(help.out().startsWith("usage: labelatlas cluster"), help.out());
    for (String flag : new String[] {"--min-cluster-size", "--min-samples", "--mode", "--eps", "--k", "--set",
        "--dbscan-min-samples", "--allow-single-cluster", "--features-col", "--columns", "--overwrite"}) {
      assertTrue(help.out().contains(flag + " "), flag + " missing from:\n" + help.out());
    }
    assertTrue(run("--help").out().contains("cluster"));
  }
}
