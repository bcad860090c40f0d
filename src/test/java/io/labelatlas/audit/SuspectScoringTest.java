package io.labelatlas.audit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SuspectScoringTest {
  private static final double EPS = 1e-12;
  private static final double[] THRESHOLDS = {0.8, 0.4, 0.5};

  @Test
  void thresholdsAreTheMeanOwnProbabilityOfEachClass() {
    assertArrayEquals(new double[] {0.75, 0.2, Double.NaN},
        SuspectScoring.thresholds(new double[] {3, 0.4, 0}, new long[] {4, 2, 0}), EPS);
    // Class 0: p(0) 0.5 and 0.9; class 1: p(1) 0.25.
    List<LabelEvidence> samples = List.of(
        LabelEvidence.of(0, new int[] {0, 1}, null, new long[] {2, 1}, 0),
        LabelEvidence.of(0, new int[] {0, 0, 0, 0}, null, new long[] {2, 1}, 0),
        LabelEvidence.of(1, new int[] {1, 0, 0, 0}, null, new long[] {2, 1}, 0));
    assertArrayEquals(new double[] {0.75, 0.25}, SuspectScoring.thresholds(samples, 2), EPS);
  }

  @Test
  void scoreIsOneMinusTheCalibratedOwnProbability() {
    // Own ratio 0.2 / 0.8 = 0.25; others 0.3 / 0.4 = 0.75 and 0.5 / 0.5 = 1.
    SuspectScoring.Suspect suspect = SuspectScoring.score(0, new double[] {0.2, 0.3, 0.5}, THRESHOLDS);
    assertEquals(0.75, suspect.score(), EPS);
    assertEquals(2, suspect.suggested());
    assertTrue(suspect.flag());
  }

  @Test
  void aRareClassIsJudgedAgainstItsOwnThreshold() {
    // Class 1 usually gets 0.4 of the evidence; 0.3 is three quarters of that: score 0.25, while the plain vote would
    // say 0.7. The best other class, 0 at 0.5 / 0.8 = 0.625, does not beat 0.75, so it is not flagged.
    SuspectScoring.Suspect suspect = SuspectScoring.score(1, new double[] {0.5, 0.3, 0.2}, THRESHOLDS);
    assertEquals(0.25, suspect.score(), EPS);
    assertEquals(0, suspect.suggested());
    assertFalse(suspect.flag());
    SuspectScoring.Suspect confident = SuspectScoring.score(1, new double[] {0, 1, 0}, THRESHOLDS);
    assertEquals(-1.5, confident.score(), EPS);
    assertEquals(-1, confident.suggested());
    assertFalse(confident.flag());
  }

  @Test
  void aClassWithoutSelfSupportCannotBeSuggested() {
    double[] thresholds = {0.8, 0, 0.5};
    SuspectScoring.Suspect carrier = SuspectScoring.score(1, new double[] {0.5, 0, 0.5}, thresholds);
    assertEquals(1, carrier.score(), EPS);
    assertEquals(2, carrier.suggested());
    SuspectScoring.Suspect other = SuspectScoring.score(0, new double[] {0, 0.9, 0.1}, thresholds);
    assertEquals(2, other.suggested());
  }

  @Test
  void noEvidenceIsNoSuspicion() {
    LabelEvidence none = LabelEvidence.of(0, new int[0], null, new long[] {1, 0}, 0.5);
    SuspectScoring.Suspect suspect = SuspectScoring.score(none, new double[] {0.5, 0.5});
    assertEquals(0, suspect.score());
    assertEquals(-1, suspect.suggested());
    assertFalse(suspect.flag());
  }

  @Test
  void baselineIsThePlainVote() {
    assertEquals(0.6, SuspectScoring.baselineScore(0, new int[] {0, 1, 1, 0, 2}), EPS);
    assertEquals(1.0, SuspectScoring.baselineScore(2, new int[] {0, 1}), EPS);
    assertEquals(0.0, SuspectScoring.baselineScore(2, new int[0]), EPS);
  }

  @Test
  void tieBreakIsASeededFnvSplitMixHash() {
    // Golden values from a Python transcription: FNV-1a 64 of "a" is 0xaf63dc4c8601ec8c, then
    // z = h + seed * 0x9E3779B97F4A7C15 through the SplitMix64 finaliser (signed 64-bit).
    assertEquals(198367012849983736L, SuspectScoring.tieBreak("a", 0));
    assertEquals(-8349575936449444014L, SuspectScoring.tieBreak("a", 7));
    assertEquals(7289776273545811261L, SuspectScoring.tieBreak("crop-1", 0));
    assertNotEquals(SuspectScoring.tieBreak("crop-1", 0), SuspectScoring.tieBreak("crop-1", 1));
  }

  @Test
  void rankKeysOrderByScoreThenTieBreakThenId() {
    String[] ids = {"a", "b", "c", "d"};
    double[] scores = {0.5, 0.9, 0.5, 0.1};
    Integer[] order = {0, 1, 2, 3};
    java.util.Arrays.sort(order, (i, j) -> new SuspectScoring.RankKey(scores[i], ids[i], 0)
        .compareTo(new SuspectScoring.RankKey(scores[j], ids[j], 0)));
    assertEquals(1, order[0]);
    assertEquals(3, order[3]);
    boolean aFirst = SuspectScoring.tieBreak("a", 0) < SuspectScoring.tieBreak("c", 0);
    assertArrayEquals(aFirst ? new Integer[] {0, 2} : new Integer[] {2, 0}, new Integer[] {order[1], order[2]});

    SuspectScoring.RankKey key = new SuspectScoring.RankKey(0.5, "a", 7);
    assertEquals(0, key.compareTo(new SuspectScoring.RankKey(0.5, "a", 7)));
    assertEquals(key, new SuspectScoring.RankKey(0.5, "a", 7));
    assertTrue(new SuspectScoring.RankKey(1.0, "z", 7).compareTo(key) < 0, "a higher score ranks first");
    // Equal scores: the seeded hash decides.
    long tieA = SuspectScoring.tieBreak("a", 7);
    long tieB = SuspectScoring.tieBreak("b", 7);
    int expected = Long.compare(tieA, tieB);
    assertEquals(Integer.signum(expected), Integer.signum(key.compareTo(new SuspectScoring.RankKey(0.5, "b", 7))));
  }
}
