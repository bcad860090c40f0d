package io.labelatlas.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A {@link BootstrapProgress} that records every update, for tests; safe to call from several threads. */
final class CapturedProgress implements BootstrapProgress {
  record Update(String step, long done, long total) {}

  private final List<Update> updates = new ArrayList<>();

  @Override
  public synchronized void update(String step, long done, long total) {
    updates.add(new Update(step, done, total));
  }

  synchronized List<Update> updates() {
    return List.copyOf(updates);
  }

  /** The updates per step, in order of each step's first update. */
  synchronized Map<String, List<Update>> bySteps() {
    Map<String, List<Update>> steps = new LinkedHashMap<>();
    for (Update u : updates) steps.computeIfAbsent(u.step(), s -> new ArrayList<>()).add(u);
    return steps;
  }

  /**
   * Checks that {@code step} reported a rising count about every tenth of its {@code total} evaluations and ended at
   * the total (in parallel, a later count may overtake and so skip an earlier one; the final one is always reported).
   */
  void assertStep(String step, long total) {
    List<Update> updates = bySteps().get(step);
    assertTrue(updates != null, "no progress for '" + step + "' among " + bySteps().keySet());
    assertEquals(new Update(step, total, total), updates.get(updates.size() - 1), step + ": the final count");
    for (int u = 1; u < updates.size(); u++) {
      assertTrue(updates.get(u).done() > updates.get(u - 1).done(), step + " went backwards: " + updates);
    }
    for (Update u : updates) assertEquals(total, u.total(), step);
    assertTrue(updates.size() <= 10, step + ": at most one update per tenth, got " + updates);
  }

  /** As {@link #assertStep}, and for a sequential run of 10 or more: an update at every tenth. */
  void assertSequentialStep(String step, long total) {
    assertStep(step, total);
    if (total >= 10) assertEquals(10, bySteps().get(step).size(), step + ": one update per tenth");
  }
}
