package io.labelatlas.review;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.labelatlas.testing.ReferencePython;
import io.labelatlas.testing.SharedSpark;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** Label spreading on Spark against scikit-learn's {@code LabelSpreading} on the same graph. */
class PropagationStageTest {
  private static final StructType NEIGHBOURS = new StructType()
      .add("crop_id", DataTypes.StringType, false)
      .add("neighbour_ids", DataTypes.createArrayType(DataTypes.StringType, false), false)
      .add("neighbour_distances", DataTypes.createArrayType(DataTypes.DoubleType, false), false);
  private static final StructType SEEDS = new StructType()
      .add("crop_id", DataTypes.StringType, false)
      .add("label", DataTypes.StringType, false)
      .add("weight", DataTypes.DoubleType, false);

  /** Three 2-d blobs of 40 points with exact 10-nearest-neighbour lists; {@code [i][0..9]} ids, distances. */
  private record Graph(int[][] ids, double[][] distances, int[] blob) {
    static Graph blobs(long seed, int perBlob, int k) {
      Random random = new Random(seed);
      int n = 3 * perBlob;
      double[][] points = new double[n][];
      int[] blob = new int[n];
      for (int i = 0; i < n; i++) {
        blob[i] = i / perBlob;
        points[i] = new double[] {blob[i] * 3.0 + random.nextGaussian(), (blob[i] % 2) * 2.0 + random.nextGaussian()};
      }
      int[][] ids = new int[n][];
      double[][] distances = new double[n][];
      for (int i = 0; i < n; i++) {
        double[] p = points[i];
        int self = i;
        ids[i] = IntStream.range(0, n).filter(j -> j != self).boxed()
            .sorted(Comparator.comparingDouble(j -> Math.hypot(points[j][0] - p[0], points[j][1] - p[1])))
            .limit(k).mapToInt(Integer::intValue).toArray();
        distances[i] = Arrays.stream(ids[i]).mapToDouble(j -> Math.hypot(points[j][0] - p[0], points[j][1] - p[1]))
            .toArray();
      }
      return new Graph(ids, distances, blob);
    }

    Dataset<Row> rows(SparkSession spark) {
      List<Row> rows = new ArrayList<>();
      for (int i = 0; i < ids.length; i++) {
        rows.add(RowFactory.create(id(i), Arrays.stream(ids[i]).mapToObj(Graph::id).toList(),
            Arrays.stream(distances[i]).boxed().toList()));
      }
      return spark.createDataFrame(rows, NEIGHBOURS).repartition(3);
    }

    static String id(int i) {
      return String.format("p%03d", i);
    }
  }

  @Test
  void matchesScikitLearnPassForPass() throws Exception {
    assumeTrue(ReferencePython.has("sklearn, numpy"), "needs /usr/bin/python3 with scikit-learn");
    SparkSession spark = SharedSpark.session();
    Graph graph = Graph.blobs(11, 40, 10);
    int n = graph.ids().length;
    int[] seeds = new int[n];
    Arrays.fill(seeds, -1);
    List<Row> seedRows = new ArrayList<>();
    for (int i = 0; i < n; i += 9) {
      seeds[i] = graph.blob()[i];
      seedRows.add(RowFactory.create(Graph.id(i), "c" + seeds[i], 1.0));
    }
    double alpha = 0.9;
    int passes = 20;
    PropagationStage.Spread spread = PropagationStage.run(graph.rows(spark), spark.createDataFrame(seedRows, SEEDS),
        new LabelSpreading(alpha, passes, 0, 0), line -> {});
    assertEquals(passes, spread.passes());
    assertEquals(List.of("c0", "c1", "c2"), spread.classes());

    String spec = "{\"neighbours\": " + json(graph.ids()) + ", \"distances\": " + json(graph.distances())
        + ", \"seeds\": " + Arrays.toString(seeds) + ", \"alpha\": " + alpha + ", \"passes\": " + passes + "}";
    List<String> reference = ReferencePython.run(
        Path.of("src/test/resources/review/label_spreading_reference.py"), spec);
    assertEquals(n, reference.size());
    Map<String, Row> ours = spread.labels().collectAsList().stream()
        .collect(Collectors.toMap(r -> r.getString(0), r -> r));
    assertEquals(n, ours.size(), "every node is reached in " + passes + " passes");
    int agreeWithBlob = 0;
    for (int i = 0; i < n; i++) {
      double[] expected = Arrays.stream(reference.get(i).split(" ")).mapToDouble(Double::parseDouble).toArray();
      int best = 0;
      for (int c = 1; c < expected.length; c++) if (expected[c] > expected[best]) best = c;
      Row row = ours.get(Graph.id(i));
      assertEquals("c" + best, row.getString(1), "node " + i);
      assertEquals(expected[best], row.getDouble(2), 1e-9, "node " + i);
      if (best == graph.blob()[i]) agreeWithBlob++;
    }
    assertTrue(agreeWithBlob >= 0.9 * n, agreeWithBlob + " of " + n + " spread to their own blob's label");
  }

  @Test
  void stopsWhenScoresSettleAndLeavesUnseededComponentsUnreached() {
    SparkSession spark = SharedSpark.session();
    Graph graph = Graph.blobs(5, 30, 10);
    // Cut every edge between blobs: blob 2 has no seed, so nothing reaches it.
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < graph.ids().length; i++) {
      List<String> ids = new ArrayList<>();
      List<Double> distances = new ArrayList<>();
      for (int m = 0; m < graph.ids()[i].length; m++) {
        if (graph.blob()[graph.ids()[i][m]] != graph.blob()[i]) continue;
        ids.add(Graph.id(graph.ids()[i][m]));
        distances.add(graph.distances()[i][m]);
      }
      rows.add(RowFactory.create(Graph.id(i), ids, distances));
    }
    List<Row> seeds = new ArrayList<>();
    for (int i = 0; i < 60; i += 6) seeds.add(RowFactory.create(Graph.id(i), "c" + graph.blob()[i], 1.0));
    PropagationStage.Spread spread = PropagationStage.run(spark.createDataFrame(rows, NEIGHBOURS),
        spark.createDataFrame(seeds, SEEDS), LabelSpreading.defaults(), line -> {});
    assertTrue(spread.passes() < LabelSpreading.defaults().maxIterations(), "passes " + spread.passes());
    assertTrue(spread.change() <= LabelSpreading.defaults().tolerance(), "change " + spread.change());
    Map<String, String> labels = new HashMap<>();
    for (Row row : spread.labels().collectAsList()) labels.put(row.getString(0), row.getString(1));
    int reached = 0;
    for (int i = 0; i < graph.ids().length; i++) {
      String label = labels.get(Graph.id(i));
      if (graph.blob()[i] == 2) {
        assertEquals(null, label, "node " + i + " has no path to a seed");
      } else if (label != null) {
        assertEquals("c" + graph.blob()[i], label, "node " + i);
        reached++;
      }
    }
    assertTrue(reached >= 57, reached + " of the 60 nodes of the seeded blobs reached");
  }

  private static String json(int[][] values) {
    return Arrays.stream(values).map(Arrays::toString).collect(Collectors.joining(", ", "[", "]"));
  }

  private static String json(double[][] values) {
    return Arrays.stream(values).map(Arrays::toString).collect(Collectors.joining(", ", "[", "]"));
  }
}
