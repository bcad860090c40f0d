package io.labelatlas.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.labelatlas.audit.RankingQuality.AtK;
import io.labelatlas.audit.RankingReference.Summary;
import java.util.List;
import org.junit.jupiter.api.Test;

class RankingQualityTest {
  private static final double EPS = 1e-12;
  private static final int[] KS = {1, 2, 3, 10};

  @Test
  void handComputedRankingOverallAndPerClass() {
    // Ranked as given; flipped at ranks 1, 3 and 6. Class 0 holds samples 0, 1, 4; class 1 samples 2, 3, 5.
    RankingReference.Report report = RankingReference.evaluate(new double[] {0.9, 0.8, 0.7, 0.6, 0.5, 0.4},
        new boolean[] {true, false, true, false, false, true}, new int[] {0, 0, 1, 1, 0, 1}, KS);
    Summary all = report.overall();
    assertEquals(6, all.samples());
    assertEquals(3, all.flipped());
    assertAtK(all.atK(), new double[] {1, 0.5, 2 / 3.0, 0.5}, new double[] {1 / 3.0, 1 / 3.0, 2 / 3.0, 1});
    assertEquals(2 / 3.0, all.rPrecision(), EPS);
    assertEquals((1 + 2 / 3.0 + 3 / 6.0) / 3, all.averagePrecision(), EPS);

    Summary first = report.byClass().get(0);
    assertEquals(3, first.samples());
    assertAtK(first.atK(), new double[] {1, 0.5, 1 / 3.0, 1 / 3.0}, new double[] {1, 1, 1, 1});
    assertEquals(1, first.rPrecision(), EPS);
    assertEquals(1, first.averagePrecision(), EPS);

    Summary second = report.byClass().get(1);
    assertAtK(second.atK(), new double[] {1, 0.5, 2 / 3.0, 2 / 3.0}, new double[] {0.5, 0.5, 1, 1});
    assertEquals(0.5, second.rPrecision(), EPS);
    assertEquals((1 + 2 / 3.0) / 2, second.averagePrecision(), EPS);
    assertEquals(List.of(0, 1), List.copyOf(report.byClass().keySet()));
  }

  @Test
  void averagePrecisionMatchesScikitLearn() {
    // /usr/bin/python3: rng = np.random.default_rng(3); s = rng.permutation(20) / 20.0; y = rng.random(20) < 0.3;
    // sklearn.metrics.average_precision_score(y, s) (scikit-learn 1.2.1, no tied scores)
    double[] scores = {0.8, 0.6, 0.9, 0.4, 0.15, 0.65, 0.75, 0.5, 0.3, 0.05, 0.1, 0.55, 0.85, 0.0, 0.7, 0.45, 0.2,
        0.35, 0.25, 0.95};
    boolean[] flipped = {false, false, false, true, false, false, true, true, false, true, false, false, false, false,
        false, true, false, false, true, false};
    RankingReference.Report report = RankingReference.evaluate(scores, flipped, new int[20], new int[] {5});
    assertEquals(0.27586390217969164, report.overall().averagePrecision(), 1e-12);
    assertEquals(report.overall(), report.byClass().get(0));
  }

  @Test
  void equalScoresKeepArrayOrder() {
    RankingReference.Report report = RankingReference.evaluate(new double[] {0.5, 0.5}, new boolean[] {false, true},
        new int[2], new int[] {1});
    assertEquals(0, report.overall().atK().get(0).precision());
  }

  @Test
  void nothingFlippedGivesNaNWhereTheDenominatorIsZero() {
    Summary summary = RankingReference.evaluate(new double[] {1, 0}, new boolean[2], new int[2], new int[] {1})
        .overall();
    assertEquals(0, summary.atK().get(0).precision());
    assertTrue(Double.isNaN(summary.atK().get(0).recall()));
    assertTrue(Double.isNaN(summary.rPrecision()));
    assertTrue(Double.isNaN(summary.averagePrecision()));
  }

  @Test
  void atKFromCounts() {
    assertEquals(new AtK(10, 0.7, 0.07), RankingQuality.atK(10, 7, 1000, 100));
    assertEquals(new AtK(50, 0.5, 1), RankingQuality.atK(50, 2, 4, 2));
    assertThrows(IllegalArgumentException.class, () -> RankingQuality.atK(10, 11, 1000, 100));
    assertThrows(IllegalArgumentException.class, () -> RankingQuality.atK(0, 0, 1000, 100));
    assertThrows(IllegalArgumentException.class, () -> RankingQuality.atK(10, 5, 1000, 4));
  }

