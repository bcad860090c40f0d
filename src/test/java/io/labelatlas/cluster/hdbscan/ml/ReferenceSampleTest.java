package io.labelatlas.cluster.hdbscan.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ReferenceSampleTest {

  @Test
  void keepsEverythingWhenTheTrainingSetFits() {
    long[] counts = {7, 100, 3};
    assertArrayEquals(counts, ReferenceSample.quotas(counts, 110, 10));
  }

  @Test
  void quotasAreProportionalAboveTheFloorAndFillTheBudget() {
    long[] counts = {1000, 8000, 990, 5, 5};
    long[] quotas = ReferenceSample.quotas(counts, 1000, 10);
    assertEquals(1000, Arrays.stream(quotas).sum());
    assertEquals(5, quotas[3], "a label smaller than the floor keeps all its points");
    assertEquals(5, quotas[4]);
    assertTrue(quotas[2] >= 10);
    // Above the floors, the budget goes in proportion to what each label has left: 990 : 7990 : 980.
    assertEquals(7990.0 / 990, (double) (quotas[1] - 10) / (quotas[0] - 10), 0.15);
    for (int l = 0; l < counts.length; l++) {
      assertTrue(quotas[l] <= counts[l]);
    }
  }

  @Test
  void everyLabelKeepsAPointEvenWhenLabelsOutnumberTheBudget() {
    long[] counts = new long[50];
    Arrays.fill(counts, 20);
    long[] quotas = ReferenceSample.quotas(counts, 30, 10);
    assertTrue(Arrays.stream(quotas).allMatch(q -> q == 1));
  }

  @Test
  void rejectsAnEmptyBudget() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ReferenceSample.quotas(new long[] {5}, 0, 10));
    assertTrue(e.getMessage().contains("predictionSampleSize"), e.getMessage());
  }

  @Test
  void priorityIsAFixedUniformNumberPerSeedAndIndex() {
    double sum = 0;
    for (long i = 0; i < 20000; i++) {
      double p = ReferenceSample.priority(5, i);
      assertTrue(p >= 0 && p < 1);
      sum += p;
    }
    assertEquals(0.5, sum / 20000, 0.01);
    assertEquals(ReferenceSample.priority(5, 123), ReferenceSample.priority(5, 123));
    assertTrue(ReferenceSample.priority(5, 123) != ReferenceSample.priority(6, 123));
  }

  @Test
  void selectTakesTheQuotaOfEachLabelWithWeights() {
    int n = 300;
    long[] indices = new long[n];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      indices[i] = 1000 + i;
      labels[i] = i < 200 ? 0 : (i < 290 ? 1 : -1);
    }
    long[] counts = ReferenceSample.counts(labels, 2);
    assertArrayEquals(new long[] {10, 200, 90}, counts);
    long[] quotas = {4, 20, 9};
    ReferenceSample.Selection a = ReferenceSample.select(indices, labels, counts, quotas, 1);
    assertEquals(33, a.positions().length);
    int[] perSlot = new int[3];
    for (int k = 0; k < a.positions().length; k++) {
      int slot = labels[a.positions()[k]] + 1;
      perSlot[slot]++;
      assertEquals((double) counts[slot] / quotas[slot], a.weights()[k], 1e-12);
      if (k > 0) {
        assertTrue(a.positions()[k] > a.positions()[k - 1], "positions ascend");
      }
    }
    assertArrayEquals(new int[] {4, 20, 9}, perSlot);
    assertArrayEquals(a.positions(), ReferenceSample.select(indices, labels, counts, quotas, 1).positions());
    assertFalse(Arrays.equals(a.positions(), ReferenceSample.select(indices, labels, counts, quotas, 2).positions()));
  }

  @Test
  void thePrefilterKeepsAtLeastTheQuota() {
    long count = 200_000;
    long quota = 40;
    double fraction = ReferenceSample.prefilterFraction(count, quota);
    for (long seed = 0; seed < 5; seed++) {
      int kept = 0;
      for (long i = 0; i < count; i++) {
        if (ReferenceSample.priority(seed, i) < fraction) {
          kept++;
        }
      }
      assertTrue(kept >= quota, "seed " + seed + " kept " + kept);
      assertTrue(kept < 4 * quota, "seed " + seed + " kept " + kept);
    }
    assertEquals(1.0, ReferenceSample.prefilterFraction(30, 30));
  }
}
