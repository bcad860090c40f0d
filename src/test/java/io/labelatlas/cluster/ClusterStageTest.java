package io.labelatlas.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.labelatlas.cluster.ward.Ward;
import io.labelatlas.config.JobConfig;
import io.labelatlas.config.JobConfigLoader;
import io.labelatlas.testing.SharedSpark;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** Every configured algorithm through the Spark stage, on three well-separated blobs with known membership. */
class ClusterStageTest {
  private static final int PER_BLOB = 40;

  private static double[][] blobs() {
    SplittableRandom random = new SplittableRandom(3);
    double[][] centres = {{0, 0, 0}, {20, 0, 0}, {0, 20, 0}};
    double[][] points = new double[3 * PER_BLOB][];
    for (int i = 0; i < points.length; i++) {
      double[] c = centres[i / PER_BLOB];
      points[i] = new double[] {c[0] + random.nextGaussian(), c[1] + random.nextGaussian(), c[2] + random.nextGaussian()};
    }
    return points;
  }

  private static Dataset<Row> features(double[][] points) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < points.length; i++) rows.add(RowFactory.create(String.format("c%04d", i), Vectors.dense(points[i])));
    return SharedSpark.session().createDataFrame(rows,
        new StructType().add("crop_id", DataTypes.StringType).add("features", new VectorUDT()));
  }

  private static JobConfig.ClusterConfig config(String... sets) {
    return JobConfigLoader.fromYaml("input: {kind: folders, path: x}\ncluster: {k: 3}\n", List.of(sets)).config().cluster();
  }

  private static Map<String, Integer> labels(ClusterStage.Clustering clustering) {
    return clustering.assignments().collectAsList().stream()
        .collect(Collectors.toMap(r -> r.getString(0), r -> r.getInt(1)));
  }

  /** Each blob lands in one cluster of its own, and no noise. */
  private static void assertRecoversBlobs(Map<String, Integer> labels) {
    for (int blob = 0; blob < 3; blob++) {
      int first = labels.get(String.format("c%04d", blob * PER_BLOB));
      assertTrue(first >= 0);
      for (int i = 0; i < PER_BLOB; i++) assertEquals(first, labels.get(String.format("c%04d", blob * PER_BLOB + i)));
    }
    assertEquals(3, labels.values().stream().distinct().count());
  }

  @Test
  void everyAlgorithmRecoversSeparatedBlobs() {
    Dataset<Row> features = features(blobs());
    for (String algorithm : JobConfig.ALGORITHMS) {
      ClusterStage.Clustering clustering = ClusterStage.assign(features, algorithm,
          config("cluster.hdbscan.min_cluster_size=10", "cluster.dbscan.eps=4"));
      assertRecoversBlobs(labels(clustering));
    }
  }

  @Test
  void wardThroughSparkEqualsTheExactCore() {
    double[][] points = blobs();
    Map<String, Integer> viaSpark = labels(ClusterStage.assign(features(points), "ward", config()));
    int[] direct = Ward.fit(points, 3);
    int[] spark = new int[points.length];
    for (int i = 0; i < points.length; i++) spark[i] = viaSpark.get(String.format("c%04d", i));
    assertArrayEquals(direct, spark);
  }

  @Test
  void automaticDbscanEpsIsRecordedAsAChoice() {
    ClusterStage.Clustering clustering = ClusterStage.assign(features(blobs()), "dbscan", config());
    assertEquals(1, clustering.choices().size());
    ClusterStage.Choice choice = clustering.choices().get(0);
    assertEquals("dbscan_eps", choice.name());
    assertTrue(choice.value() > 0 && choice.evidence().contains("knee"), choice.toString());
  }

  @Test
  void exactAlgorithmsRefuseMorePointsThanTheDriverBound() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ClusterStage.assign(features(blobs()), "hdbscan", config("cluster.exact_max_points=50")));
    assertTrue(e.getMessage().contains("cluster.exact_max_points"), e.getMessage());
    IllegalArgumentException k = assertThrows(IllegalArgumentException.class,
        () -> ClusterStage.assign(features(blobs()), "ward", config("cluster.k=500")));
    assertTrue(k.getMessage().contains("cluster.k"), k.getMessage());
  }
}