  @Test
  void fromHeadScoresTheFirstRanksLikeTheWholeRanking() {
    // Ranks 1..6 flipped at 1, 3 and 6, as in handComputedRankingOverallAndPerClass: the head up to max(ks) = 3
    // gives what the whole ranking gives at k = 1, 2, 3; k = 10 beyond the end of 2 samples counts as 2.
    List<AtK> atK = RankingQuality.fromHead(new boolean[] {true, false, true}, 6, 3, new int[] {1, 2, 3});
    assertAtK(atK, new int[] {1, 2, 3}, new double[] {1, 0.5, 2 / 3.0}, new double[] {1 / 3.0, 1 / 3.0, 2 / 3.0});
    assertEquals(List.of(new AtK(10, 0.5, 1)), RankingQuality.fromHead(new boolean[] {false, true}, 2, 1,
        new int[] {10}));
    IllegalArgumentException shortHead = assertThrows(IllegalArgumentException.class,
        () -> RankingQuality.fromHead(new boolean[] {true}, 6, 3, new int[] {1, 2}));
    assertTrue(shortHead.getMessage().contains("precision@2 needs the first 2 ranks, got 1"), shortHead.getMessage());
  }

  /**
   * Five ranked, flipped at ranks 1 and 3: R-precision 1/2, average precision (1/1 + 2/3) / 2, AUROC 5/6 (the first
   * beats all 3 correct ones, the second 2 of them); scikit-learn 1.2.1 average_precision_score([1,0,1,0,0],
   * [5,4,3,2,1]) and roc_auc_score give the same 0.8333 and 0.8333.
   */
  @Test
  void wholeRankingMeasures() {
    RankingQuality.Whole whole = RankingQuality.fromFlippedRanks(new long[] {3, 1}, 5);
    assertEquals(0.5, whole.precisionAtFlipped(), EPS);
    assertEquals((1 + 2 / 3.0) / 2, whole.averagePrecision(), EPS);
    assertEquals(5 / 6.0, whole.auroc(), EPS);
    RankingQuality.Whole perfect = RankingQuality.fromFlippedRanks(new long[] {1, 2}, 4);
    assertEquals(List.of(1.0, 1.0, 1.0), List.of(perfect.precisionAtFlipped(), perfect.averagePrecision(),
        perfect.auroc()));
    RankingQuality.Whole worst = RankingQuality.fromFlippedRanks(new long[] {4}, 4);
    assertEquals(0.0, worst.auroc(), EPS);
    assertEquals(0.25, worst.averagePrecision(), EPS);
    assertTrue(Double.isNaN(RankingQuality.fromFlippedRanks(new long[0], 4).averagePrecision()));
    assertTrue(Double.isNaN(RankingQuality.fromFlippedRanks(new long[] {1, 2}, 2).auroc()), "nothing correct");
    assertThrows(IllegalArgumentException.class, () -> RankingQuality.fromFlippedRanks(new long[] {1, 1}, 4));
    assertThrows(IllegalArgumentException.class, () -> RankingQuality.whole(4, 2, 1, 9, 1));
  }

  private static void assertAtK(List<AtK> atK, int[] ks, double[] precision, double[] recall) {
    assertEquals(ks.length, atK.size());
    for (int i = 0; i < ks.length; i++) {
      assertEquals(ks[i], atK.get(i).k());
      assertEquals(precision[i], atK.get(i).precision(), EPS, "precision@" + ks[i]);
      assertEquals(recall[i], atK.get(i).recall(), EPS, "recall@" + ks[i]);
    }
  }

  private static void assertAtK(List<AtK> atK, double[] precision, double[] recall) {
    assertEquals(KS.length, atK.size());
    for (int i = 0; i < KS.length; i++) {
      assertEquals(KS[i], atK.get(i).k());
      assertEquals(precision[i], atK.get(i).precision(), EPS, "precision@" + KS[i]);
      assertEquals(recall[i], atK.get(i).recall(), EPS, "recall@" + KS[i]);
    }
  }
}
