package io.labelatlas.audit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LabelEvidenceTest {
  private static final double EPS = 1e-12;

  @Test
  void mixesNeighbourAndLeaveOneOutClusterShares() {
    // Neighbours a b b c b: p_nb = (1/5, 3/5, 1/5). Cluster counts (4, 5, 1) hold the sample (class 0), so without it
    // (3, 5, 1) of 9: p_cl = (1/3, 5/9, 1/9). p = 0.5 p_cl + 0.5 p_nb.
    LabelEvidence e = LabelEvidence.of(0, new int[] {0, 1, 1, 2, 1}, new long[] {4, 5, 1}, new long[] {40, 50, 10},
        0.5);
    assertArrayEquals(new double[] {0.2, 0.6, 0.2}, new double[] {e.neighbourShare(0), e.neighbourShare(1),
        e.neighbourShare(2)}, EPS);
    assertArrayEquals(new double[] {1 / 3.0, 5 / 9.0, 1 / 9.0}, new double[] {e.contextShare(0), e.contextShare(1),
        e.contextShare(2)}, EPS);
    assertArrayEquals(new double[] {(1 / 3.0 + 0.2) / 2, (5 / 9.0 + 0.6) / 2, (1 / 9.0 + 0.2) / 2},
        e.probabilities(), EPS);
    assertEquals(1, e.neighbourMajority());
    assertEquals(0.6, e.neighbourMajorityShare(), EPS);
    assertEquals(1, e.clusterMajority());
    assertEquals(5 / 9.0, e.clusterMajorityShare(), EPS);
    assertEquals(5, e.labelledNeighbours());
    assertTrue(e.hasEvidence());
    assertEquals(0, e.given());
  }

  @Test
  void theWeightMovesBetweenTheSources() {
    LabelEvidence neighboursOnly = LabelEvidence.of(0, new int[] {0, 1}, new long[] {1, 3}, new long[] {5, 5}, 0);
    assertArrayEquals(new double[] {0.5, 0.5}, neighboursOnly.probabilities(), EPS);
    LabelEvidence clusterOnly = LabelEvidence.of(0, new int[] {0, 1}, new long[] {1, 3}, new long[] {5, 5}, 1);
    assertArrayEquals(new double[] {0, 1}, clusterOnly.probabilities(), EPS);
    LabelEvidence quarter = LabelEvidence.of(0, new int[] {0, 1}, new long[] {1, 3}, new long[] {5, 5}, 0.25);
    assertArrayEquals(new double[] {0.375, 0.625}, quarter.probabilities(), EPS);
  }

  @Test
  void noisePointsTakeAllLabelledSamplesAsContextButHaveNoClusterMajority() {
    // All counts (10, 6, 4) hold the sample (class 2): without it (10, 6, 3) of 19.
    LabelEvidence e = LabelEvidence.of(2, new int[] {1, 1}, null, new long[] {10, 6, 4}, 0.5);
    assertEquals(10 / 19.0, e.contextShare(0), EPS);
    assertArrayEquals(new double[] {0.5 * 10 / 19, 0.5 * 6 / 19 + 0.5, 0.5 * 3 / 19}, e.probabilities(), EPS);
    assertEquals(-1, e.clusterMajority());
    assertTrue(Double.isNaN(e.clusterMajorityShare()));
    assertEquals(1, e.neighbourMajority());
    assertEquals(1.0, e.neighbourMajorityShare(), EPS);
  }

  @Test
  void aMissingSourceLeavesTheOther() {
    // A cluster of one: nothing left after removing the sample, so p is the neighbours' shares.
    LabelEvidence alone = LabelEvidence.of(0, new int[] {1, 1, 0, 2}, new long[] {1, 0, 0}, new long[] {3, 3, 3}, 0.5);
    assertArrayEquals(new double[] {0.25, 0.5, 0.25}, alone.probabilities(), EPS);
    assertEquals(-1, alone.clusterMajority());
    // No labelled neighbours: p is the cluster's shares; no neighbour majority.
    LabelEvidence silent = LabelEvidence.of(1, new int[0], new long[] {2, 2, 0}, new long[] {3, 3, 3}, 0.5);
    assertArrayEquals(new double[] {2 / 3.0, 1 / 3.0, 0}, silent.probabilities(), EPS);
    assertEquals(-1, silent.neighbourMajority());
    assertTrue(Double.isNaN(silent.neighbourShare(0)));
    assertEquals(0, silent.labelledNeighbours());
    // Neither: no evidence, p all 0.
    LabelEvidence none = LabelEvidence.of(0, new int[0], null, new long[] {1, 0}, 0.5);
    assertFalse(none.hasEvidence());
    assertArrayEquals(new double[] {0, 0}, none.probabilities(), 0);
  }

  @Test
  void majorityTiesGoToTheLowestClass() {
    LabelEvidence e = LabelEvidence.of(2, new int[] {1, 0, 1, 0}, new long[] {2, 2, 1}, new long[] {2, 2, 1}, 0.5);
    assertEquals(0, e.neighbourMajority());
    assertEquals(0.5, e.neighbourMajorityShare(), EPS);
    assertEquals(0, e.clusterMajority());
    assertEquals(0.5, e.clusterMajorityShare(), EPS);
  }

  @Test
  void rejectsInconsistentInput() {
    IllegalArgumentException missingSelf = assertThrows(IllegalArgumentException.class,
        () -> LabelEvidence.of(1, new int[] {0}, new long[] {3, 0}, new long[] {3, 1}, 0.5));
    assertTrue(missingSelf.getMessage().contains("do not include the sample itself"), missingSelf.getMessage());
    assertThrows(IllegalArgumentException.class, () -> LabelEvidence.of(2, new int[0], null, new long[] {1, 1}, 0.5));
    assertThrows(IllegalArgumentException.class,
        () -> LabelEvidence.of(0, new int[] {5}, null, new long[] {1, 1}, 0.5));
    assertThrows(IllegalArgumentException.class,
        () -> LabelEvidence.of(0, new int[0], new long[] {1}, new long[] {1, 1}, 0.5));
    assertThrows(IllegalArgumentException.class, () -> LabelEvidence.of(0, new int[0], null, new long[] {1, 1}, 2));
  }
}
