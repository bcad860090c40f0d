package io.labelatlas.review;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.labelatlas.store.DeltaStore;
import io.labelatlas.store.Table;
import io.labelatlas.testing.SharedSpark;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DecisionLogTest {
  private static final Instant T = Instant.parse("2026-12-08T10:00:00Z");

  @TempDir Path root;

  private static Decision cluster(ReviewAction action, String reviewer, Instant at, String label, Integer... clusters) {
    return new Decision(ReviewTables.RUN, "kmeans", reviewer, at, action, List.of(clusters), null, null, label);
  }

  private static Decision crops(ReviewAction action, String reviewer, Instant at, String label, String... ids) {
    return new Decision(ReviewTables.RUN, null, reviewer, at, action, null, List.of(ids), null, label);
  }

  private static Map<String, String> rows(DeltaStore store, String source) {
    Map<String, String> labels = new TreeMap<>();
    for (Row row : store.read(Table.LABELS).filter(col("source").equalTo(source)).collectAsList()) {
      labels.put(row.getAs("crop_id"), row.getAs("label") + "@" + row.getAs("decided_by"));
    }
    return labels;
  }

  private static Map<String, String> current(DeltaStore store) {
    Map<String, String> labels = new TreeMap<>();
    for (Row row : CurrentLabels.of(store.read(Table.LABELS), LabelSources.GIVEN).collectAsList()) {
      labels.put(row.getAs("crop_id"), row.getAs("label") + "/" + row.getAs("source"));
    }
    return labels;
  }

  @Test
  void decisionsBecomeLabelsWithProvenanceAndTheLaterDecisionWins() {
    SparkSession spark = SharedSpark.session();
    DeltaStore store = ReviewTables.write(spark, root.resolve("tables").toString());
    DecisionLog log = new DecisionLog(spark, store);

    Decision confirm = cluster(ReviewAction.CONFIRM, "ann", T, "a", 0);
    assertEquals(Map.of(confirm.decisionId(), 10L), log.record(List.of(confirm)));
    Map<String, String> confirmed = rows(store, LabelSources.CLUSTER_CONFIRMED);
    assertEquals(10, confirmed.size());
    assertTrue(confirmed.values().stream().allMatch("a@ann"::equals), confirmed.toString());
    Row first = store.read(Table.LABELS).filter("crop_id = 'a3' AND source = 'cluster_confirmed'").first();
    assertEquals("decision:" + confirm.decisionId(), first.getAs("origin"));

    // The same request again is the same decision: nothing is added or applied twice.
    log.record(List.of(confirm));
    assertEquals(1, store.read(Table.DECISIONS).count());
    assertEquals(10, store.read(Table.LABELS).filter("source = 'cluster_confirmed'").count());

    log.record(List.of(crops(ReviewAction.RELABEL, "bob", T.plusSeconds(60), "b", "a2")));
    // An older decision arriving late (a slow client) is kept in decisions but does not override the newer one.
    log.record(List.of(crops(ReviewAction.RELABEL, "carol", T.minusSeconds(60), "c", "a2", "a4")));
    Map<String, String> human = rows(store, LabelSources.HUMAN);
    assertEquals(Map.of("a2", "b@bob", "a4", "c@carol"), human);
    assertEquals(3, store.read(Table.DECISIONS).count());

    log.record(List.of(cluster(ReviewAction.MERGE, "dan", T.plusSeconds(120), "ab", 0, 1)));
    Map<String, String> now = current(store);
    assertEquals("b/human", now.get("a2"));
    assertEquals("c/human", now.get("a4"));
    assertEquals("ab/cluster_confirmed", now.get("a0"));
    assertEquals("ab/cluster_confirmed", now.get("lone"));
    assertEquals(21, now.size());

    // A job's rerun rewrites only given labels: the people's rows stay as they are.
    List<Row> peopleBefore = store.read(Table.LABELS).filter("source <> 'given'").orderBy("crop_id", "source")
        .collectAsList();
    store.merge(Table.LABELS, store.read(Table.LABELS).filter("source = 'given'"), DeltaStore.OnMatch.UPDATE);
    assertEquals(peopleBefore, store.read(Table.LABELS).filter("source <> 'given'").orderBy("crop_id", "source")
        .collectAsList());
  }

  @Test
  void ofTwoDecisionsAtTheSameInstantTheLargerIdWinsWhicheverArrivesFirst() {
    SparkSession spark = SharedSpark.session();
    Decision x = crops(ReviewAction.RELABEL, "ann", T, "x", "a1");
    Decision y = crops(ReviewAction.RELABEL, "bob", T, "y", "a1");
    String winner = x.decisionId().compareTo(y.decisionId()) > 0 ? "x" : "y";
    for (List<Decision> order : List.of(List.of(x, y), List.of(y, x))) {
      DeltaStore store = ReviewTables.write(spark, root.resolve("tables-" + order.get(0).labelAfter()).toString());
      DecisionLog log = new DecisionLog(spark, store);
      for (Decision d : order) log.record(List.of(d));
      assertEquals(winner, rows(store, LabelSources.HUMAN).get("a1").split("@")[0], "arrival order " + order);
    }
  }

  @Test
  void unsureIsRecordedWithoutALabelAndUnknownTargetsAreRefused() {
    SparkSession spark = SharedSpark.session();
    DeltaStore store = ReviewTables.write(spark, root.resolve("tables").toString());
    DecisionLog log = new DecisionLog(spark, store);
    Decision unsure = crops(ReviewAction.UNSURE, "ann", T, null, "b1", "b2");
    assertEquals(2L, log.record(List.of(unsure)).get(unsure.decisionId()));
    Row recorded = store.read(Table.DECISIONS).first();
    assertEquals("unsure", recorded.getAs("action"));
    assertEquals(List.of("b1", "b2"), recorded.getList(recorded.fieldIndex("crop_ids")));
    assertEquals(0, store.read(Table.LABELS).filter("source NOT IN ('given')").count());

    DecisionException cluster = assertThrows(DecisionException.class,
        () -> log.record(List.of(cluster(ReviewAction.CONFIRM, "ann", T, "a", 7))));
    assertTrue(cluster.getMessage().contains("no cluster 7 (its clusters are 0..1)"), cluster.getMessage());
    DecisionException algorithm = assertThrows(DecisionException.class, () -> log.record(List.of(
        new Decision(ReviewTables.RUN, "gmm", "ann", T, ReviewAction.CONFIRM, List.of(0), null, null, "a"))));
    assertTrue(algorithm.getMessage().contains("no clustering by 'gmm'"), algorithm.getMessage());
    DecisionException crop = assertThrows(DecisionException.class,
        () -> log.record(List.of(crops(ReviewAction.RELABEL, "ann", T, "a", "a1", "../../etc/passwd"))));
    assertTrue(crop.getMessage().contains("no crop ../../etc/passwd"), crop.getMessage());
    assertEquals(1, store.read(Table.DECISIONS).count(), "a refused decision writes nothing");
  }
}
