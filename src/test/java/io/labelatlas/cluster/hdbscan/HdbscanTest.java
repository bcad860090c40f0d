package io.labelatlas.cluster.hdbscan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HdbscanTest {

  private static String rejection(double[][] points, int minClusterSize, int minSamples, double epsilon) {
    return assertThrows(IllegalArgumentException.class,
        () -> Hdbscan.fit(points, minClusterSize, minSamples, SelectionMethod.EOM, epsilon, false)).getMessage();
  }

  @Test
  void chainsTheStages() {
    HdbscanResult result = Hdbscan.fit(SixPoints.points(), 2, 2, SelectionMethod.EOM, 0, false);
    assertArrayEquals(new int[] {0, 0, 0, 1, 1, 1}, result.labels());
    assertEquals(2, result.numClusters());
    assertArrayEquals(new double[] {1, 1, 0.4, 1, 1, 4.0 / 7}, result.probabilities(), 1e-12);
    assertArrayEquals(new double[] {0, 0, 0.6, 0, 0, 3.0 / 7}, result.outlierScores(), 1e-12);
    assertArrayEquals(new double[] {1, 1, 2.5, 2, 2, 3.5}, result.coreDistances(), 1e-12);
  }

  @Test
  void rejectsBadPointsNamingTheParameter() {
    assertTrue(rejection(new double[][] {{0, 1}, {Double.NaN, 1}}, 2, 1, 0).contains("'points' row 1 column 0"));
    assertTrue(rejection(new double[][] {{0, 1}, {1, Double.POSITIVE_INFINITY}}, 2, 1, 0).contains("'points'"));
    assertTrue(rejection(new double[][] {{0, 1}, {1}}, 2, 1, 0).contains("'points' row 1 has 1 values"));
    assertTrue(rejection(new double[0][], 2, 1, 0).contains("'points'"));
  }

  @Test
  void rejectsBadParametersNamingThem() {
    double[][] points = SixPoints.points();
    assertTrue(rejection(points, 1, 2, 0).contains("'minClusterSize'"));
    assertTrue(rejection(points, 2, 0, 0).contains("'minSamples'"));
    assertTrue(rejection(points, 2, 7, 0).contains("'minSamples' = 7 exceeds the 6 rows"));
    assertTrue(rejection(points, 2, 2, -1).contains("'epsilon'"));
    assertTrue(rejection(points, 2, 2, Double.NaN).contains("'epsilon'"));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> Hdbscan.fit(points, 2, 2, null, 0, false)).getMessage().contains("'method'"));
  }

  @Test
  void acceptsMinSamplesEqualToTheNumberOfRows() {
    assertEquals(6, Hdbscan.fit(SixPoints.points(), 2, 6, SelectionMethod.LEAF, 0, false).labels().length);
  }
}
