package io.labelatlas.geometry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class KthNeighbourDistanceTest {

  @Test
  void thePointItselfIsTheFirstNeighbour() {
    double[][] points = {{0}, {1}, {3}, {7}};
    assertArrayEquals(new double[] {0, 0, 0, 0}, KthNeighbourDistance.perPoint(points, 1), 0.0);
    assertArrayEquals(new double[] {1, 1, 2, 4}, KthNeighbourDistance.perPoint(points, 2), 0.0);
    assertArrayEquals(new double[] {3, 2, 3, 6}, KthNeighbourDistance.perPoint(points, 3), 0.0);
    assertArrayEquals(new double[] {7, 6, 4, 7}, KthNeighbourDistance.perPoint(points, 4), 0.0);
  }

  @Test
  void duplicatesAreNeighboursAtZeroAndTooLargeAKIsInfinite() {
    double[][] points = {{2, 2}, {2, 2}, {5, 6}};
    assertArrayEquals(new double[] {0, 0, 5}, KthNeighbourDistance.perPoint(points, 2), 0.0);
    double inf = Double.POSITIVE_INFINITY;
    assertArrayEquals(new double[] {inf, inf, inf}, KthNeighbourDistance.perPoint(points, 4), 0.0);
    assertThrows(IllegalArgumentException.class, () -> KthNeighbourDistance.perPoint(points, 0));
  }

  @Test
  void equalsSortingEveryRootedDistance() {
    SplittableRandom random = new SplittableRandom(11);
    double[][] points = new double[60][7];
    for (double[] p : points) for (int t = 0; t < p.length; t++) p[t] = random.nextGaussian();
    for (int k = 1; k <= 10; k++) {
      double[] expected = new double[points.length];
      for (int i = 0; i < points.length; i++) {
        double[] all = new double[points.length];
        for (int j = 0; j < points.length; j++) all[j] = Math.sqrt(Euclidean.squared(points[i], points[j]));
        Arrays.sort(all);
        expected[i] = all[k - 1];
      }
      assertArrayEquals(expected, KthNeighbourDistance.perPoint(points, k), 0.0, "k = " + k);
    }
  }
}
