package io.labelatlas.audit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.labelatlas.store.Table;
import io.labelatlas.testing.SharedSpark;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A "defect-free" class that is really three textures (three blobs, clustered into clusters 0, 1, 2) and a "short"
 * class of one blob (cluster 3), in 3-d around an offset far from the origin.
 */
class SubclassStageTest {
  private static final double[][] CENTRES = {{0, 0, 0}, {10, 0, 0}, {0, 10, 0}, {0, 0, 10}};
  private static final String[] LABELS = {"defect-free", "defect-free", "defect-free", "short"};
  private static final int PER_BLOB = 30;
  private static final double OFFSET = 1000;

  private static SparkSession spark;
  private static Dataset<Row> assigned;
  private static Dataset<Row> labels;
  private static Dataset<Row> features;
  private static double[][] points;

  @BeforeAll
  static void data() {
    spark = SharedSpark.session();
    Random random = new Random(5);
    List<Row> assignedRows = new ArrayList<>();
    List<Row> labelRows = new ArrayList<>();
    List<Row> featureRows = new ArrayList<>();
    points = new double[CENTRES.length * PER_BLOB + 4][];
    for (int p = 0; p < points.length; p++) {
      // The last four crops: two unlabelled ones in cluster 0 and two labelled noise points.
      int blob = p < CENTRES.length * PER_BLOB ? p / PER_BLOB : 0;
      points[p] = new double[3];
      for (int d = 0; d < 3; d++) points[p][d] = OFFSET + CENTRES[blob][d] + 0.5 * random.nextGaussian();
      String id = "crop" + p;
      boolean noise = p >= CENTRES.length * PER_BLOB + 2;
      assignedRows.add(RowFactory.create(id, noise ? -1 : blob));
      if (p < CENTRES.length * PER_BLOB || noise) labelRows.add(RowFactory.create(id, LABELS[blob]));
      featureRows.add(RowFactory.create(id, Vectors.dense(points[p])));
    }
    assigned = spark.createDataFrame(assignedRows, new StructType()
        .add("crop_id", DataTypes.StringType).add("cluster", DataTypes.IntegerType));
    labels = spark.createDataFrame(labelRows, new StructType()
        .add("crop_id", DataTypes.StringType).add("label", DataTypes.StringType));
    features = spark.createDataFrame(featureRows, new StructType()
        .add("crop_id", DataTypes.StringType).add("features", new VectorUDT()));
  }

  @Test
  void reportsExactlyTheClassThatIsThreeBlobs() {
    List<Row> rows = new SubclassStage(HiddenSubclasses.defaults()).run(assigned, labels, features)
        .orderBy("cluster").collectAsList();
    assertEquals(3, rows.size());
    for (int i = 0; i < 3; i++) {
      Row row = rows.get(i);
      assertEquals("defect-free", row.getAs("label"));
      assertEquals(i, (int) row.getAs("cluster"));
      assertEquals(3, (int) row.getAs("parts"));
      assertEquals(3L * PER_BLOB + 2, (long) row.getAs("class_size")); // the two noise points count
      assertEquals((long) PER_BLOB, (long) row.getAs("members"));
      assertEquals(i == 0 ? PER_BLOB + 2L : PER_BLOB, (long) row.getAs("cluster_size"));
      assertEquals(1.0, row.<Double>getAs("cluster_purity"), 1e-12);
      // Centres 10 apart, radius about 0.5 * sqrt(3): separation near 11.5.
      double separation = row.getAs("separation");
      assertTrue(separation > 2 && separation < 20, "separation " + separation);
      assertTrue(row.<String>getAs("detail").contains("well separated"), row.<String>getAs("detail"));
    }
  }

  @Test
  void aggregatesEqualThoseComputedDirectly() {
    List<HiddenSubclasses.Cell> cells = new ArrayList<>(SubclassStage.cells(assigned, labels, features));
    cells.sort(Comparator.comparing(HiddenSubclasses.Cell::label).thenComparingInt(HiddenSubclasses.Cell::cluster));
    assertEquals(5, cells.size()); // defect-free in -1, 0, 1, 2; short in 3
    for (HiddenSubclasses.Cell cell : cells) {
      List<double[]> members = new ArrayList<>();
      for (int p = 0; p < points.length; p++) {
        int blob = p < CENTRES.length * PER_BLOB ? p / PER_BLOB : 0;
        boolean noise = p >= CENTRES.length * PER_BLOB + 2;
        boolean labelled = p < CENTRES.length * PER_BLOB || noise;
        if (labelled && LABELS[blob].equals(cell.label()) && (noise ? -1 : blob) == cell.cluster()) {
          members.add(points[p]);
        }
      }
      assertEquals(members.size(), cell.members());
      double[] mean = new double[3];
      for (double[] m : members) for (int d = 0; d < 3; d++) mean[d] += m[d] / members.size();
      double msd = 0;
      for (double[] m : members) {
        for (int d = 0; d < 3; d++) msd += (m[d] - mean[d]) * (m[d] - mean[d]) / members.size();
      }
      assertArrayEquals(mean, cell.centroid(), 1e-9);
      assertEquals(msd, cell.meanSquaredDistance(), 1e-9);
    }
    assertEquals(Map.of(-1, 2L, 0, 32L, 1, 30L, 2, 30L, 3, 30L), SubclassStage.clusterSizes(assigned));
  }

  @Test
  void rowsBecomeSubclassesRowsOnceRunAndAlgorithmAreAdded() {
    Dataset<Row> rows = new SubclassStage(HiddenSubclasses.defaults()).run(assigned, labels, features);
    assertEquals(SubclassStage.SCHEMA, rows.schema());
    Dataset<Row> table = rows.withColumn("run_id", functions.lit("r")).withColumn("algorithm", functions.lit("kmeans"))
        .select(Table.SUBCLASSES.columns());
    assertEquals(Table.SUBCLASSES.schema().fieldNames().length, table.columns().length);
    assertEquals(3, table.count());
  }

  @Test
  void namesAMissingColumn() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SubclassStage.cells(assigned, labels.withColumnRenamed("label", "given_label"), features));
    assertTrue(e.getMessage().contains("'label'"), e.getMessage());
  }
}
