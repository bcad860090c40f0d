package io.labelatlas.cluster.dbscan;

import static io.labelatlas.cluster.dbscan.DbscanTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class KDistanceCurveTest {

  @Test
  void pointCountsAsItsOwnFirstNeighbour() {
    double[][] points = {{0.0}, {1.0}, {3.0}, {7.0}};
    assertArrayEquals(new double[] {0, 0, 0, 0}, KDistanceCurve.perPoint(points, 1));
    assertArrayEquals(new double[] {1, 1, 2, 4}, KDistanceCurve.perPoint(points, 2));
    assertArrayEquals(new double[] {3, 2, 3, 6}, KDistanceCurve.perPoint(points, 3));
    assertArrayEquals(new double[] {6, 3, 3, 2}, KDistanceCurve.compute(points, 3));
  }

  @Test
  void duplicatesAreNeighboursAtDistanceZero() {
    double[][] points = {{1, 1}, {1, 1}, {4, 5}};
    assertArrayEquals(new double[] {0, 0, 5}, KDistanceCurve.perPoint(points, 2));
  }

  /** Steep drop from 10 to 1 over ranks 0..20, then a gentle slope to 0 at rank 199: the knee is rank 20. */
  @Test
  void kneeOfPiecewiseLinearCurve() {
    double[] curve = new double[200];
    for (int i = 0; i < curve.length; i++) {
      curve[i] = i <= 20 ? 10 - 9.0 * i / 20 : 1 - (i - 20) / 179.0;
    }
    assertEquals(1.0, KDistanceCurve.kneeEps(curve), 0);
  }

  /** y = 1 / (x + 0.05) on [0, 1] scaled to the unit square; its point farthest below the chord is near x = 0.18. */
  @Test
  void kneeOfHyperbola() {
    int n = 1001;
    double[] curve = new double[n];
    for (int i = 0; i < n; i++) {
      curve[i] = 1 / ((double) i / (n - 1) + 0.05);
    }
    // Maximise 1 - x - (f(x) - f(1)) / (f(0) - f(1)): f'(x) = -(f(0) - f(1)), so (x + 0.05)^2 = 1 / (20 - 1/1.05).
    double x = Math.sqrt(1 / (20 - 1 / 1.05)) - 0.05;
    double knee = KDistanceCurve.kneeEps(curve);
    assertEquals(1 / (x + 0.05), knee, 0.05);
  }

  @Test
  void noKneeFallsBackToMedian() {
    assertEquals(3.0, KDistanceCurve.kneeEps(new double[] {5, 4, 3, 2, 1}), 0);
    assertEquals(2.0, KDistanceCurve.kneeEps(new double[] {2, 2, 2}), 0);
    assertEquals(7.0, KDistanceCurve.kneeEps(new double[] {7}), 0);
    assertEquals(1.0, KDistanceCurve.kneeEps(new double[] {9, 1}), 0);
  }

  @Test
  void kneeIsDeterministicOnTies() {
    // Ranks 1 and 3 are equally far (0.25, scaled) below the chord from (0, 4) to (4, 0); the lower rank wins.
    assertEquals(2.0, KDistanceCurve.kneeEps(new double[] {4, 2, 2, 0, 0}), 0);
  }

  @Test
  void rejectsBadArguments() {
    double[][] points = {{0.0}, {1.0}};
    assertMessage("'k' must be in [1, 2] (the point counts as its own neighbour), got 0",
        () -> KDistanceCurve.compute(points, 0));
    assertMessage("'k' must be in [1, 2] (the point counts as its own neighbour), got 3",
        () -> KDistanceCurve.compute(points, 3));
    assertMessage("'points' must hold at least one point", () -> KDistanceCurve.compute(new double[0][], 1));
    assertMessage("'points' row 1 coordinate 0 is NaN", () -> KDistanceCurve.perPoint(new double[][] {{0}, {Double.NaN}}, 1));
    assertMessage("'sorted' must hold at least one value", () -> KDistanceCurve.kneeEps(new double[0]));
    assertMessage("'sorted' value 1 is NaN", () -> KDistanceCurve.kneeEps(new double[] {1, Double.NaN}));
    assertMessage("'sorted' must be non-increasing, but value 2 = 3.0 > value 1 = 2.0",
        () -> KDistanceCurve.kneeEps(new double[] {4, 2, 3}));
  }
}
