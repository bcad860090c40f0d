package io.labelatlas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.labelatlas.evaluate.AgreementMetrics;
import io.labelatlas.evaluate.AgreementScores;
import io.labelatlas.evaluate.CohenKappa;
import io.labelatlas.evaluate.ContingencyTable;
import io.labelatlas.evaluate.IntervalPolicy;
import io.labelatlas.evaluate.NoiseTreatment;
import io.labelatlas.evaluate.Silhouette;
import io.labelatlas.testing.SharedSpark;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code evaluate} on 120 rows: truth a/b/c (every eleventh row unlabelled), a prediction that follows the truth
 * with 15% random moves and noise (-1), and 2-d points around one centre per predicted cluster.
 */
class EvaluateCommandTest {
  private static final int N = 120;
  private static SparkSession spark;
  private static String[] truth;
  private static int[] pred;
  private static double[][] points;

  @TempDir Path dir;

  record Result(int code, String out, String err) {}

  @BeforeAll
  static void data() {
    spark = SharedSpark.session();
    SplittableRandom random = new SplittableRandom(12);
    truth = new String[N];
    pred = new int[N];
    points = new double[N][];
    for (int i = 0; i < N; i++) {
      int c = i % 3;
      truth[i] = i % 11 == 10 ? null : "abc".substring(c, c + 1);
      pred[i] = random.nextDouble() < 0.15 ? random.nextInt(4) - 1 : c;
      int centre = Math.max(pred[i], 0);
      points[i] = new double[] {6 * centre + random.nextDouble(), 3 * (centre % 2) + random.nextDouble()};
    }
  }

  static Result run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = LabelAtlas.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** The labelled rows' table, noise as cluster -1. */
  private static ContingencyTable table() {
    ContingencyTable.Builder builder = ContingencyTable.builder();
    for (int i = 0; i < N; i++) if (truth[i] != null) builder.add(truth[i], pred[i], 1);
    return builder.build();
  }

  private Path csv() throws IOException {
    StringBuilder text = new StringBuilder("id,Label,cluster,x\n");
    for (int i = 0; i < N; i++) {
      text.append(i).append(',').append(truth[i] == null ? "" : truth[i]).append(',').append(pred[i]).append(',')
          .append(points[i][0]).append('\n');
    }
    Path file = dir.resolve("scored.csv");
    Files.writeString(file, text);
    return file;
  }

  private static double json(JsonNode metrics, String name) {
    JsonNode value = metrics.get(name);
    assertTrue(value != null, "no metric " + name + " in " + metrics);
    return value.get("value").asDouble();
  }

  @Test
  void csvToJsonEqualsTheAgreementMetricsBothWays() throws IOException {
    Result result = run("evaluate", "--input", csv().toString(), "--truth", "label", "--pred", "cluster",
        "--format", "json", "--resamples", "200", "--seed", "7");
    assertEquals(0, result.code(), result.err());
    JsonNode root = new ObjectMapper().readTree(result.out());
    assertEquals("csv", root.get("input_format").asText());
    assertEquals(N, root.get("rows").asLong());
    long unlabelled = java.util.Arrays.stream(truth).filter(t -> t == null).count();
    assertEquals(unlabelled, root.get("unlabelled").asLong());
    JsonNode metrics = root.get("metrics");

    ContingencyTable table = table();
    AgreementScores withNoise = AgreementMetrics.score(table);
    AgreementScores clustered = AgreementMetrics.score(NoiseTreatment.CLUSTERED_ONLY.apply(table));
    Map<String, double[]> expected = Map.of(
        "purity", new double[] {withNoise.purity(), clustered.purity()},
        "nmi", new double[] {withNoise.nmi(), clustered.nmi()},
        "ami", new double[] {withNoise.ami(), clustered.ami()},
        "ari", new double[] {withNoise.ari(), clustered.ari()},
        "homogeneity", new double[] {withNoise.homogeneity(), clustered.homogeneity()},
        "completeness", new double[] {withNoise.completeness(), clustered.completeness()},
        "v_measure", new double[] {withNoise.vMeasure(), clustered.vMeasure()});
    for (Map.Entry<String, double[]> metric : expected.entrySet()) {
      assertEquals(metric.getValue()[0], json(metrics, metric.getKey()), 1e-15, metric.getKey());
      assertEquals(metric.getValue()[1], json(metrics, "clustered:" + metric.getKey()), 1e-15, metric.getKey());
      JsonNode entry = metrics.get(metric.getKey());
      assertEquals(200, entry.get("resamples").asInt());
      // Below 300 labelled crops no interval is vouched for: ci_low/ci_high are null and the note says why; the
      // bootstrap's own intervals stay in their named fields.
      assertTrue(entry.get("ci_low").isNull() && entry.get("ci_high").isNull(), entry.toString());
      assertTrue(entry.get("interval_note").asText().contains("n=" + table.n()), entry.toString());
      assertEquals(IntervalPolicy.method(metric.getKey()).columnName(), entry.get("ci_method").asText());
      assertTrue(entry.get("percentile_low").asDouble() < entry.get("percentile_high").asDouble()
          && entry.get("basic_low").asDouble() < entry.get("basic_high").asDouble(), entry.toString());
      assertTrue(entry.has("bca_low") && entry.has("std_error") && entry.has("bias")
          && entry.has("jackknife_bias"), entry.toString());
    }
    assertEquals(NoiseTreatment.CLUSTERED_ONLY.apply(table).n() / (double) table.n(), json(metrics, "coverage"),
        1e-15);
    assertEquals(3, json(metrics, "classes"));
    assertEquals(3, json(metrics, "clusters"));
    assertEquals(java.util.Arrays.stream(pred).filter(p -> p < 0).count() / (double) N,
        json(metrics, "noise_fraction"), 1e-15);
    assertFalse(metrics.has("kappa"), "a text truth against integer clusters gets kappa only with --kappa");
    assertFalse(metrics.has("silhouette"), "no --features, no silhouette");
  }

