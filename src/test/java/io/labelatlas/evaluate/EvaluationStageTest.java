package io.labelatlas.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.labelatlas.config.ConfigException;
import io.labelatlas.config.JobConfig.EvaluateConfig;
import io.labelatlas.config.JobConfigLoader;
import io.labelatlas.testing.SharedSpark;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
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

/**
 * The stage on 66 crops: three labelled blobs of 20 (clusters 0, 1, 2, every fifth crop moved to noise, every
 * seventh unlabelled) and an unlabelled cluster 3 of 6; its results must equal the pure classes on the same data.
 */
class EvaluationStageTest {
  private static SparkSession spark;
  private static Dataset<Row> assigned;
  private static Dataset<Row> labels;
  private static Dataset<Row> features;
  private static String[] crops;
  private static String[] labelOf;
  private static int[] clusterOf;
  private static double[][] points;

  @BeforeAll
  static void data() {
    spark = SharedSpark.session();
    int n = 66;
    crops = new String[n];
    labelOf = new String[n];
    clusterOf = new int[n];
    points = new double[n][];
    SplittableRandom random = new SplittableRandom(4);
    List<Row> a = new ArrayList<>();
    List<Row> l = new ArrayList<>();
    List<Row> f = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int blob = i < 60 ? i / 20 : 3;
      crops[i] = String.format("c%03d", i);
      clusterOf[i] = blob < 3 && i % 5 == 4 ? -1 : blob;
      labelOf[i] = blob == 3 || i % 7 == 6 ? null : "class" + (blob == 2 && i % 3 == 0 ? 1 : blob);
      points[i] = new double[] {8 * blob + random.nextDouble(), 8 * (blob % 2) + random.nextDouble()};
      a.add(RowFactory.create(crops[i], clusterOf[i]));
      l.add(RowFactory.create(crops[i], labelOf[i]));
      f.add(RowFactory.create(crops[i], Vectors.dense(points[i])));
    }
    assigned = spark.createDataFrame(a, new StructType().add("crop_id", DataTypes.StringType)
        .add("cluster", DataTypes.IntegerType));
    labels = spark.createDataFrame(l, new StructType().add("crop_id", DataTypes.StringType)
        .add("label", DataTypes.StringType));
    features = spark.createDataFrame(f, new StructType().add("crop_id", DataTypes.StringType)
        .add("features", new VectorUDT()));
  }

  private static ContingencyTable table() {
    ContingencyTable.Builder builder = ContingencyTable.builder();
    for (int i = 0; i < crops.length; i++) if (labelOf[i] != null) builder.add(labelOf[i], clusterOf[i], 1);
    return builder.build();
  }

  private static Map<String, EvaluationStage.Metric> byName(EvaluationStage.Evaluation evaluation) {
    Map<String, EvaluationStage.Metric> named = new LinkedHashMap<>();
    for (EvaluationStage.Metric m : evaluation.metrics()) named.put(m.name(), m);
    return named;
  }

  @Test
  void scoresLikeThePureClassesWithIntervalsProfilesAndSpreads() {
    EvaluateConfig config = new EvaluateConfig(1000, 50, 3, 200, 0.9, 40, 0.25, "auto");
    CapturedProgress progress = new CapturedProgress();
    EvaluationStage.Evaluation evaluation = EvaluationStage.evaluate(assigned, labels, features, config, "hdbscan",
        progress);
    Map<String, EvaluationStage.Metric> metrics = byName(evaluation);
    // The bootstrap reports its progress up to the final count of each step.
    progress.assertStep("table metrics: resamples", 200);
    progress.assertStep("silhouette: resamples", 40);
    progress.assertStep("clustered:davies_bouldin: resamples", 40);

    ContingencyTable table = table();
    MetricReport.Options options = MetricReport.Options.defaults(3).withResamples(200, 40).withConfidence(0.9)
        .withDbcv(true);
    List<MetricReport.MetricValue> expected = MetricReport.compute(table, new MetricReport.Population(66, 12, 4),
        new MetricReport.PointSample(points, clusterOf, "exact, n=66"), options);
    assertEquals(expected.stream().map(MetricReport.MetricValue::name).toList(), List.copyOf(metrics.keySet()));
    for (MetricReport.MetricValue value : expected) {
      EvaluationStage.Metric actual = metrics.get(value.name());
      assertEquals(value.value(), actual.value(), 1e-12, value.name());
      if (!value.name().endsWith("silhouette")) assertEquals(value.interval(), actual.interval(), value.name());
      assertEquals(value.detail(), actual.detail(), value.name());
    }
    assertEquals(4, metrics.get("clusters").value());
    assertEquals(12 / 66.0, metrics.get("noise_fraction").value(), 1e-15);
    assertEquals(table.n(), (long) metrics.get("labelled").value());
    assertNotNull(metrics.get("clustered:ari").interval());
    assertEquals(0.9, metrics.get("ari").interval().confidence());
    assertTrue(metrics.get("silhouette").detail().contains("exact, n=66"), metrics.get("silhouette").detail());
    assertTrue(metrics.containsKey("dbcv"), "dbcv: auto computes DBCV for hdbscan");

    long cells = 0;
    for (EvaluationStage.Cell cell : evaluation.contingency()) {
      assertEquals(table.count(table.classIndex(cell.label()), table.clusterIndex(cell.cluster())), cell.count());
      cells++;
    }
    assertEquals(table.nonZeroCells(), cells);

    assertEquals(List.of(-1, 0, 1, 2, 3), evaluation.clusters().stream().map(EvaluationStage.ClusterSummary::cluster)
        .toList());
    for (EvaluationStage.ClusterSummary summary : evaluation.clusters()) {
      long size = 0;
      for (int c : clusterOf) if (c == summary.cluster()) size++;
      assertEquals(size, summary.size(), "size counts unlabelled crops too");
      if (summary.cluster() == 3) {
        assertEquals(new EvaluationStage.ClusterSummary(3, 6, 0, null, 0, null, null), summary);
        continue;
      }
      ClusterDiagnostics.ClusterProfile profile = ClusterDiagnostics.profiles(table).get(
          table.clusterIndex(summary.cluster()));
      assertEquals(profile.size(), summary.labelled());
      assertEquals(profile.majorityLabel(), summary.majorityLabel());
      assertEquals(profile.purity(), summary.purity());
      assertEquals(profile.entropy(), summary.entropy());
    }
    assertEquals(ClusterDiagnostics.classSpread(table, 0.25), evaluation.classes());
  }

  @Test
  void samplesAboveTheExactLimitAndSkipsDbcvForKmeans() {
    EvaluateConfig config = new EvaluateConfig(30, 40, 5, 0, 0.95, 0, 0.1, "auto");
    Map<String, EvaluationStage.Metric> metrics = byName(EvaluationStage.evaluate(assigned, labels, features, config,
        "kmeans"));
    String detail = metrics.get("silhouette").detail();
    assertTrue(detail.contains("sampled n=") && detail.contains(" of 66, seed=5"), detail);
    assertFalse(metrics.containsKey("dbcv"));
    assertNull(metrics.get("purity").interval(), "resamples 0: no intervals");
    assertEquals(new EvaluationStage.Metric("x", 1, null), new EvaluationStage.Metric("x", 1, null, null, null));

    EvaluationStage.Evaluation legacy = EvaluationStage.evaluate(assigned, labels, features,
        new EvaluateConfig(1000, 50, 3));
    assertFalse(byName(legacy).containsKey("dbcv"), "no algorithm named: dbcv auto computes none");
    assertNotNull(byName(legacy).get("nmi").interval(), "default config bootstraps");
  }

  @Test
  void evaluateSettingsHaveDefaultsAndNameTheKeyWhenWrong() {
    String job = "input: {kind: folders, path: /data}\n";
    EvaluateConfig defaults = JobConfigLoader.fromYaml(job, List.of()).config().evaluate();
    assertEquals(new EvaluateConfig(10_000, 5_000, 3, 1000, 0.95, 200, 0.1, "auto"), defaults);
    assertEquals(new EvaluateConfig(10_000, 5_000, 3), defaults, "the 3-argument constructor keeps the defaults");
    EvaluateConfig set = JobConfigLoader.fromYaml(job + "evaluate: {resamples: 0, confidence: 0.9, "
        + "geometric_resamples: 50, class_min_share: 0.2, dbcv: true}\n", List.of()).config().evaluate();
    assertEquals(new EvaluateConfig(10_000, 5_000, 3, 0, 0.9, 50, 0.2, "true"), set);
    assertTrue(set.dbcvFor("kmeans"));
    assertTrue(defaults.dbcvFor("dbscan") && defaults.dbcvFor("hdbscan") && !defaults.dbcvFor("gmm"));
    assertFalse(defaults.dbcvFor(null));
    String message = assertThrows(ConfigException.class,
        () -> JobConfigLoader.fromYaml(job, List.of("evaluate.resamples=1"))).getMessage();
    assertTrue(message.contains("'evaluate.resamples' = 1"), message);
    message = assertThrows(ConfigException.class,
        () -> JobConfigLoader.fromYaml(job, List.of("evaluate.dbcv=maybe"))).getMessage();
    assertTrue(message.contains("'evaluate.dbcv'"), message);
  }
}
