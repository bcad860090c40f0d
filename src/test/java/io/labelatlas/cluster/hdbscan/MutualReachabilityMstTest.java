package io.labelatlas.cluster.hdbscan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class MutualReachabilityMstTest {

  @Test
  void primOnSixPointsGivesEdgesSortedByMutualReachability() {
    double[][] points = SixPoints.points();
    MutualReachabilityMst mst = MutualReachabilityMst.compute(points, CoreDistances.compute(points, 2));
    assertArrayEquals(new double[] {1, 2, 2.5, 3.5, 6.5}, mst.weight(), 1e-12);
    assertArrayEquals(new int[] {0, 3, 1, 4, 2}, mst.from());
    assertArrayEquals(new int[] {1, 4, 2, 5, 3}, mst.to());
  }

  @Test
  void coreDistancesRaiseEdgeWeights() {
    double[][] points = {{0}, {1}, {2}};
    MutualReachabilityMst mst = MutualReachabilityMst.compute(points, new double[] {5, 0, 0});
    assertArrayEquals(new double[] {1, 5}, mst.weight(), 1e-12);
  }

  @Test
  void singlePointHasNoEdges() {
    assertEquals(0, MutualReachabilityMst.compute(new double[][] {{1, 2}}, new double[] {0}).size());
  }
}