  @Test
  void parquetWithVectorsAndTextPredictionsPrintsATable() {
    List<Row> rows = new ArrayList<>();
    String[] predicted = new String[N];
    for (int i = 0; i < N; i++) {
      predicted[i] = pred[i] < 0 ? "none" : "abc".substring(pred[i], pred[i] + 1);
      rows.add(RowFactory.create(truth[i], predicted[i], Vectors.dense(points[i])));
    }
    Path file = dir.resolve("scored.parquet");
    spark.createDataFrame(rows, new StructType().add("truth", DataTypes.StringType)
            .add("model", DataTypes.StringType).add("embedding", new VectorUDT()))
        .coalesce(1).write().parquet(file.toString());
    Result result = run("evaluate", "--input", file.toString(), "--truth", "truth", "--pred", "model",
        "--noise", "none", "--features", "embedding", "--resamples", "100", "--geometric-resamples", "20",
        "--confidence", "0.9");
    assertEquals(0, result.code(), result.err());
    String out = result.out();
    assertTrue(out.contains("evaluate: " + file + " (parquet): 120 rows"), out);
    assertTrue(out.contains("90% interval") && out.contains("no verified interval below n=300"), out);

    List<String> first = new ArrayList<>();
    List<String> second = new ArrayList<>();
    for (int i = 0; i < N; i++) {
      if (truth[i] == null) continue;
      first.add(truth[i]);
      second.add(predicted[i]);
    }
    assertEquals(CohenKappa.score(first.toArray(String[]::new), second.toArray(String[]::new)),
        metric(out, "kappa"), 5e-5, "both columns are text: kappa is automatic");
    int[] labels = pred.clone();
    assertEquals(Silhouette.score(points, labels), metric(out, "silhouette"), 5e-5);
    assertTrue(metric(out, "clustered:silhouette") > metric(out, "silhouette"), out);
    assertEquals(AgreementMetrics.ari(table()), metric(out, "ari"), 5e-5, "noise by its --noise value");
  }

  private static double metric(String out, String name) {
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "\\s*\\|\\s*([-0-9.]+)").matcher(out);
    assertTrue(m.find(), "no " + name + " in:\n" + out);
    return Double.parseDouble(m.group(1));
  }

  @Test
  void badInputNamesTheFileColumnAndReason() throws IOException {
    Path input = csv();
    Result missing = run("evaluate", "--input", input.toString(), "--truth", "label", "--pred", "clusterz");
    assertEquals(2, missing.code());
    assertTrue(missing.err().contains("--pred 'clusterz' is not a column of " + input + " (columns: id, Label, "
        + "cluster, x)"), missing.err());

    Path empty = dir.resolve("empty.csv");
    Files.writeString(empty, "id,label,cluster\n");
    Result noRows = run("evaluate", "--input", empty.toString(), "--truth", "label", "--pred", "cluster");
    assertEquals(2, noRows.code());
    assertTrue(noRows.err().contains("--input '" + empty + "' has no rows"), noRows.err());

    Path garbage = dir.resolve("broken.parquet");
    Files.writeString(garbage, "this is not parquet");
    Result unreadable = run("evaluate", "--input", garbage.toString(), "--truth", "label", "--pred", "cluster");
    assertEquals(2, unreadable.code());
    assertTrue(unreadable.err().contains("cannot read --input '" + garbage + "' as parquet"), unreadable.err());

    Result absent = run("evaluate", "--input", dir.resolve("nothing.csv").toString(), "--truth", "a", "--pred", "b");
    assertEquals(2, absent.code());
    assertTrue(absent.err().contains("nothing.csv' does not exist"), absent.err());

    Result notVector = run("evaluate", "--input", input.toString(), "--truth", "label", "--pred", "cluster",
        "--features", "x");
    assertEquals(2, notVector.code());
    assertTrue(notVector.err().contains("--features 'x' is of type double, not a vector"), notVector.err());

    Result usage = run("evaluate", "--input", input.toString(), "--pred", "cluster");
    assertEquals(2, usage.code());
    assertTrue(usage.err().contains("evaluate: --truth is required"), usage.err());
    Result badFormat = run("evaluate", "--input", input.toString(), "--truth", "label", "--pred", "cluster",
        "--format", "xml");
    assertTrue(badFormat.err().contains("--format 'xml' is not one of table, json"), badFormat.err());
    assertTrue(run("evaluate", "--help").out().contains("usage: labelatlas evaluate"));
  }
}
