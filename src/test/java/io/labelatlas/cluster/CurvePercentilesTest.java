package io.labelatlas.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class CurvePercentilesTest {
  @Test
  void aLongCurveIsKeptAt101RanksFromFirstToLast() {
    double[] sorted = new double[10_001];
    for (int i = 0; i < sorted.length; i++) sorted[i] = sorted.length - i;
    List<ClusterStage.CurvePoint> points = ClusterStage.percentiles("5-distance", sorted);
    assertEquals(101, points.size());
    assertEquals(0, points.get(0).rank());
    assertEquals(sorted[0], points.get(0).value());
    assertEquals(5_000, points.get(50).rank());
    assertEquals(sorted[5_000], points.get(50).value());
    assertEquals(10_000, points.get(100).rank());
    assertEquals(1.0, points.get(100).value());
    assertEquals(10_001, points.get(100).of());
  }

  @Test
  void aShortCurveKeepsEveryPointOnce() {
    List<ClusterStage.CurvePoint> points = ClusterStage.percentiles("3-distance", new double[] {3, 2, 1});
    assertEquals(List.of(0L, 1L, 2L), points.stream().map(ClusterStage.CurvePoint::rank).toList());
  }
}
