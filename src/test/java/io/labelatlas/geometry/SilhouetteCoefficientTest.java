package io.labelatlas.geometry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SilhouetteCoefficientTest {

  @Test
  void handComputedOnALine() {
    // Clusters {0, 1} and {4}: point 0 has a = 1, b = 4; point 1 has a = 1, b = 3; a singleton scores 0.
    double[][] points = {{0}, {1}, {4}};
    int[] cluster = {0, 0, 1};
    double[] samples = SilhouetteCoefficient.samples(points, cluster, 2);
    assertArrayEquals(new double[] {3.0 / 4, 2.0 / 3, 0}, samples, 1e-15);
    assertEquals((3.0 / 4 + 2.0 / 3) / 3, SilhouetteCoefficient.mean(points, cluster, 2), 1e-15);
  }

  @Test
  void coincidentPointsScoreZeroAndFarClustersNearOne() {
    double[][] together = {{1, 1}, {1, 1}, {1, 1}, {1, 1}};
    assertArrayEquals(new double[4], SilhouetteCoefficient.samples(together, new int[] {0, 0, 1, 1}, 2), 0.0);
    double[][] apart = {{0, 0}, {0, 1}, {1000, 0}, {1000, 1}};
    for (double s : SilhouetteCoefficient.samples(apart, new int[] {1, 1, 0, 0}, 2)) assertEquals(1.0, s, 1e-3);
  }
}
