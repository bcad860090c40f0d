package io.labelatlas.review;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.labelatlas.store.DeltaStore;
import io.labelatlas.store.Table;
import io.labelatlas.testing.SharedSpark;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReviewSimulationTest {
  @TempDir Path root;

  @Test
  void checkpointsGrowByAboutAQuarter() {
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L), ReviewSimulation.checkpoints(7));
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 12L, 15L, 20L, 25L, 30L, 33L),
        ReviewSimulation.checkpoints(33));
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 12L, 15L, 20L, 25L, 30L, 40L, 50L, 60L, 80L,
        100L), ReviewSimulation.checkpoints(100));
  }

  @Test
  void coldStartConfirmingClustersBeatsLabellingOneByOneAndNeverTouchesTheRealTables() {
    SparkSession spark = SharedSpark.session();
    DeltaStore store = ReviewTables.write(spark, root.resolve("tables").toString());
    ReviewScenario cold = new ReviewScenario(store, ReviewTables.RUN, "kmeans", LabelSources.GIVEN, null);
    assertThrows(DecisionException.class, () -> new ReviewSimulation(cold,
        new DeltaStore(spark, root.resolve("x").toString()), LabelSpreading.defaults(), 0.5, line -> {})
        .run(ReviewStrategy.SUSPECTS, 0, 5));

    List<ReviewSimulation.Point> clusters = new ReviewSimulation(cold,
        new DeltaStore(spark, root.resolve("clusters").toString()), LabelSpreading.defaults(), 0.5, line -> {})
        .run(ReviewStrategy.CLUSTERS_LARGEST, 0, 3);
    assertEquals(0.0, clusters.get(0).accuracy());
    // Two confirmations label all 20 crops; b9 (truly 'a', in the b group) is the one wrong. Then single crops.
    assertEquals(2, clusters.get(2).actions());
    assertEquals(19 / 20.0, clusters.get(2).accuracy(), 1e-12);
    assertEquals(3, clusters.get(3).actions());
    DeltaStore clusterScratch = new DeltaStore(spark, root.resolve("clusters").toString());
    assertEquals(List.of("confirm", "confirm", "relabel"), clusterScratch.read(Table.DECISIONS).orderBy("decided_at")
        .select("action").collectAsList().stream().map(r -> r.getString(0)).toList());

    List<ReviewSimulation.Point> oneByOne = new ReviewSimulation(cold,
        new DeltaStore(spark, root.resolve("one").toString()), LabelSpreading.defaults(), 0.5, line -> {})
        .run(ReviewStrategy.ONE_BY_ONE, 0, 5);
    assertEquals(2 / 20.0, oneByOne.get(2).accuracy(), 1e-12);
    assertEquals(5 / 20.0, oneByOne.get(5).accuracy(), 1e-12);
    assertEquals(2.0, ReviewEffort.toAccuracy(clusters, 0.95), 1e-9);
    assertEquals(1.5, ReviewEffort.toAccuracy(clusters, 0.725), 1e-9, "halfway between 0.5 at 1 and 0.95 at 2");
    assertEquals(-1.0, ReviewEffort.toAccuracy(oneByOne, 0.95));

    assertFalse(store.exists(Table.DECISIONS), "the simulation decides in its scratch tables only");
    assertEquals(20, store.read(Table.LABELS).count());
    DeltaStore scratch = new DeltaStore(spark, root.resolve("one").toString());
    assertEquals(5, scratch.read(Table.DECISIONS).filter("reviewer = 'oracle'").count());
  }

  @Test
  void anAuditCountsTheWrongLabelsFixedAndTheRightOnesBroken() {
    SparkSession spark = SharedSpark.session();
    DeltaStore store = ReviewTables.write(spark, root.resolve("tables").toString());
    // injected:t flips a3 to b and b4 to a; everything else keeps its given label (b9's is 'a').
    store.merge(Table.LABELS, store.read(Table.LABELS).filter("source = 'given'")
        .withColumn("label", functions.expr("CASE crop_id WHEN 'a3' THEN 'b' WHEN 'b4' THEN 'a' ELSE label END"))
        .withColumn("source", functions.lit("injected:t")), DeltaStore.OnMatch.UPDATE);
    ReviewScenario audit = new ReviewScenario(store, ReviewTables.RUN, "kmeans", LabelSources.GIVEN, "injected:t");
    List<ReviewSimulation.Point> points = new ReviewSimulation(audit,
        new DeltaStore(spark, root.resolve("worst").toString()), LabelSpreading.defaults(), 0.5, line -> {})
        .run(ReviewStrategy.CLUSTERS_WORST, 0, 2);
    assertEquals(18 / 20.0, points.get(0).accuracy(), 1e-12);
    assertEquals(0.0, points.get(0).wrongFixed());
    // Cluster 1 (purity 0.8 under injected:t) comes first: b4 is fixed, b9 (truly 'a') is made 'b'.
    assertEquals(0.5, points.get(1).wrongFixed(), 1e-12);
    assertEquals(1, points.get(1).broken());
    assertEquals(1.0, points.get(2).wrongFixed(), 1e-12);
    assertEquals(19 / 20.0, points.get(2).accuracy(), 1e-12);
  }
}
