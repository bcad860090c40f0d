package io.labelatlas.geometry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EuclideanTest {

  @Test
  void threeFourFive() {
    assertEquals(25.0, Euclidean.squared(new double[] {0, 0}, new double[] {3, 4}), 0.0);
    assertEquals(5.0, Euclidean.distance(new double[] {1, 1}, new double[] {4, 5}), 0.0);
    assertEquals(0.0, Euclidean.distance(new double[] {}, new double[] {}), 0.0);
  }

  @Test
  void squaredSumsInCoordinateOrderWithOneAccumulator() {
    SplittableRandom random = new SplittableRandom(3);
    for (int dimension = 1; dimension <= 13; dimension++) {
      double[] a = new double[dimension];
      double[] b = new double[dimension];
      for (int t = 0; t < dimension; t++) {
        a[t] = random.nextDouble(-1e3, 1e3);
        b[t] = random.nextDouble(-1, 1);
      }
      double sum = 0;
      for (int t = 0; t < dimension; t++) sum += (a[t] - b[t]) * (a[t] - b[t]);
      assertEquals(sum, Euclidean.squared(a, b), 0.0, "dimension " + dimension);
      assertEquals(Math.sqrt(sum), Euclidean.distance(a, b), 0.0);
    }
  }

  @Test
  void offsetsReadRowsOfOneFlatArray() {
    double[] flat = {9, 1, 2, 3, 9, 9, 4, 6, 3};
    assertEquals(9 + 16, Euclidean.squared(flat, 1, flat, 6, 3), 0.0);
    assertEquals(9 + 16, Euclidean.squaredFourLanes(flat, 1, 6, 3), 0.0);
  }

  @Test
  void fourLanesAgreeToRounding() {
    SplittableRandom random = new SplittableRandom(5);
    for (int dimension = 1; dimension <= 40; dimension++) {
      double[] x = new double[2 * dimension];
      for (int t = 0; t < x.length; t++) x[t] = random.nextDouble(-10, 10);
      double ordered = Euclidean.squared(x, 0, x, dimension, dimension);
      assertEquals(ordered, Euclidean.squaredFourLanes(x, 0, dimension, dimension), 1e-13 * ordered);
    }
  }
}
