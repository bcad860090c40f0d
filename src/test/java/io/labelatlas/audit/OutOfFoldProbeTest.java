package io.labelatlas.audit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.labelatlas.testing.SharedSpark;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The out-of-fold probe and confident learning on it: three Gaussian classes in 4 dimensions (100 crops each, centres
 * 3 standard deviations apart), 10% of the labels flipped to another class at random.
 */
class OutOfFoldProbeTest {
  private static final StructType FEATURES = new StructType()
      .add("crop_id", DataTypes.StringType, false).add("features", SQLDataTypes.VectorType(), true);
  private static final StructType LABELS = new StructType()
      .add("crop_id", DataTypes.StringType, false).add("label", DataTypes.StringType, true);
  private static final OutOfFoldProbe.Settings SETTINGS = new OutOfFoldProbe.Settings(5, 1e-3, 100, 3);
  private static Dataset<Row> features;
  private static Dataset<Row> labels;
  private static final Map<String, Boolean> FLIPPED = new HashMap<>();
  private static OutOfFoldProbe.Result probe;

  @BeforeAll
  static void fit() {
    SplittableRandom random = new SplittableRandom(17);
    List<Row> featureRows = new ArrayList<>();
    List<Row> labelRows = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      int truth = i % 3;
      double[] point = new double[4];
      for (int d = 0; d < 4; d++) {
        point[d] = (d == truth ? 3 : 0) + gaussian(random);
      }
      boolean flip = i % 10 == 0;
      int given = flip ? (truth + 1 + random.nextInt(2)) % 3 : truth;
      String id = String.format("crop-%03d", i);
      featureRows.add(RowFactory.create(id, Vectors.dense(point)));
      labelRows.add(RowFactory.create(id, "class-" + given));
      FLIPPED.put(id, flip);
    }
    labelRows.add(RowFactory.create("unlabelled", null));
    featureRows.add(RowFactory.create("unlabelled", Vectors.dense(0, 0, 0, 0)));
    features = SharedSpark.session().createDataFrame(featureRows, FEATURES);
    labels = SharedSpark.session().createDataFrame(labelRows, LABELS);
    probe = OutOfFoldProbe.fit(features, labels, SETTINGS, line -> {});
  }

  private static double gaussian(SplittableRandom random) {
    return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
  }

  @Test
  void everyLabelledCropGetsProbabilitiesThatSumToOne() {
    assertTrue(probe.ran());
    assertEquals(5, probe.folds());
    assertArrayEquals(new String[] {"class-0", "class-1", "class-2"}, probe.classes());
    List<Row> rows = probe.probabilities().collectAsList();
    assertEquals(300, rows.size(), "the unlabelled crop is not probed");
    for (Row row : rows) {
      List<Double> p = row.getList(2);
      assertEquals(3, p.size());
      assertEquals(1, p.stream().mapToDouble(Double::doubleValue).sum(), 1e-9);
    }
  }

  /** Refits fold 0's model by hand (MLlib, same settings, without fold 0) and checks fold 0 got its probabilities. */
  @Test
  void noCropIsScoredByAModelThatSawItsLabel() {
    Dataset<Row> indexed = new StringIndexer().setInputCol("label").setOutputCol("label_index")
        .setStringOrderType("alphabetAsc").fit(labels.filter("label IS NOT NULL"))
        .transform(labels.filter("label IS NOT NULL").join(features, "crop_id"));
    List<String> foldZero = new ArrayList<>();
    List<String> others = new ArrayList<>();
    for (Row row : indexed.select("crop_id").collectAsList()) {
      (OutOfFoldProbe.fold(row.getString(0), SETTINGS.seed(), 5) == 0 ? foldZero : others).add(row.getString(0));
    }
    assertTrue(foldZero.size() > 30 && foldZero.size() < 90, "fold 0 holds " + foldZero.size());
    LogisticRegressionModel model = new LogisticRegression().setFamily("multinomial").setFeaturesCol("features")
        .setLabelCol("label_index").setRegParam(1e-3).setElasticNetParam(0).setMaxIter(100).setTol(1e-6)
        .fit(indexed.filter(functions.col("crop_id").isin(others.toArray())));
    Map<String, double[]> expected = new HashMap<>();
    for (Row row : model.transform(indexed.filter(functions.col("crop_id").isin(foldZero.toArray())))
        .select("crop_id", "probability").collectAsList()) {
      expected.put(row.getString(0), ((Vector) row.get(1)).toArray());
    }
    for (Row row : probe.probabilities().filter(functions.col("crop_id").isin(foldZero.toArray())).collectAsList()) {
      double[] got = row.<Double>getList(2).stream().mapToDouble(Double::doubleValue).toArray();
      assertArrayEquals(expected.get(row.getString(0)), got, 1e-9, row.getString(0));
    }
  }

  @Test
  void confidentLearningEstimatesTheFlippedShareAndRanksThem() {
    SuspectStage.Scored scored = SuspectStage.score(features, features.select("crop_id").withColumn("cluster",
        functions.lit(0)), labels, features.select("crop_id").withColumn("neighbour_ids",
        functions.array()), probe, AuditSettings.defaults());
    assertNotNull(scored.joint());
    assertEquals(0.10, scored.joint().overallNoiseRate(), 0.04, "30 of 300 flipped");
    Dataset<Row> truth = SharedSpark.session().createDataFrame(FLIPPED.entrySet().stream()
        .map(e -> RowFactory.create(e.getKey(), e.getValue())).toList(), new StructType()
        .add("crop_id", DataTypes.StringType).add("flipped", DataTypes.BooleanType));
    Map<String, Double> measures = new HashMap<>();
    for (Row row : SuspectQuality.of(scored.rows(), truth, AuditSettings.defaults()).collectAsList()) {
      if (row.getString(1).equals("*") && row.isNullAt(3)) {
        measures.put(row.getString(0) + ":" + row.getString(2), row.getDouble(4));
      }
    }
    assertTrue(measures.get("confident_learning:precision@flipped") >= 0.8, measures.toString());
    assertTrue(measures.get("confident_learning:auroc") >= 0.95, measures.toString());
    assertTrue(measures.get("labelatlas:precision@flipped") >= 0.8, measures.toString());

    Row flippedRow = scored.rows().filter(functions.col("crop_id").equalTo("crop-000")).first();
    assertEquals("class-0", flippedRow.getAs("probe_label"), "crop-000 is truly class 0 and given another label");
    assertTrue((double) flippedRow.getAs("probe_self_confidence") < 0.5);
    assertTrue((double) flippedRow.getAs("probe_normalized_margin") < 0);

    List<Row> quality = LabelQualityStage.of(scored, 5).collectAsList();
    assertEquals(4, quality.size());
    Row all = quality.stream().filter(row -> row.getString(0).equals("*")).findFirst().orElseThrow();
    assertEquals(300L, all.getLong(1));
    double share = all.getDouble(3);
    assertTrue(all.getDouble(4) <= share && share <= all.getDouble(5), all.toString());
    assertTrue(all.getLong(9) >= 20 && all.getLong(9) <= 120, "reading effort for 90%: " + all);
    for (Row row : quality) {
      if (!row.getString(0).equals("*")) {
        assertNotNull(row.getString(7), "every class has some probable wrong labels: " + row);
      }
    }
  }

  @Test
  void smallAndSingleClassesFallBackWithANote() {
    Dataset<Row> oneCrop = labels.withColumn("label", functions.when(functions.col("crop_id").equalTo("crop-001"),
        functions.lit("rare")).otherwise(functions.col("label")));
    OutOfFoldProbe.Result small = OutOfFoldProbe.fit(features, oneCrop, SETTINGS, line -> {});
    assertTrue(small.ran());
    assertEquals(2, small.folds());
    assertTrue(small.note().contains("'rare' has a single crop"), small.note());
    Row rare = small.probabilities().filter(functions.col("crop_id").equalTo("crop-001")).first();
    assertTrue(rare.<Double>getList(2).get(3) < 0.05, "rare's only crop was never trained on: " + rare);

    // A class of three crops and 3 folds: one crop in each fold, so each is scored by a model that saw the other two.
    Dataset<Row> tiny = labels.withColumn("label", functions.when(functions.col("crop_id").isin("crop-003",
        "crop-006", "crop-009"), functions.lit("tiny")).otherwise(functions.col("label")));
    List<Row> counts = tiny.filter("label IS NOT NULL").groupBy("label").count().orderBy("label").collectAsList();
    Map<String, Integer> folds = OutOfFoldProbe.smallClassFolds(tiny.filter("label IS NOT NULL"), counts, 3, 3);
    assertEquals(java.util.Set.of("crop-003", "crop-006", "crop-009"), folds.keySet());
    assertEquals(java.util.Set.of(0, 1, 2), new java.util.HashSet<>(folds.values()));

    OutOfFoldProbe.Result single = OutOfFoldProbe.fit(features, labels.withColumn("label", functions.lit("one")),
        SETTINGS, line -> {});
    assertFalse(single.ran());
    assertTrue(single.note().contains("a single labelled class ('one')"), single.note());
    OutOfFoldProbe.Result none = OutOfFoldProbe.fit(features, labels.withColumn("label",
        functions.lit(null).cast(DataTypes.StringType)), SETTINGS, line -> {});
    assertFalse(none.ran());
    assertTrue(none.note().contains("no labelled crop"), none.note());
  }
}
