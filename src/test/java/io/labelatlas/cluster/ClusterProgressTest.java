package io.labelatlas.cluster;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.labelatlas.cluster.auto.ClusterTestData;
import io.labelatlas.config.JobConfig;
import io.labelatlas.config.JobConfigLoader;
import io.labelatlas.testing.SharedSpark;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** Clustering reports what it is doing while it runs: one line per candidate k of {@code k: auto}, per phase else. */
class ClusterProgressTest {
  private static Dataset<Row> features(double[][] points) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < points.length; i++) {
      rows.add(RowFactory.create(String.format("c%04d", i), Vectors.dense(points[i])));
    }
    return SharedSpark.session().createDataFrame(rows,
        new StructType().add("crop_id", DataTypes.StringType).add("features", new VectorUDT()));
  }

  private static JobConfig.ClusterConfig config(String... sets) {
    return JobConfigLoader.fromYaml("input: {kind: folders, path: x}\ncluster: {k: 3}\n", List.of(sets)).config()
        .cluster();
  }

  private static List<String> progressOf(String algorithm, JobConfig.ClusterConfig config) {
    List<String> lines = Collections.synchronizedList(new ArrayList<>());
    ClusterStage.assign(features(ClusterTestData.blobs()), algorithm, config, lines::add);
    return lines;
  }

  private static void assertLineFor(List<String> lines, String... parts) {
    assertTrue(lines.stream().anyMatch(line -> {
      for (String part : parts) if (!line.contains(part)) return false;
      return true;
    }), "no progress line with " + List.of(parts) + " in " + lines);
  }

  @Test
  void autoKMeansReportsEveryCandidateWithItsScoreAndTime() {
    List<String> lines = progressOf("kmeans", config("cluster.k=auto", "cluster.auto_k.max=3",
        "cluster.max_iterations=20"));
    for (int k = 2; k <= 3; k++) assertLineFor(lines, "k-means", "k=" + k, "silhouette", " s");
  }

  @Test
  void gmmReportsEveryCandidateK() {
    List<String> lines = progressOf("gmm", config("cluster.k=auto", "cluster.auto_k.max=3",
        "cluster.max_iterations=20"));
    for (int k = 2; k <= 3; k++) assertLineFor(lines, "GMM", "k=" + k, "BIC", " s");
  }

  @Test
  void theOtherAlgorithmsReportTheirPhases() {
    assertLineFor(progressOf("hdbscan", config("cluster.hdbscan.min_cluster_size=10")), "hdbscan");
    assertLineFor(progressOf("ward", config()), "ward");
    assertLineFor(progressOf("dbscan", config("cluster.dbscan.eps=4")), "dbscan");
  }
}
