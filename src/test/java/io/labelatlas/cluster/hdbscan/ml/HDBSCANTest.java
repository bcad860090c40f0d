package io.labelatlas.cluster.hdbscan.ml;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.labelatlas.cluster.hdbscan.Hdbscan;
import io.labelatlas.cluster.hdbscan.HdbscanResult;
import io.labelatlas.cluster.hdbscan.SelectionMethod;
import io.labelatlas.testing.SharedSpark;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.Vector;
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
import org.junit.jupiter.api.io.TempDir;

/** The estimator and model on three separated 4-d blobs plus noise (400 rows), exact mode unless named. */
class HDBSCANTest {
  private static double[][] points;
  private static Dataset<Row> data;
  private static HDBSCANModel model;
  /** Training label of each row, by id. */
  private static int[] trainingLabels;

  private static SparkSession spark() {
    return SharedSpark.session();
  }

  @BeforeAll
  static void fitOnce() {
    points = SeparatedBlobs.points();
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < points.length; i++) {
      double[] p = points[i];
      rows.add(RowFactory.create(i, p[0], p[1], p[2], p[3], Vectors.dense(p)));
    }
    StructType schema = new StructType().add("id", DataTypes.IntegerType).add("x0", DataTypes.DoubleType)
        .add("x1", DataTypes.DoubleType).add("x2", DataTypes.DoubleType).add("x3", DataTypes.DoubleType)
        .add("features", new VectorUDT());
    data = spark().createDataFrame(rows, schema).repartition(3).cache();
    model = new HDBSCAN().fit(data);
    trainingLabels = new int[points.length];
    for (Row row : model.trainingAssignments().select("id", "cluster").collectAsList()) {
      trainingLabels[row.getInt(0)] = row.getInt(1);
    }
  }

  private static Dataset<Row> vectors(double[]... vectors) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < vectors.length; i++) {
      rows.add(RowFactory.create(i, Vectors.dense(vectors[i])));
    }
    return spark().createDataFrame(rows,
        new StructType().add("id", DataTypes.IntegerType).add("features", new VectorUDT()));
  }

  /** Output rows by {@code id}: cluster, probability, outlier score. */
  private static Map<Integer, double[]> outputsById(Dataset<Row> transformed) {
    Map<Integer, double[]> byId = new HashMap<>();
    for (Row row : transformed.select("id", "cluster", "probability", "outlier_score").collectAsList()) {
      byId.put(row.getInt(0), new double[] {row.getInt(1), row.getDouble(2), row.getDouble(3)});
    }
    return byId;
  }

  /** The training label most rows of a blob got. */
  private static int labelOfBlob(int blob) {
    Map<Integer, Integer> votes = new HashMap<>();
    for (int i = blob * SeparatedBlobs.PER_BLOB; i < (blob + 1) * SeparatedBlobs.PER_BLOB; i++) {
      votes.merge(trainingLabels[i], 1, Integer::sum);
    }
    return votes.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
  }

  @Test
  void defaultsAndSetters() {
    HDBSCAN h = new HDBSCAN();
    assertEquals("features", h.getFeaturesCol());
    assertEquals("cluster", h.getPredictionCol());
    assertEquals("probability", h.getProbabilityCol());
    assertEquals("outlier_score", h.getOutlierScoreCol());
    assertEquals(15, h.getMinClusterSize());
    assertEquals(5, h.getMinSamples());
    assertEquals("eom", h.getClusterSelectionMethod());
    assertEquals(0.0, h.getClusterSelectionEpsilon());
    assertEquals(false, h.getAllowSingleCluster());
    assertEquals("auto", h.getMode());
    assertEquals(20000, h.getExactMaxPoints());
    assertEquals(2000, h.getLeafSize());
    assertEquals(8, h.getNumTrees());
    assertEquals(50000, h.getSampleSize());
    assertEquals(5000, h.getPredictionSampleSize());
    assertEquals(16, h.params().length);

    h.setFeaturesCol("f").setPredictionCol("c").setProbabilityCol("p").setOutlierScoreCol("o").setMinClusterSize(7)
        .setMinSamples(3).setClusterSelectionMethod("leaf").setClusterSelectionEpsilon(0.5)
        .setAllowSingleCluster(true).setMode("partitioned").setExactMaxPoints(10).setLeafSize(100).setNumTrees(4)
        .setSampleSize(900).setSeed(99).setPredictionSampleSize(50);
    assertEquals(List.of("f", "c", "p", "o"),
        List.of(h.getFeaturesCol(), h.getPredictionCol(), h.getProbabilityCol(), h.getOutlierScoreCol()));
    assertEquals(List.of(7, 3, 10, 100, 4, 900, 50), List.of(h.getMinClusterSize(), h.getMinSamples(),
        h.getExactMaxPoints(), h.getLeafSize(), h.getNumTrees(), h.getSampleSize(), h.getPredictionSampleSize()));
    assertEquals("leaf", h.getClusterSelectionMethod());
    assertEquals(SelectionMethod.LEAF, h.selectionMethod());
    assertEquals(0.5, h.getClusterSelectionEpsilon());
    assertTrue(h.getAllowSingleCluster());
    assertEquals("partitioned", h.getMode());
    assertEquals(99L, h.getSeed());
  }

  @Test
  void rejectsInvalidParamsNamingThem() {
    HDBSCAN h = new HDBSCAN();
    Map<String, Consumer<HDBSCAN>> bad = Map.of(
        "minClusterSize", e -> e.setMinClusterSize(1),
        "minSamples", e -> e.setMinSamples(0),
        "clusterSelectionMethod", e -> e.setClusterSelectionMethod("excess"),
        "clusterSelectionEpsilon", e -> e.setClusterSelectionEpsilon(-0.1),
        "mode", e -> e.setMode("fast"),
        "predictionSampleSize", e -> e.setPredictionSampleSize(0));
    bad.forEach((name, setter) -> {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> setter.accept(h), name);
      assertTrue(e.getMessage().contains(name), e.getMessage());
    });
    assertThrows(IllegalArgumentException.class, () -> h.setClusterSelectionEpsilon(Double.POSITIVE_INFINITY));
  }

  @Test
  void exactFitFindsTheBlobsWithTheLabelsOfHdbscanFit() {
    assertEquals(3, model.numClusters());
    List<Row> rows = model.trainingAssignments().orderBy("point_index")
        .select("point_index", "features", "cluster", "probability", "outlier_score").collectAsList();
    assertEquals(points.length, rows.size());
    double[][] inFitOrder = new double[rows.size()][];
    for (int i = 0; i < rows.size(); i++) {
      assertEquals(i, rows.get(i).getLong(0));
      inFitOrder[i] = ((Vector) rows.get(i).get(1)).toArray();
    }
    HdbscanResult expected = Hdbscan.fit(inFitOrder, 15, 5, SelectionMethod.EOM, 0, false);
    for (int i = 0; i < rows.size(); i++) {
      assertEquals(expected.labels()[i], rows.get(i).getInt(2), "row " + i);
      assertEquals(expected.probabilities()[i], rows.get(i).getDouble(3), 1e-12, "row " + i);
      assertEquals(expected.outlierScores()[i], rows.get(i).getDouble(4), 1e-12, "row " + i);
    }
    // Each blob is one cluster of its own.
    assertEquals(3, List.of(labelOfBlob(0), labelOfBlob(1), labelOfBlob(2)).stream().distinct().count());
    for (int blob = 0; blob < 3; blob++) {
      assertTrue(labelOfBlob(blob) >= 0);
    }
  }

  @Test
  void transformOnTheTrainingRowsAgreesWithTheTrainingLabels() {
    Dataset<Row> transformed = model.transform(data);
    assertEquals(DataTypes.IntegerType, transformed.schema().apply("cluster").dataType());
    Map<Integer, double[]> byId = outputsById(transformed);
    int clustered = 0;
    int agree = 0;
    for (int id = 0; id < points.length; id++) {
      if (trainingLabels[id] >= 0) {
        clustered++;
        agree += (int) byId.get(id)[0] == trainingLabels[id] ? 1 : 0;
      }
    }
    assertTrue(agree >= 0.95 * clustered, agree + " of " + clustered);
  }

  @Test
  void pointsNearTheCentresJoinTheirBlobAndFarPointsAreNoise() {
    double[][] c = SeparatedBlobs.CENTRES;
    Dataset<Row> fresh = vectors(
        c[0], new double[] {0.3, -0.2, 0.1, 0.2},
        c[1], new double[] {11.8, 0.3, -0.1, 0.0},
        c[2], new double[] {0.1, 12.2, 0.2, -0.3},
        new double[] {100, 100, 100, 100}, new double[] {-60, 6, 6, 6});
    Map<Integer, double[]> byId = outputsById(model.transform(fresh));
    for (int id = 0; id < 6; id++) {
      double[] out = byId.get(id);
      assertEquals(labelOfBlob(id / 2), (int) out[0], "row " + id);
      assertTrue(out[1] > 0.5, "row " + id + " probability " + out[1]);
      assertTrue(out[2] < 0.5, "row " + id + " outlier score " + out[2]);
    }
    for (int id = 6; id < 8; id++) {
      assertEquals(-1, (int) byId.get(id)[0], "row " + id);
      assertEquals(0.0, byId.get(id)[1]);
      assertTrue(byId.get(id)[2] > 0.9, "row " + id + " outlier score " + byId.get(id)[2]);
    }
  }

  @Test
  void oneRowGetsWhatItGetsInABatch() {
    Map<Integer, double[]> batch = outputsById(model.transform(data));
    for (int id : new int[] {5, 200, 390}) {
      Map<Integer, double[]> single = outputsById(model.transform(vectors(points[id])));
      assertArrayEquals(batch.get(id), single.get(0), 1e-15, "row " + id);
    }
  }

  @Test
  void aSmallPredictionSampleStillFindsTheBlobs() {
    HDBSCANModel small = new HDBSCAN().setMode("exact").setPredictionSampleSize(60).setSeed(3).fit(data);
    assertTrue(small.predictionData().size() <= 60, "kept " + small.predictionData().size());
    assertEquals(3, small.numClusters());
    Map<Integer, double[]> byId = outputsById(small.transform(vectors(SeparatedBlobs.CENTRES)));
    for (int blob = 0; blob < 3; blob++) {
      assertEquals(labelOfBlob(blob), (int) byId.get(blob)[0], "blob " + blob);
    }
  }

  @Test
  void fitsAndTransformsInAPipelineAndTheFittedPipelineSavesAndLoads(@TempDir Path dir) throws Exception {
    Dataset<Row> columns = data.select("id", "x0", "x1", "x2", "x3");
    Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {
        new VectorAssembler().setInputCols(new String[] {"x0", "x1", "x2", "x3"}).setOutputCol("v"),
        new HDBSCAN().setFeaturesCol("v").setPredictionCol("blob")});
    PipelineModel fitted = pipeline.fit(columns);
    HDBSCANModel stage = (HDBSCANModel) fitted.stages()[1];
    assertEquals(3, stage.numClusters());
    Dataset<Row> out = fitted.transform(columns);
    assertTrue(List.of(out.columns()).containsAll(List.of("v", "blob", "probability", "outlier_score")));
    assertEquals(3, out.filter("blob >= 0").select("blob").distinct().count());

    String path = dir.resolve("pipeline").toString();
    fitted.write().overwrite().save(path);
    PipelineModel loaded = PipelineModel.load(path);
    assertEquals(out.orderBy("id").collectAsList(), loaded.transform(columns).orderBy("id").collectAsList());
  }

  @Test
  void theEstimatorSavesAndLoads(@TempDir Path dir) throws Exception {
    HDBSCAN h = new HDBSCAN().setMinClusterSize(9).setMinSamples(4).setClusterSelectionMethod("leaf")
        .setClusterSelectionEpsilon(0.25).setMode("exact").setSeed(17).setPredictionCol("blob");
    String path = dir.resolve("estimator").toString();
    h.save(path);
    HDBSCAN loaded = HDBSCAN.load(path);
    assertEquals(h.uid(), loaded.uid());
    assertEquals(9, loaded.getMinClusterSize());
    assertEquals(4, loaded.getMinSamples());
    assertEquals("leaf", loaded.getClusterSelectionMethod());
    assertEquals(0.25, loaded.getClusterSelectionEpsilon());
    assertEquals("exact", loaded.getMode());
    assertEquals(17L, loaded.getSeed());
    assertEquals("blob", loaded.getPredictionCol());
    assertEquals(5000, loaded.getPredictionSampleSize());
  }

  @Test
  void theModelSavesAndLoadsWithIdenticalOutput(@TempDir Path dir) throws Exception {
    String path = dir.resolve("model").toString();
    model.save(path);
    HDBSCANModel loaded = HDBSCANModel.load(path);
    assertEquals(model.uid(), loaded.uid());
    assertEquals(model.numClusters(), loaded.numClusters());
    assertEquals(model.getMinSamples(), loaded.getMinSamples());
    assertNull(loaded.trainingAssignments());
    assertNotNull(model.trainingAssignments());
    Dataset<Row> probe = data.union(vectors(new double[] {100, 0, 0, 0}).select(
        lit(-1).as("id"), lit(0.0).as("x0"), lit(0.0).as("x1"), lit(0.0).as("x2"), lit(0.0).as("x3"), col("features")));
    assertEquals(model.transform(probe).orderBy("id").collectAsList(),
        loaded.transform(probe).orderBy("id").collectAsList());
    assertThrows(Exception.class, () -> model.save(path), "saving over an existing model needs overwrite()");
  }

  @Test
  void transformSchemaRejectsAMissingOrNonVectorFeaturesColumnAndTakenOutputNames() {
    StructType noFeatures = new StructType().add("id", DataTypes.IntegerType);
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
        () -> new HDBSCAN().transformSchema(noFeatures));
    assertTrue(missing.getMessage().contains("featuresCol 'features'"), missing.getMessage());

    StructType arrayFeatures = new StructType().add("features", DataTypes.createArrayType(DataTypes.DoubleType));
    IllegalArgumentException notVector = assertThrows(IllegalArgumentException.class,
        () -> model.transformSchema(arrayFeatures));
    assertTrue(notVector.getMessage().contains("MLlib vector"), notVector.getMessage());

    StructType taken = new StructType().add("features", new VectorUDT()).add("cluster", DataTypes.IntegerType);
    IllegalArgumentException exists = assertThrows(IllegalArgumentException.class,
        () -> new HDBSCAN().transformSchema(taken));
    assertTrue(exists.getMessage().contains("predictionCol 'cluster'"), exists.getMessage());

    StructType out = new HDBSCAN().transformSchema(new StructType().add("features", new VectorUDT()));
    assertEquals(List.of("features", "cluster", "probability", "outlier_score"), List.of(out.fieldNames()));

    IllegalArgumentException reserved = assertThrows(IllegalArgumentException.class,
        () -> new HDBSCAN().fit(data.withColumn("point_index", lit(1L))));
    assertTrue(reserved.getMessage().contains("'point_index'"), reserved.getMessage());
  }
}
