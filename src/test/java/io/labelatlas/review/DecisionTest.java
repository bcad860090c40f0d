package io.labelatlas.review;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DecisionTest {
  private static final Instant AT = Instant.parse("2026-12-08T10:00:00Z");

  private static Decision confirm(int cluster, String label) {
    return new Decision("run-1", "kmeans", "ann", AT, ReviewAction.CONFIRM, List.of(cluster), null, null, label);
  }

  @Test
  void theSameRequestIsTheSameDecisionAndAnyChangeIsAnother() {
    assertEquals(confirm(3, "scratch").decisionId(), confirm(3, "scratch").decisionId());
    assertEquals(32, confirm(3, "scratch").decisionId().length());
    assertNotEquals(confirm(3, "scratch").decisionId(), confirm(4, "scratch").decisionId());
    assertNotEquals(confirm(3, "scratch").decisionId(), confirm(3, "hole").decisionId());
    Decision later = new Decision("run-1", "kmeans", "ann", AT.plusMillis(1), ReviewAction.CONFIRM, List.of(3),
        null, null, "scratch");
    assertNotEquals(confirm(3, "scratch").decisionId(), later.decisionId());
  }

  @Test
  void labelsAreTrimmedAndCheckedButOtherwiseKeptAsTyped() {
    assertEquals("<script>alert(1)</script>", confirm(1, "  <script>alert(1)</script> ").labelAfter());
    assertThrows(DecisionException.class, () -> confirm(1, "   "));
    assertThrows(DecisionException.class, () -> confirm(1, "a\nb"));
    assertThrows(DecisionException.class, () -> confirm(1, "x".repeat(Decision.MAX_LABEL_LENGTH + 1)));
  }

  @Test
  void eachActionNamesTheTargetsItNeeds() {
    DecisionException merge = assertThrows(DecisionException.class, () -> new Decision("run-1", "kmeans", "ann", AT,
        ReviewAction.MERGE, List.of(1), null, null, "a"));
    assertTrue(merge.getMessage().contains("two or more clusters"), merge.getMessage());
    assertThrows(DecisionException.class, () -> new Decision("run-1", null, "ann", AT, ReviewAction.CONFIRM,
        List.of(1), null, null, "a"));
    assertThrows(DecisionException.class, () -> new Decision("run-1", "kmeans", "ann", AT, ReviewAction.RELABEL,
        List.of(1), null, null, "a"));
    assertThrows(DecisionException.class, () -> new Decision("run-1", null, "ann", AT, ReviewAction.RELABEL, null,
        List.of("c1"), null, null));
    assertThrows(DecisionException.class, () -> new Decision("run-1", null, "ann", AT, ReviewAction.UNSURE, null,
        List.of("c1"), null, "a"));
    assertThrows(DecisionException.class, () -> new Decision("run-1", "kmeans", " ", AT, ReviewAction.CONFIRM,
        List.of(1), null, null, "a"));
    assertThrows(DecisionException.class, () -> new Decision("run-1", "kmeans", "ann", AT, ReviewAction.MERGE,
        List.of(1, 1), null, null, "a"));
    DecisionException noise = assertThrows(DecisionException.class, () -> new Decision("run-1", "hdbscan", "ann", AT,
        ReviewAction.CONFIRM, List.of(-1), null, null, "a"));
    assertTrue(noise.getMessage().contains("not noise"), noise.getMessage());
    assertThrows(DecisionException.class, () -> new Decision("run-1", null, "ann", AT, ReviewAction.RELABEL, null,
        List.of("c1", "c1"), null, "a"));
    Decision unsure = new Decision("run-1", null, "ann", AT, ReviewAction.UNSURE, null, List.of("c1", "c2"), null,
        null);
    assertEquals(List.of("c1", "c2"), unsure.cropIds());
    assertEquals(null, unsure.action().labelSource());
  }

  @Test
  void unknownActionWordsListTheKnownOnes() {
    DecisionException e = assertThrows(DecisionException.class, () -> ReviewAction.parse("approve"));
    assertTrue(e.getMessage().contains("confirm, rename, merge, relabel, unsure"), e.getMessage());
    assertEquals(ReviewAction.MERGE, ReviewAction.parse("merge"));
  }
}
