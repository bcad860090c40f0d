package io.labelatlas.cluster.dbscan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class DbscanTest {

  /**
   * A border point within eps of core points of two clusters goes to the cluster that scikit-learn's index-order scan
   * starts first, even when the other cluster's core point is closer.
   */
  @Test
  void borderTieBreakUsesScanOrderNotDistance() {
    // 1-d, eps = 1, minSamples = 4. Cluster 0 grows from index 0 (core 0, 1, 7); cluster 1 from index 3 (core 3, 4).
    // Point 6 at 1.6 sees {1, 4, 6}: border, 0.8 from cluster 0's core point 1 and 0.6 from cluster 1's core point 4.
    double[][] points = {{0.0}, {0.8}, {-0.6}, {3.1}, {2.2}, {3.9}, {1.6}, {0.3}, {2.7}};
    DbscanLabels result = Dbscan.fit(points, 1.0, 4);
    assertArrayEquals(new boolean[] {true, true, false, true, true, false, false, true, false}, result.coreSamples());
    assertArrayEquals(new int[] {0, 0, 0, 1, 1, 1, 0, 0, 1}, result.labels());
    assertEquals(2, result.clusterCount());
  }

  @Test
  void minSamplesOneMakesEveryPointCore() {
    double[][] points = {{0, 0}, {5, 5}, {0, 0.5}, {9, 9}};
    DbscanLabels result = Dbscan.fit(points, 1.0, 1);
    assertArrayEquals(new int[] {0, 1, 0, 2}, result.labels());
    assertArrayEquals(new boolean[] {true, true, true, true}, result.coreSamples());
  }

  @Test
  void distanceExactlyEpsIsANeighbour() {
    double[][] points = {{0.0}, {0.5}, {1.0}};
    DbscanLabels result = Dbscan.fit(points, 0.5, 3);
    assertArrayEquals(new boolean[] {false, true, false}, result.coreSamples());
    assertArrayEquals(new int[] {0, 0, 0}, result.labels());
  }

  @Test
  void allNoiseWhenNothingIsCore() {
    double[][] points = {{0, 0}, {3, 0}, {0, 3}};
    DbscanLabels result = Dbscan.fit(points, 1.0, 2);
    assertArrayEquals(new int[] {-1, -1, -1}, result.labels());
    assertEquals(0, result.clusterCount());
  }

  @Test
  void rejectsBadPoints() {
    assertMessage("'points' must hold at least one point", () -> Dbscan.fit(new double[0][], 1, 2));
    assertMessage("'points' must hold at least one point", () -> Dbscan.fit(null, 1, 2));
    assertMessage("'points' row 1 coordinate 0 is NaN", () -> Dbscan.fit(new double[][] {{0, 0}, {Double.NaN, 0}}, 1, 2));
    assertMessage("'points' row 0 coordinate 1 is Infinity",
        () -> Dbscan.fit(new double[][] {{0, Double.POSITIVE_INFINITY}}, 1, 2));
    assertMessage("'points' is ragged: row 1 has 1 coordinates, row 0 has 2",
        () -> Dbscan.fit(new double[][] {{0, 0}, {1}}, 1, 2));
    assertMessage("'points' row 0 is empty", () -> Dbscan.fit(new double[][] {{}}, 1, 2));
    assertMessage("'points' row 1 is null", () -> Dbscan.fit(new double[][] {{0}, null}, 1, 2));
  }

  @Test
  void rejectsBadEpsAndMinSamples() {
    double[][] points = {{0, 0}, {1, 1}};
    assertMessage("'eps' must be finite and > 0, got 0.0", () -> Dbscan.fit(points, 0, 2));
    assertMessage("'eps' must be finite and > 0, got -1.0", () -> Dbscan.fit(points, -1, 2));
    assertMessage("'eps' must be finite and > 0, got NaN", () -> Dbscan.fit(points, Double.NaN, 2));
    assertMessage("'eps' must be finite and > 0, got Infinity", () -> Dbscan.fit(points, Double.POSITIVE_INFINITY, 2));
    assertMessage("'minSamples' must be >= 1, got 0", () -> Dbscan.fit(points, 1, 0));
  }

  static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
    assertEquals(expected, assertThrows(IllegalArgumentException.class, call).getMessage());
  }
}
