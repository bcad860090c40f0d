package io.labelatlas.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.labelatlas.cluster.auto.ClusterTestData;
import io.labelatlas.cluster.ward.Ward;
import io.labelatlas.config.JobConfig;
import io.labelatlas.config.JobConfigLoader;
import io.labelatlas.testing.SharedSpark;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Every configured algorithm and every automatic choice through the Spark stage, on data with known structure. */
class ClusterStageTest {
  private static final int PER_BLOB = ClusterTestData.PER_BLOB;

  private static Dataset<Row> features(double[][] points) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < points.length; i++) rows.add(RowFactory.create(id(i), Vectors.dense(points[i])));
    return SharedSpark.session().createDataFrame(rows,
        new StructType().add("crop_id", DataTypes.StringType).add("features", new VectorUDT()));
  }

  private static String id(int i) {
    return String.format("c%04d", i);
  }

  private static JobConfig.ClusterConfig config(String... sets) {
    return JobConfigLoader.fromYaml("input: {kind: folders, path: x}\ncluster: {k: 3}\n", List.of(sets)).config()
        .cluster();
  }

  private static Map<String, Integer> labels(ClusterStage.Clustering clustering) {
    return clustering.assignments().collectAsList().stream()
        .collect(Collectors.toMap(r -> r.getString(0), r -> r.getInt(1)));
  }

  private static ClusterStage.Choice choice(ClusterStage.Clustering clustering, String name) {
    return clustering.choices().stream().filter(c -> c.name().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no choice '" + name + "' in " + clustering.choices()));
  }

  /** Each blob lands in one cluster of its own, and no noise. */
  private static void assertRecoversBlobs(Map<String, Integer> labels) {
    for (int blob = 0; blob < 3; blob++) {
      int first = labels.get(id(blob * PER_BLOB));
      assertTrue(first >= 0);
      for (int i = 0; i < PER_BLOB; i++) assertEquals(first, labels.get(id(blob * PER_BLOB + i)));
    }
    assertEquals(3, labels.values().stream().distinct().count());
  }

  @Test
  void everyAlgorithmRecoversSeparatedBlobsWithOutlierScoresFromHdbscanOnly() {
    Dataset<Row> features = features(ClusterTestData.blobs());
    for (String algorithm : JobConfig.ALGORITHMS) {
      ClusterStage.Clustering clustering = ClusterStage.assign(features, algorithm,
          config("cluster.hdbscan.min_cluster_size=10", "cluster.dbscan.eps=4"));
      assertArrayEquals(new String[] {"crop_id", "cluster", "probability", "outlier_score"},
          clustering.assignments().columns(), algorithm);
      List<Row> rows = clustering.assignments().collectAsList();
      for (Row row : rows) {
        if (algorithm.equals("hdbscan")) {
          assertTrue(row.getDouble(3) >= 0 && row.getDouble(3) <= 1, row.toString());
        } else {
          assertTrue(row.isNullAt(3), algorithm + ": " + row);
        }
      }
      assertRecoversBlobs(labels(clustering));
    }
  }

  @Test
  void wardThroughSparkEqualsTheExactCore() {
    double[][] points = ClusterTestData.blobs();
    Map<String, Integer> viaSpark = labels(ClusterStage.assign(features(points), "ward", config()));
    assertArrayEquals(Ward.fit(points, 3), inOrder(viaSpark, points.length));
  }

  private static int[] inOrder(Map<String, Integer> labels, int n) {
    int[] out = new int[n];
    for (int i = 0; i < n; i++) out[i] = labels.get(id(i));
    return out;
  }

  @Test
  void autoKFindsThreeBlobsWithKMeansAndWard() {
    double[][] points = ClusterTestData.blobs();
    Dataset<Row> features = features(points);
    JobConfig.ClusterConfig auto = config("cluster.k=auto", "cluster.auto_k.max=5", "cluster.max_iterations=20");
    for (String algorithm : List.of("kmeans", "ward")) {
      ClusterStage.Clustering clustering = ClusterStage.assign(features, algorithm, auto);
      ClusterStage.Choice k = choice(clustering, "k");
      assertEquals(3, k.value(), algorithm + ": " + k.evidence());
      assertTrue(k.evidence().contains("silhouette") && k.evidence().contains("k=2")
          && k.evidence().contains("k=5"), k.evidence());
      assertRecoversBlobs(labels(clustering));
    }
    // Ward cuts one tree at every k: the labels are those Ward.fit gives at the chosen k.
    assertArrayEquals(Ward.fit(points, 3),
        inOrder(labels(ClusterStage.assign(features, "ward", auto)), points.length));
  }

  @Test
  void gmmBicFindsThreeBlobs() {
    // 600 points: with 120, one random GMM start per k can end in a collapsed component that BIC does not punish.
    double[][] points = ClusterTestData.blobs(200);
    ClusterStage.Clustering clustering = ClusterStage.assign(features(points), "gmm",
        config("cluster.k=auto", "cluster.auto_k.max=4", "cluster.max_iterations=20"));
    ClusterStage.Choice k = choice(clustering, "k");
    assertEquals(3, k.value(), k.evidence());
    assertTrue(k.evidence().contains("BIC") && k.evidence().contains("k=4"), k.evidence());
  }

  @Test
  void autoKDoesNotPickTheSplitThatOnlyCarvesOffATinyGroup() {
    ClusterStage.Clustering guarded = ClusterStage.assign(features(ClusterTestData.blobsWithTinyGroup()), "kmeans",
        config("cluster.k=auto", "cluster.auto_k.max=4", "cluster.auto_k.min_cluster_fraction=0.05"));
    ClusterStage.Choice k = choice(guarded, "k");
    assertEquals(3, k.value(), k.evidence());
    assertTrue(k.evidence().matches(".*k=4 \\S+ rejected \\(smallest cluster 2\\.4% < 5\\.0%\\).*"), k.evidence());
    // The trap was real: isolating the 3 outlying crops (2.4%) as a fourth cluster scored the best silhouette.
    Map<Integer, Double> silhouettes = new java.util.HashMap<>();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("k=(\\d+) (-?[0-9.]+)").matcher(k.evidence());
    while (m.find()) silhouettes.put(Integer.parseInt(m.group(1)), Double.parseDouble(m.group(2)));
    assertTrue(silhouettes.get(4) > silhouettes.get(3) && silhouettes.get(4) > silhouettes.get(2), k.evidence());
  }

  @Test
  void hdbscanSizesFollowTheRuleAndStepDownWhenEverythingIsNoise() {
    double[][] points = ClusterTestData.oneClassWithSmallGroups();
    ClusterStage.Clustering clustering = ClusterStage.assign(features(points), "hdbscan", config());
    ClusterStage.Choice samples = choice(clustering, "hdbscan_min_samples");
    ClusterStage.Choice size = choice(clustering, "hdbscan_min_cluster_size");
    assertEquals(4, samples.value(), samples.evidence());
    assertEquals(5, size.value(), size.evidence());
    assertTrue(samples.evidence().contains("min_samples 8) 0 clusters, noise 100.0% degenerate"), samples.evidence());
    Map<String, Integer> labels = labels(clustering);
    assertEquals(6, labels.values().stream().filter(l -> l >= 0).distinct().count());
  }

  @Test
  void hdbscanGoesPartitionedAboveTheDriverBound() {
    // mode auto goes partitioned above the driver bound, and says so.
    ClusterStage.Clustering auto = ClusterStage.assign(features(ClusterTestData.blobs()), "hdbscan",
        config("cluster.exact_max_points=50", "cluster.hdbscan.min_cluster_size=10"));
    assertRecoversBlobs(labels(auto));
    assertTrue(auto.assignments().collectAsList().stream().noneMatch(r -> r.isNullAt(3)));
    assertTrue(choice(auto, "hdbscan_partitioned").evidence().contains("cluster.exact_max_points = 50"));
    assertEquals(7, choice(auto, "hdbscan_min_samples").value()); // round(log2 120)
  }

  @Test
  void dbscanGoesPartitionedAboveTheDriverBoundAndEqualsExact() {
    // 300 crops, driver bound 100: partitioned DBSCAN over leaves of about 40 points, and the exact result with one.
    Dataset<Row> features = features(ClusterTestData.blobs(100));
    ClusterStage.Clustering exact = ClusterStage.assign(features, "dbscan", config("cluster.dbscan.eps=4"));
    ClusterStage.Clustering leaves = ClusterStage.assign(features, "dbscan", config("cluster.exact_max_points=100",
        "cluster.dbscan.eps=4", "cluster.hdbscan.leaf_size=40", "cluster.hdbscan.trees=4"));
    ClusterStage.Clustering oneLeaf = ClusterStage.assign(features, "dbscan",
        config("cluster.exact_max_points=100", "cluster.dbscan.eps=4"));
    assertArrayEquals(new String[] {"crop_id", "cluster", "probability", "outlier_score"},
        leaves.assignments().columns());
    assertTrue(choice(leaves, "dbscan_partitioned").evidence().contains("cluster.exact_max_points = 100"));
    assertTrue(exact.choices().isEmpty());
    Map<String, Integer> expected = labels(exact);
    assertEquals(expected, labels(oneLeaf));
    assertEquals(expected, labels(leaves));
    ClusterStage.Clustering auto = ClusterStage.assign(features, "dbscan", config("cluster.exact_max_points=100"));
    assertTrue(choice(auto, "dbscan_eps").evidence().contains("partitioned core distances"),
        choice(auto, "dbscan_eps").evidence());
    assertTrue(auto.curves().size() > 2);
    assertEquals(3, labels(auto).values().stream().filter(l -> l >= 0).distinct().count());
  }

  @Test
  void automaticDbscanEpsIsRecordedAsAChoice() {
    ClusterStage.Clustering clustering = ClusterStage.assign(features(ClusterTestData.blobs()), "dbscan", config());
    assertEquals(1, clustering.choices().size());
    ClusterStage.Choice choice = clustering.choices().get(0);
    assertEquals("dbscan_eps", choice.name());
    assertTrue(choice.value() > 0 && choice.evidence().contains("knee"), choice.toString());
    for (String multiple : List.of("x1 ", "x0.5 ", "x0.75 ", "x1.5 ", "x2 ")) {
      assertTrue(choice.evidence().contains(multiple), choice.evidence());
    }
    List<ClusterStage.CurvePoint> curve = clustering.curves();
    assertTrue(curve.size() > 2 && curve.size() <= 101, curve.toString());
    for (int i = 1; i < curve.size(); i++) {
      assertTrue(curve.get(i).value() <= curve.get(i - 1).value(), "the k-distance curve is kept sorted, descending");
    }
  }

  @Test
  void dbscanGuardReplacesAKneeThatMergesEverything() {
    double[][] points = ClusterTestData.blobsWithBackgroundAndFarOutliers();
    ClusterStage.Clustering clustering = ClusterStage.assign(features(points), "dbscan", config());
    ClusterStage.Choice eps = choice(clustering, "dbscan_eps");
    assertTrue(eps.evidence().contains("x1 eps") && eps.evidence().contains("1 clusters")
        && eps.evidence().contains("the knee is degenerate"), eps.evidence());
    long clusters = labels(clustering).values().stream().filter(l -> l >= 0).distinct().count();
    assertEquals(3, clusters, eps.evidence());
  }

  @Test
  void wardBeyondTheDriverBoundRunsOnWeightedMicroClustersAndChoosesK() {
    ClusterStage.Clustering auto = ClusterStage.assign(features(ClusterTestData.blobs()), "ward",
        config("cluster.exact_max_points=50", "cluster.ward.micro_clusters=20", "cluster.k=auto",
            "cluster.auto_k.max=5"));
    ClusterStage.Choice micro = choice(auto, "ward_micro_clusters");
    assertTrue(micro.value() > 3 && micro.value() <= 20, micro.toString());
    assertTrue(micro.evidence().contains("micro-cluster"), micro.evidence());
    assertEquals(3, choice(auto, "k").value(), choice(auto, "k").evidence());
    assertRecoversBlobs(labels(auto));
  }

  @Test
  void settingsThatCannotWorkForThisManyCropsAreNamed() {
    Dataset<Row> features = features(ClusterTestData.blobs());
    assertNames("cluster.exact_max_points",
        () -> ClusterStage.assign(features, "hdbscan", config("cluster.exact_max_points=50",
            "cluster.hdbscan.mode=exact")));
    assertNames("cluster.dbscan.mode",
        () -> ClusterStage.assign(features, "dbscan", config("cluster.exact_max_points=50",
            "cluster.dbscan.mode=exact")));
    assertNames("cluster.hdbscan.leaf_size", () -> ClusterStage.assign(features, "dbscan",
        config("cluster.exact_max_points=50", "cluster.dbscan.min_samples=40", "cluster.hdbscan.leaf_size=20")));
    assertNames("cluster.k", () -> ClusterStage.assign(features, "ward", config("cluster.k=500")));
    assertNames("cluster.k", () -> ClusterStage.assign(features, "kmeans", config("cluster.k=500")));
    assertNames("cluster.hdbscan.min_samples",
        () -> ClusterStage.assign(features, "hdbscan", config("cluster.hdbscan.min_samples=500")));
    assertNames("cluster.hdbscan.min_cluster_size",
        () -> ClusterStage.assign(features, "hdbscan", config("cluster.hdbscan.min_cluster_size=500")));
    assertNames("cluster.dbscan.min_samples",
        () -> ClusterStage.assign(features, "dbscan", config("cluster.dbscan.min_samples=500")));
    assertNames("cluster.auto_k.min",
        () -> ClusterStage.assign(features, "gmm", config("cluster.k=auto", "cluster.auto_k.min=200",
            "cluster.auto_k.max=300")));
    assertNames("cluster.ward.micro_clusters",
        () -> ClusterStage.assign(features, "ward", config("cluster.exact_max_points=50")));
    assertNames("cluster.k", () -> ClusterStage.assign(features, "ward",
        config("cluster.exact_max_points=50", "cluster.ward.micro_clusters=10", "cluster.k=20")));
    assertNames("spectral", () -> ClusterStage.assign(features, "spectral", config()));
  }

  private static void assertNames(String setting, Executable call) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    assertTrue(e.getMessage().contains(setting), e.getMessage());
  }
}
