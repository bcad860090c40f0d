package io.labelatlas.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.labelatlas.config.JobConfigLoader;
import io.labelatlas.store.DeltaStore;
import io.labelatlas.testing.SharedSpark;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit reports each sub-step while it runs (issue 10, defect 3), not only its results at the end. */
class AuditStepTest {
  @TempDir Path dir;

  @Test
  void printsAProgressLinePerSubStepWithItsCounts() {
    SparkSession spark = SharedSpark.session();
    Random random = new Random(3);
    List<Row> features = new ArrayList<>(), assigned = new ArrayList<>(), labels = new ArrayList<>();
    for (int i = 0; i < 90; i++) {
      int cls = i % 3;
      String id = String.format("crop-%03d", i);
      features.add(RowFactory.create(id, Vectors.dense(10 * cls + random.nextGaussian(), random.nextGaussian(),
          random.nextGaussian())));
      assigned.add(RowFactory.create(id, cls));
      // Every tenth label is wrong: those are the suspects.
      labels.add(RowFactory.create(id, "class" + (i % 10 == 0 ? (cls + 1) % 3 : cls)));
    }
    Dataset<Row> featureFrame = spark.createDataFrame(features, new StructType()
        .add("crop_id", DataTypes.StringType, false).add("features", SQLDataTypes.VectorType(), false));
    Dataset<Row> assignedFrame = spark.createDataFrame(assigned, new StructType()
        .add("crop_id", DataTypes.StringType, false).add("cluster", DataTypes.IntegerType, false));
    Dataset<Row> labelFrame = spark.createDataFrame(labels, new StructType()
        .add("crop_id", DataTypes.StringType, false).add("label", DataTypes.StringType, true));
    JobConfigLoader.Loaded demo = JobConfigLoader.load(Path.of("jobs/demo.yaml"), null, List.of());

    ByteArrayOutputStream console = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(console, true, StandardCharsets.UTF_8);
    try (RunResources resources = new RunResources()) {
      AuditStep audit = new AuditStep(new DeltaStore(spark, dir.toString()), demo.config(), out, resources);
      AuditStep.Audited kmeans = audit.audit(featureFrame, assignedFrame, labelFrame, "kmeans", "run-1");
      audit.audit(featureFrame, assignedFrame, labelFrame, "gmm", "run-1");
      assertEquals(kmeans.suspects().count(), kmeans.metricRows().get(0).getDouble(3));
      // Nine of the 90 labels are wrong, in well-separated classes: the estimate is near 10% and every class has one.
      Row all = kmeans.labelQuality().filter("label = '*'").first();
      assertEquals(90L, all.<Long>getAs("crops"));
      assertEquals(0.1, all.<Double>getAs("wrong_share"), 0.05, all.toString());
      assertEquals(4, kmeans.labelQuality().count());
      assertTrue(kmeans.metricRows().stream().anyMatch(row -> row.getString(2).equals("audit:probe_accuracy")
          && row.getDouble(3) > 0.85));
    }
    String text = console.toString(StandardCharsets.UTF_8);
    System.out.print(text);
    assertTrue(text.contains("  [audit:kmeans] 1/6 neighbours: 90 crops, "), text);
    assertTrue(text.contains("  [audit] probe fold 1/5: "), text);
    assertTrue(text.contains("  [audit:kmeans] 2/6 probe: logistic regression, 5 folds, 3 classes, "), text);
    assertTrue(text.contains("  [audit:kmeans] 3/6 scored: 90 labelled crops, "), text);
    assertTrue(text.contains("  [audit:kmeans] 4/6 ranked: "), text);
    assertTrue(text.contains("  [audit:kmeans] 5/6 label quality: "), text);
    assertTrue(text.contains("  [audit:kmeans] 6/6 subclasses: "), text);
    assertTrue(text.contains("  [audit:gmm] 1/6 neighbours: 90 crops, found for an earlier algorithm"), text);
    assertTrue(text.contains("  [audit:gmm] 2/6 probe: fitted for an earlier algorithm"), text);
    assertTrue(text.contains("audit: kmeans: an estimated "), text);
    // The progress comes before the step's result line.
    assertTrue(text.indexOf("[audit:kmeans] 3/6") < text.indexOf("audit: kmeans: "), text);
  }
}
