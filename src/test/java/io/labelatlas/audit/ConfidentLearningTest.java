package io.labelatlas.audit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ConfidentLearningTest {
  private static final double EPS = 1e-12;

  @Test
  void confidentClassIsTheMostProbableAboveItsThreshold() {
    double[] thresholds = {0.8, 0.3, 0.5};
    assertEquals(1, ConfidentLearning.confidentClass(new double[] {0.6, 0.35, 0.05}, thresholds),
        "class 0 is more probable but below its threshold");
    assertEquals(2, ConfidentLearning.confidentClass(new double[] {0.1, 0.3, 0.6}, thresholds),
        "both 1 and 2 reach their thresholds; 2 is more probable");
    assertEquals(-1, ConfidentLearning.confidentClass(new double[] {0.7, 0.2, 0.1}, thresholds));
    assertEquals(-1, ConfidentLearning.confidentClass(new double[] {0.5, 0.5}, new double[] {Double.NaN, 0}),
        "a class without samples (NaN) or without own support (0) is never confident");
    assertThrows(IllegalArgumentException.class,
        () -> ConfidentLearning.confidentClass(new double[] {1}, thresholds));
  }

  @Test
  void selfConfidenceAndNormalizedMargin() {
    double[] p = {0.2, 0.5, 0.3};
    assertEquals(0.2, ConfidentLearning.selfConfidence(0, p), EPS);
    assertEquals(0.2 - 0.5, ConfidentLearning.normalizedMargin(0, p), EPS);
    assertEquals(0.5 - 0.3, ConfidentLearning.normalizedMargin(1, p), EPS);
    assertEquals(1, ConfidentLearning.argmax(p));
  }

  /**
   * Ten samples labelled 0 (6 confidently 0, 2 confidently 1, 2 below every threshold) and five labelled 1 (4
   * confidently 1, 1 confidently 0). By hand (eq. 3 of the paper): row 0 counted 8, so C~[0] = {6, 2} * 10 / 8 =
   * {7.5, 2.5}; row 1 counted 5: C~[1] = {1, 4}. Noise rates 2/8 and 1/5; overall (2.5 + 1) / 15.
   */
  @Test
  void handComputedJointCalibrationAndNoise() {
    ConfidentLearning.Joint joint = new ConfidentLearning.Joint(2);
    for (int i = 0; i < 6; i++) joint.add(0, 0);
    joint.add(0, 1).add(0, 1).add(0, -1).add(0, -1);
    ConfidentLearning.Joint other = new ConfidentLearning.Joint(2);
    for (int i = 0; i < 4; i++) other.add(1, 1);
    other.add(1, 0);
    joint.merge(other);

    assertEquals(10, joint.labelled(0));
    assertEquals(8, joint.counted(0));
    assertEquals(2, joint.count(0, 1));
    double[][] calibrated = joint.calibrated();
    assertArrayEquals(new double[] {7.5, 2.5}, calibrated[0], EPS);
    assertArrayEquals(new double[] {1, 4}, calibrated[1], EPS);
    assertEquals(0.25, joint.noiseRate(0), EPS);
    assertEquals(0.2, joint.noiseRate(1), EPS);
    assertEquals(3.5 / 15, joint.overallNoiseRate(), EPS);
    assertEquals(1, joint.likelyTrueClass(0));
    assertEquals(0, joint.likelyTrueClass(1));
    // P(given i | true j) = C~[i][j] / column sum: column 0 = 7.5 + 1, column 1 = 2.5 + 4.
    double[][] noise = joint.noiseMatrix();
    assertEquals(7.5 / 8.5, noise[0][0], EPS);
    assertEquals(1 / 8.5, noise[1][0], EPS);
    assertEquals(2.5 / 6.5, noise[0][1], EPS);
  }

  @Test
  void aClassWithNothingCountedHasNoRate() {
    ConfidentLearning.Joint joint = new ConfidentLearning.Joint(3);
    joint.add(0, 0).add(0, 2).add(1, -1);
    assertTrue(Double.isNaN(joint.noiseRate(1)));
    assertTrue(Double.isNaN(joint.noiseRate(2)));
    assertEquals(-1, joint.likelyTrueClass(1));
    assertEquals(0.5, joint.overallNoiseRate(), EPS, "class 1, with nothing counted, is left out of the total");
    assertThrows(IllegalArgumentException.class, () -> new ConfidentLearning.Joint(0));
  }

  /**
   * A row of 200 counted, 20 off the diagonal: the bootstrap rate is Binomial(200, 0.1) / 200, whose central 95% is
   * about 0.1 +- 1.96 * sqrt(0.1 * 0.9 / 200) = 0.058..0.142; the interval covers the estimate and is about that wide.
   */
  @Test
  void noiseRateIntervalsResampleTheRows() {
    ConfidentLearning.Joint joint = new ConfidentLearning.Joint(2);
    for (int i = 0; i < 180; i++) joint.add(0, 0);
    for (int i = 0; i < 20; i++) joint.add(0, 1);
    for (int i = 0; i < 100; i++) joint.add(1, 1);
    double[][] intervals = joint.noiseRateIntervals(2000, 0.95, 11);
    assertEquals(0.058, intervals[0][0], 0.012);
    assertEquals(0.142, intervals[0][1], 0.012);
    assertArrayEquals(new double[] {0, 0}, intervals[1], EPS, "a row without wrong labels resamples to none");
    assertTrue(intervals[2][0] < 20 / 300.0 && intervals[2][1] > 20 / 300.0, java.util.Arrays.toString(intervals[2]));
    assertArrayEquals(intervals[0], joint.noiseRateIntervals(2000, 0.95, 11)[0], EPS, "seeded");
    assertThrows(IllegalArgumentException.class, () -> joint.noiseRateIntervals(0, 0.95, 1));
  }
}
