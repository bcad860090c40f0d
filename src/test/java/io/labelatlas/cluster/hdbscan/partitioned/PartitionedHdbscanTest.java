package io.labelatlas.cluster.hdbscan.partitioned;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.labelatlas.cluster.hdbscan.CoreDistances;
import io.labelatlas.cluster.hdbscan.Hdbscan;
import io.labelatlas.cluster.hdbscan.HdbscanResult;
import io.labelatlas.cluster.hdbscan.SelectionMethod;
import io.labelatlas.evaluate.AgreementMetrics;
import io.labelatlas.evaluate.ContingencyTable;
import io.labelatlas.testing.SharedSpark;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class PartitionedHdbscanTest {
  private static final StructType SCHEMA = new StructType()
      .add("crop_id", DataTypes.StringType, false)
      .add("features", SQLDataTypes.VectorType(), true);

  private static Dataset<Row> frame(double[][] points) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < points.length; i++) {
      rows.add(RowFactory.create("crop-" + i, points[i] == null ? null : Vectors.dense(points[i])));
    }
    SparkSession spark = SharedSpark.session();
    return spark.createDataFrame(rows, SCHEMA);
  }

  /** Rows spread over three partitions, in order, so that the point_index crosses partitions. */
  private static Dataset<Row> framePartitioned(double[][] points) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < points.length; i++) {
      rows.add(RowFactory.create("crop-" + i, Vectors.dense(points[i])));
    }
    return SharedSpark.session().createDataFrame(
        org.apache.spark.api.java.JavaSparkContext.fromSparkContext(SharedSpark.session().sparkContext())
            .parallelize(rows, 3), SCHEMA);
  }

  private record Outputs(String[] cropIds, int[] labels, double[] probabilities, double[] outlierScores,
      double[] coreDistances) {}

  private static Outputs collect(PartitionedHdbscanResult result, int n) {
    List<Row> rows = result.assignments().orderBy("point_index")
        .select("crop_id", "point_index", "cluster", "probability", "outlier_score", "core_distance").collectAsList();
    assertEquals(n, rows.size());
    Outputs out = new Outputs(new String[n], new int[n], new double[n], new double[n], new double[n]);
    for (int i = 0; i < n; i++) {
      Row row = rows.get(i);
      assertEquals(i, row.getLong(1));
      out.cropIds[i] = row.getString(0);
      out.labels[i] = row.getInt(2);
      out.probabilities[i] = row.getDouble(3);
      out.outlierScores[i] = row.getDouble(4);
      out.coreDistances[i] = row.getDouble(5);
    }
    return out;
  }

  private static PartitionedHdbscanSettings settings(int minClusterSize, int minSamples, int leafSize, int trees,
      int sampleSize) {
    return InMemoryPartitionedHdbscanTest.settings(minClusterSize, minSamples, leafSize, trees, sampleSize);
  }

  @Test
  void oneLeafEqualsTheExactAlgorithm() {
    double[][] points = BlobsWithNoise.generate(600, 5, 4, 0.15, 4, 21);
    HdbscanResult exact = Hdbscan.fit(points, 15, 6, SelectionMethod.EOM, 0, false);
    PartitionedHdbscanResult result = PartitionedHdbscan.fit(framePartitioned(points), "features",
        settings(15, 6, 1000, 2, 100), null);
    Outputs out = collect(result, points.length);
    assertEquals("crop-17", out.cropIds[17], "input columns travel with their point");
    assertArrayEquals(exact.labels(), out.labels);
    assertArrayEquals(exact.probabilities(), out.probabilities, 0.0);
    assertArrayEquals(exact.outlierScores(), out.outlierScores, 0.0);
    assertArrayEquals(exact.coreDistances(), out.coreDistances, 0.0);
    assertArrayEquals(exact.condensedTree().child(), result.condensedTree().child());
    assertArrayEquals(exact.condensedTree().lambda(), result.condensedTree().lambda(), 0.0);
    assertEquals(1.0, result.diagnostics().get("leaves"));
  }

  @Test
  void manyLeavesAgreeWithTheExactAlgorithm() {
    // Measured: ARI 0.9994 against Hdbscan.fit; 6.4% of the core distances more than 10% above the exact ones, 1.1%
    // more than 20%.
    double[][] points = BlobsWithNoise.generate(3000, 10, 6, 0.1, 5, 22);
    HdbscanResult exact = Hdbscan.fit(points, 30, 10, SelectionMethod.EOM, 0, false);
    List<String> progress = new ArrayList<>();
    PartitionedHdbscanResult result = PartitionedHdbscan.fit(framePartitioned(points), "features",
        settings(30, 10, 300, 2, 1000), progress::add);
    Outputs out = collect(result, points.length);
    double ari = AgreementMetrics.ari(ContingencyTable.fromLabels(exact.labels(), out.labels));
    assertTrue(ari >= 0.98, "ARI " + ari);
    double off = InMemoryPartitionedHdbscanTest.shareOff(out.coreDistances, exact.coreDistances(), 0.10);
    assertTrue(off < 0.12, off + " of the core distances are more than 10% too large");
    assertTrue(result.diagnostics().get("leaves") >= 20, "leaves " + result.diagnostics().get("leaves"));
    assertEquals(2.0, result.diagnostics().get("trees"));
    assertTrue(result.diagnostics().get("sample_points") <= 1000);
    assertTrue(result.diagnostics().containsKey("seconds_core_distances"));
    assertEquals(3000.0, result.diagnostics().get("points"));
    assertEquals(6, progress.size(), String.join("\n", progress));
    assertTrue(progress.get(2).startsWith("hdbscan partitioned: core distances for 3000 points in "), progress.get(2));
  }

  @Test
  void oneTreeJoinsItsLeavesThroughTheSample() {
    double[][] points = BlobsWithNoise.generate(2000, 6, 5, 0.1, 5, 24);
    HdbscanResult exact = Hdbscan.fit(points, 25, 8, SelectionMethod.EOM, 0, false);
    PartitionedHdbscanResult result = PartitionedHdbscan.fit(frame(points), "features", settings(25, 8, 250, 1, 400),
        null);
    Outputs out = collect(result, points.length);
    assertTrue(result.diagnostics().get("components_joined") > 0);
    assertEquals(result.diagnostics().get("forest_components") - 1, result.diagnostics().get("components_joined"));
    // Measured: ARI 0.955, 8 leaves joined through 400 sample points.
    double ari = AgreementMetrics.ari(ContingencyTable.fromLabels(exact.labels(), out.labels));
    assertTrue(ari >= 0.9, "ARI " + ari);
  }

  @Test
  void pointsInLeavesSmallerThanMinSamplesGetExactCoreDistances() {
    double[][] points = BlobsWithNoise.generate(400, 3, 3, 0.1, 5, 23);
    PartitionedHdbscanResult result = PartitionedHdbscan.fit(frame(points), "features", settings(10, 10, 10, 1, 400),
        null);
    double[] exact = CoreDistances.compute(points, 10);
    Outputs out = collect(result, points.length);
    double shortLeafPoints = result.diagnostics().get("short_leaf_points");
    assertTrue(shortLeafPoints > 0);
    int exactOnes = 0;
    for (int i = 0; i < points.length; i++) {
      assertTrue(out.coreDistances[i] >= exact[i]);
      exactOnes += out.coreDistances[i] == exact[i] ? 1 : 0;
    }
    assertTrue(exactOnes >= shortLeafPoints, exactOnes + " exact core distances");
  }

  @Test
  void readsFloatArrayColumns() {
    double[][] points = BlobsWithNoise.generate(200, 3, 2, 0.1, 5, 25);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < points.length; i++) {
      float[] vector = new float[3];
      for (int d = 0; d < 3; d++) {
        vector[d] = (float) points[i][d];
      }
      rows.add(RowFactory.create(i, vector));
    }
    StructType schema = new StructType().add("id", DataTypes.IntegerType)
        .add("embedding", DataTypes.createArrayType(DataTypes.FloatType));
    PartitionedHdbscanResult result = PartitionedHdbscan.fit(SharedSpark.session().createDataFrame(rows, schema),
        "embedding", settings(10, 5, 50, 2, 200), null);
    assertEquals(200, result.assignments().count());
    assertEquals(List.of("id", "embedding", "point_index", "cluster", "probability", "outlier_score", "core_distance"),
        List.of(result.assignments().columns()));
  }

  private static String rejection(Dataset<Row> data, PartitionedHdbscanSettings settings) {
    return assertThrows(IllegalArgumentException.class, () -> PartitionedHdbscan.fit(data, "features", settings, null))
        .getMessage();
  }

  @Test
  void rejectsBadInputNamingTheProblem() {
    PartitionedHdbscanSettings settings = settings(2, 2, 10, 1, 10);
    String ragged = rejection(frame(new double[][] {{0, 1}, {1, 2}, {1, 2, 3}, {4, 5}}), settings);
    assertTrue(ragged.contains("column 'features' of the row with point_index 2 has 3 values but the row with "
        + "point_index 0 has 2"), ragged);
    String nan = rejection(frame(new double[][] {{0, 1}, {Double.NaN, 2}, {3, 4}}), settings);
    assertTrue(nan.contains("column 'features' of the row with point_index 1 has NaN at position 0"), nan);
    String missing = rejection(frame(new double[][] {{0, 1}, {1, 2}, null}), settings);
    assertTrue(missing.contains("column 'features' of the row with point_index 2 is null"), missing);
    String tooFew = rejection(frame(new double[][] {{0, 1}, {1, 2}}), settings(2, 3, 10, 1, 10));
    assertTrue(tooFew.contains("'minSamples' = 3 exceeds the 2 rows"), tooFew);
    String empty = rejection(frame(new double[][] {{0, 1}}).limit(0), settings);
    assertTrue(empty.contains("no rows"), empty);
    String column = assertThrows(IllegalArgumentException.class, () -> PartitionedHdbscan.fit(
        frame(new double[][] {{0, 1}}), "vector", settings, null)).getMessage();
    assertTrue(column.contains("'featuresCol' = 'vector' is not a column"), column);
    String clash = rejection(frame(new double[][] {{0, 1}}).withColumnRenamed("crop_id", "cluster"), settings);
    assertTrue(clash.contains("already has a column 'cluster'"), clash);
  }
}
