package io.labelatlas.cluster.auto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.labelatlas.cluster.auto.AutoK.Candidate;
import io.labelatlas.cluster.auto.AutoK.Score;
import io.labelatlas.cluster.auto.AutoK.Selection;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AutoKTest {

  @Test
  void degenerateSplitLosesToALowerSilhouette() {
    // k = 4 carves 5 of 1000 points (0.5%) off a cluster and scores highest: the field-notes trap.
    List<Candidate> candidates = List.of(
        Candidate.scored(2, 0.55, 300, 1000),
        Candidate.scored(3, 0.71, 250, 1000),
        Candidate.scored(4, 0.78, 5, 1000),
        Candidate.scored(5, 0.60, 150, 1000));
    Selection selection = AutoK.choose(candidates, Score.SILHOUETTE, 0.01, "silhouette on 1000 points");
    assertEquals(3, selection.k());
    assertFalse(selection.fallback());
    assertTrue(selection.verdicts().get(2).rejection().contains("smallest cluster 0.50% < 1.0%"),
        selection.verdicts().get(2).rejection());
    assertNull(selection.verdicts().get(1).rejection());
    assertTrue(selection.evidence().contains("k=3 0.7100 (smallest 25%) chosen"), selection.evidence());
    assertTrue(selection.evidence().contains("k=4 0.7800 rejected (smallest cluster 0.50% < 1.0%)"),
        selection.evidence());
    // Without the guard the degenerate split would have won.
    assertEquals(4, AutoK.choose(candidates, Score.SILHOUETTE, 0.0, "no guard").k());
  }

  @Test
  void bicChoosesTheSmallestEligibleValue() {
    List<Candidate> candidates = List.of(
        Candidate.scored(2, 900.0, 400, 1000),
        Candidate.scored(3, 700.0, 300, 1000),
        Candidate.scored(4, 650.0, 2, 1000),
        Candidate.scored(5, 720.0, 100, 1000));
    Selection selection = AutoK.choose(candidates, Score.BIC, 0.01, "BIC");
    assertEquals(3, selection.k());
    assertTrue(selection.evidence().contains("lower is better"), selection.evidence());
  }

  @Test
  void tiesGoToTheSmallerK() {
    List<Candidate> candidates = List.of(Candidate.scored(4, 0.5, 100, 1000), Candidate.scored(3, 0.5, 100, 1000));
    assertEquals(3, AutoK.choose(candidates, Score.SILHOUETTE, 0.01, "tie").k());
  }

  @Test
  void unscoredCandidatesAreRejectedWithTheirReason() {
    List<Candidate> candidates = List.of(
        new Candidate(2, Double.NaN, 500, 1000, "sample holds 1 cluster"),
        Candidate.scored(3, 0.2, 300, 1000));
    Selection selection = AutoK.choose(candidates, Score.SILHOUETTE, 0.01, "s");
    assertEquals(3, selection.k());
    assertEquals("sample holds 1 cluster", selection.verdicts().get(0).rejection());
    assertTrue(selection.evidence().contains("k=2 - rejected (sample holds 1 cluster)"), selection.evidence());
  }

  @Test
  void whenEveryKIsDegenerateTheLargestSmallestClusterIsKept() {
    List<Candidate> candidates = List.of(
        Candidate.scored(2, 0.9, 3, 1000),
        Candidate.scored(3, 0.8, 8, 1000),
        Candidate.scored(4, 0.95, 1, 1000));
    Selection selection = AutoK.choose(candidates, Score.SILHOUETTE, 0.05, "s");
    assertEquals(3, selection.k());
    assertTrue(selection.fallback());
    assertTrue(selection.evidence().contains("every k was rejected"), selection.evidence());
  }

  @Test
  void gmmBicCountsMeansCovariancesAndWeights() {
    // k = 2, d = 3: 2 * (3 + 6) + 1 = 19 parameters.
    assertEquals(19, AutoK.gmmParameters(2, 3));
    assertEquals(-2 * -100.0 + 19 * Math.log(50), AutoK.gmmBic(-100.0, 2, 3, 50), 1e-12);
    assertEquals(1 + 1, AutoK.gmmParameters(1, 1));
    assertThrows(IllegalArgumentException.class, () -> AutoK.gmmBic(0, 0, 3, 10));
  }

  @Test
  void evidenceStaysShortWithManyCandidates() {
    List<Candidate> candidates = new ArrayList<>();
    for (int k = 2; k <= 300; k++) candidates.add(Candidate.scored(k, 1.0 / k, 100, 1000));
    Selection selection = AutoK.choose(candidates, Score.SILHOUETTE, 0.01, "many");
    assertEquals(2, selection.k());
    assertTrue(selection.evidence().length() <= AutoK.EVIDENCE_LIMIT + 20, selection.evidence());
    assertTrue(selection.evidence().endsWith("more"), selection.evidence());
  }

  @Test
  void rejectsNoCandidatesAndBadFractions() {
    assertThrows(IllegalArgumentException.class, () -> AutoK.choose(List.of(), Score.BIC, 0.01, "x"));
    assertThrows(IllegalArgumentException.class,
        () -> AutoK.choose(List.of(Candidate.scored(2, 1, 1, 2)), Score.BIC, 1.0, "x"));
    assertThrows(IllegalArgumentException.class, () -> Candidate.scored(0, 1, 1, 2));
  }
}
