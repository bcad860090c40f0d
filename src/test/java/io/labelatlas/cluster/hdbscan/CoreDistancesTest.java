package io.labelatlas.cluster.hdbscan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

class CoreDistancesTest {

  @Test
  void thePointItselfIsTheFirstNeighbour() {
    double[][] points = SixPoints.points();
    assertArrayEquals(new double[6], CoreDistances.compute(points, 1), 0);
    assertArrayEquals(new double[] {1, 1, 2.5, 2, 2, 3.5}, CoreDistances.compute(points, 2), 1e-12);
    assertArrayEquals(new double[] {3.5, 2.5, 3.5, 5.5, 3.5, 5.5}, CoreDistances.compute(points, 3), 1e-12);
  }

  @Test
  void euclideanInSeveralDimensions() {
    double[][] points = {{0, 0}, {3, 4}, {6, 8}};
    assertArrayEquals(new double[] {5, 5, 5}, CoreDistances.compute(points, 2), 1e-12);
    assertArrayEquals(new double[] {10, 5, 10}, CoreDistances.compute(points, 3), 1e-12);
  }
}
