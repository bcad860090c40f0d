package io.labelatlas.cluster.hdbscan.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.labelatlas.testing.SharedSpark;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** {@code mode = partitioned} on the blobs of {@link SeparatedBlobs}: any exception from the fit fails the test. */
@Tag("slow")
class HDBSCANPartitionedModeTest {

  private static Dataset<Row> frame(double[][] points) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < points.length; i++) {
      rows.add(RowFactory.create(i, Vectors.dense(points[i])));
    }
    return SharedSpark.session().createDataFrame(rows,
        new StructType().add("id", DataTypes.IntegerType).add("features", new VectorUDT()));
  }

  @Test
  void partitionedModeFindsTheBlobsAndPredictsTheirCentres() {
    double[][] points = SeparatedBlobs.points();
    Dataset<Row> data = frame(points).repartition(3).cache();
    HDBSCANModel model = new HDBSCAN().setMode("partitioned").setLeafSize(200).setSampleSize(400)
        .setPredictionSampleSize(100).setPredictionCol("blob").fit(data);
    assertEquals(3, model.numClusters());
    assertTrue(model.predictionData().size() <= 100, "kept " + model.predictionData().size());
    Dataset<Row> training = model.trainingAssignments();
    assertEquals(points.length, training.count());
    assertTrue(List.of(training.columns()).containsAll(List.of("point_index", "blob", "probability", "outlier_score",
        "core_distance")), List.of(training.columns()).toString());

    Set<Integer> centreLabels = new HashSet<>();
    for (Row row : model.transform(frame(SeparatedBlobs.CENTRES)).select("blob", "probability").collectAsList()) {
      assertTrue(row.getInt(0) >= 0 && row.getDouble(1) > 0.5, row.toString());
      centreLabels.add(row.getInt(0));
    }
    assertEquals(3, centreLabels.size());
  }
}
