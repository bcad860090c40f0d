package io.labelatlas.cluster.hdbscan.partitioned;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.labelatlas.testing.SharedSpark;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ApproximateNeighboursTest {
  private static final StructType SCHEMA = new StructType()
      .add("crop_id", DataTypes.StringType, true)
      .add("features", SQLDataTypes.VectorType(), true);
  private static final int K = 10;
  private static double[][] blobs;
  private static int[][] exact;

  @BeforeAll
  static void bruteForce() {
    blobs = BlobsWithNoise.generate(2000, 10, 6, 0.05, 5, 31);
    exact = bruteForce(blobs, K);
  }

  private static Dataset<Row> frame(double[][] points) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < points.length; i++) {
      rows.add(RowFactory.create("crop-" + i, points[i] == null ? null : Vectors.dense(points[i])));
    }
    return SharedSpark.session().createDataFrame(
        JavaSparkContext.fromSparkContext(SharedSpark.session().sparkContext()).parallelize(rows, 3), SCHEMA);
  }

  /** The k nearest other points of each point, by (distance, index). */
  private static int[][] bruteForce(double[][] points, int k) {
    int[][] found = new int[points.length][];
    for (int i = 0; i < points.length; i++) {
      CandidateNeighbours list = new CandidateNeighbours(k);
      for (int j = 0; j < points.length; j++) {
        if (j != i) {
          list.offer(j, SquaredEuclidean.between(points[i], points[j]));
        }
      }
      found[i] = new int[list.size()];
      Arrays.setAll(found[i], r -> list.id(r));
    }
    return found;
  }

  private record Found(int[][] ids, double[][] distances) {}

  private static Found collect(Dataset<Row> result, int n) {
    assertEquals(ApproximateNeighbours.COLUMNS, Arrays.asList(result.columns()));
    List<Row> rows = result.collectAsList();
    assertEquals(n, rows.size());
    Found found = new Found(new int[n][], new double[n][]);
    for (Row row : rows) {
      int point = Integer.parseInt(row.getString(0).substring("crop-".length()));
      List<String> ids = row.getList(1);
      List<Double> distances = row.getList(2);
      found.ids[point] = ids.stream().mapToInt(id -> Integer.parseInt(id.substring("crop-".length()))).toArray();
      found.distances[point] = distances.stream().mapToDouble(Double::doubleValue).toArray();
    }
    return found;
  }

  private static double recall(Found found, int[][] truth) {
    long hits = 0;
    long total = 0;
    for (int i = 0; i < truth.length; i++) {
      Set<Integer> got = new HashSet<>();
      for (int id : found.ids[i]) {
        got.add(id);
      }
      for (int id : truth[i]) {
        hits += got.contains(id) ? 1 : 0;
      }
      total += truth[i].length;
    }
    return hits / (double) total;
  }

  /** Every list: k entries, no self, ascending, and each distance the true distance to the point named. */
  private static void assertConsistent(Found found, double[][] points, int k) {
    for (int i = 0; i < points.length; i++) {
      assertEquals(k, found.ids[i].length, "neighbours of point " + i);
      for (int r = 0; r < k; r++) {
        assertTrue(found.ids[i][r] != i, "point " + i + " lists itself");
        assertEquals(Math.sqrt(SquaredEuclidean.between(points[i], points[found.ids[i][r]])), found.distances[i][r],
            1e-12);
        if (r > 0) {
          assertTrue(found.distances[i][r] >= found.distances[i][r - 1]);
        }
      }
    }
  }

  @Test
  void defaultsFindNearlyAllTrueNeighbours() {
    // Measured: recall 0.997 with leaves of 1,000 points and 4 trees on 2,000 points.
    Found found = collect(ApproximateNeighbours.find(frame(blobs), ApproximateNeighbours.Settings.defaults(K, 5)),
        blobs.length);
    assertConsistent(found, blobs, K);
    double recall = recall(found, exact);
    assertTrue(recall >= 0.99, "recall " + recall);
  }

  @Test
  void smallLeavesStayAccurateAndMoreTreesHelp() {
    // Measured with leaves of 200 points (about 10 a tree): recall 0.57 with one tree, 0.93 with four.
    Found one = collect(ApproximateNeighbours.find(frame(blobs),
        new ApproximateNeighbours.Settings(K, 200, 1, 1000, 5)), blobs.length);
    Found four = collect(ApproximateNeighbours.find(frame(blobs),
        new ApproximateNeighbours.Settings(K, 200, 4, 1000, 5)), blobs.length);
    assertConsistent(four, blobs, K);
    double recallOne = recall(one, exact);
    double recallFour = recall(four, exact);
    assertTrue(recallFour >= 0.9, "recall with 4 trees " + recallFour);
    assertTrue(recallFour >= recallOne + 0.2, recallOne + " with one tree, " + recallFour + " with four");
  }

  @Test
  void oneLeafIsExact() {
    double[][] points = BlobsWithNoise.generate(300, 4, 3, 0.1, 4, 32);
    Found found = collect(ApproximateNeighbours.find(frame(points), new ApproximateNeighbours.Settings(5, 500, 3, 300,
        1)), points.length);
    int[][] truth = bruteForce(points, 5);
    for (int i = 0; i < points.length; i++) {
      assertArrayEquals(truth[i], found.ids[i], "point " + i);
    }
  }

  @Test
  void pointsInLeavesSmallerThanKGetExactNeighbours() {
    double[][] points = BlobsWithNoise.generate(400, 3, 3, 0.1, 5, 33);
    Found found = collect(ApproximateNeighbours.find(frame(points), new ApproximateNeighbours.Settings(8, 9, 1, 400,
        2)), points.length);
    assertConsistent(found, points, 8);
  }

  @Test
  void fewerRowsThanKGiveEveryOtherRow() {
    Found found = collect(ApproximateNeighbours.find(frame(new double[][] {{0}, {1}, {3}}),
        ApproximateNeighbours.Settings.defaults(10, 0)), 3);
    assertArrayEquals(new int[] {1, 2}, found.ids[0]);
    assertArrayEquals(new double[] {1, 3}, found.distances[0], 0);
    assertArrayEquals(new int[] {0, 2}, found.ids[1]);
    Found alone = collect(ApproximateNeighbours.find(frame(new double[][] {{0, 1}}),
        ApproximateNeighbours.Settings.defaults(10, 0)), 1);
    assertEquals(0, alone.ids[0].length);
  }

  @Test
  void badRowsAreNamed() {
    IllegalArgumentException nullVector = assertThrows(IllegalArgumentException.class,
        () -> ApproximateNeighbours.find(frame(new double[][] {{0, 1}, null, {2, 2}}),
            ApproximateNeighbours.Settings.defaults(1, 0)));
    assertEquals("column 'features' of crop_id 'crop-1' is null", nullVector.getMessage());
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
        () -> ApproximateNeighbours.find(frame(new double[][] {{0}}).withColumnRenamed("features", "f"),
            ApproximateNeighbours.Settings.defaults(1, 0)));
    assertTrue(missing.getMessage().contains("no column 'features'"), missing.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new ApproximateNeighbours.Settings(10, 10, 1, 100, 0));
    assertThrows(IllegalArgumentException.class, () -> new ApproximateNeighbours.Settings(0, 10, 1, 100, 0));
    IllegalArgumentException sample = assertThrows(IllegalArgumentException.class,
        () -> ApproximateNeighbours.find(frame(blobs), new ApproximateNeighbours.Settings(K, 20, 1, 100, 0)));
    assertTrue(sample.getMessage().contains("'sampleSize' = 100 is too small"), sample.getMessage());
  }
}
