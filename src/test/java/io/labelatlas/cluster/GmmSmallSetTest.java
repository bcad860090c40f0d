package io.labelatlas.cluster;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.labelatlas.config.JobConfig;
import io.labelatlas.config.JobConfigLoader;
import io.labelatlas.testing.SharedSpark;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * The small-set case of the defect report (83 images of 4 classes, {@code k: auto} chose k = 12): with full
 * covariances in 10 dimensions, a component of fewer than 11 points has a singular covariance and an unbounded
 * likelihood, so BIC alone rewards the top of the range.
 */
class GmmSmallSetTest {
  /** 4 unit-variance blobs of 20 points in 10-D, 8 apart along the first four axes. */
  static double[][] fourBlobsIn10d() {
    SplittableRandom random = new SplittableRandom(11);
    double[][] points = new double[80][10];
    for (int i = 0; i < points.length; i++) {
      for (int c = 0; c < 10; c++) points[i][c] = (c == i / 20 ? 8 : 0) + random.nextGaussian();
    }
    return points;
  }

  @Test
  void autoKOnASmallSetRejectsKsTheDataCannotSupport() {
    double[][] points = fourBlobsIn10d();
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < points.length; i++) {
      rows.add(RowFactory.create(String.format("c%04d", i), Vectors.dense(points[i])));
    }
    Dataset<Row> features = SharedSpark.session().createDataFrame(rows,
        new StructType().add("crop_id", DataTypes.StringType).add("features", new VectorUDT()));
    JobConfig.ClusterConfig config = JobConfigLoader.fromYaml(
        "input: {kind: folders, path: x}\ncluster: {k: auto, gmm_dimension: 10}\n", List.of()).config().cluster();

    ClusterStage.Choice k = ClusterStage.assign(features, "gmm", config).choices().get(0);
    assertTrue(k.value() < 12, k.evidence());
    assertTrue(k.evidence().contains("k=12") && k.evidence().contains("rejected"), k.evidence());
    assertTrue(k.evidence().contains("d + 1 = 11"), k.evidence());
  }
}
