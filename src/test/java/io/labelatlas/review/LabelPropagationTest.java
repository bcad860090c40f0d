package io.labelatlas.review;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.labelatlas.store.DeltaStore;
import io.labelatlas.store.Table;
import io.labelatlas.testing.SharedSpark;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabelPropagationTest {
  @TempDir Path root;

  private static Map<String, Row> propagated(DeltaStore store) {
    Map<String, Row> rows = new HashMap<>();
    for (Row row : store.read(Table.LABELS).filter("source = 'propagated'").collectAsList()) {
      rows.put(row.getAs("crop_id"), row);
    }
    return rows;
  }

  @Test
  void spreadsPeoplesDecisionsAndLeavesEveryOtherSourceAlone() {
    SparkSession spark = SharedSpark.session();
    DeltaStore store = ReviewTables.write(spark, root.resolve("tables").toString());
    LabelPropagation propagation = new LabelPropagation(store);
    DecisionException none = assertThrows(DecisionException.class, () -> propagation.propagate(ReviewTables.RUN,
        LabelSources.GIVEN, 0, LabelSpreading.defaults(), line -> {}));
    assertTrue(none.getMessage().contains("decide some clusters first"), none.getMessage());

    Instant t = Instant.parse("2026-12-08T10:00:00Z");
    new DecisionLog(spark, store).record(List.of(
        new Decision(ReviewTables.RUN, null, "ann", t, ReviewAction.RELABEL, null, List.of("a1"), "a", "alpha"),
        new Decision(ReviewTables.RUN, null, "ann", t, ReviewAction.RELABEL, null, List.of("b1"), "b", "beta")));
    List<Row> othersBefore = store.read(Table.LABELS).filter("source <> 'propagated'").orderBy("crop_id", "source")
        .collectAsList();

    LabelPropagation.Outcome outcome = propagation.propagate(ReviewTables.RUN, LabelSources.GIVEN, 0,
        LabelSpreading.defaults(), line -> {});
    assertEquals(21, outcome.crops());
    assertEquals(Map.of("human", 2L), outcome.seedsBySource());
    assertEquals(20, outcome.labelled());
    assertEquals(1, outcome.unreached());
    assertEquals(Map.of("alpha", 10L, "beta", 10L), outcome.labelledPerClass());
    Map<String, Row> rows = propagated(store);
    assertEquals(21, rows.size(), "one propagated row per crop of the run");
    assertEquals("alpha", rows.get("a7").getAs("label"));
    assertEquals("beta", rows.get("b9").getAs("label"), "b9's wrong given label does not seed with weight 0");
    assertTrue(rows.get("a7").<Double>getAs("confidence") > 0.99);
    assertNull(rows.get("lone").getAs("label"));
    assertNull(rows.get("lone").getAs("confidence"));
    assertEquals(othersBefore, store.read(Table.LABELS).filter("source <> 'propagated'")
        .orderBy("crop_id", "source").collectAsList());

    // With the given labels as weak seeds the groups' own labels compete: a crops get 'a' or 'alpha' by weight, and
    // the rerun replaces the propagated rows instead of adding any.
    LabelPropagation.Outcome weighted = propagation.propagate(ReviewTables.RUN, LabelSources.GIVEN, 1,
        new LabelSpreading(0.8, 60, 1e-3, 0.0), line -> {});
    assertEquals(Map.of("given", 18L, "human", 2L), weighted.seedsBySource());
    assertEquals(21, propagated(store).size());
    assertEquals(20, weighted.labelled());
    assertEquals(20 + 2 + 21, store.read(Table.LABELS).count());
  }
}
