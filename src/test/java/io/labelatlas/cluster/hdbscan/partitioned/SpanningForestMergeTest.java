package io.labelatlas.cluster.hdbscan.partitioned;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.labelatlas.cluster.hdbscan.CoreDistances;
import io.labelatlas.cluster.hdbscan.MutualReachabilityMst;
import io.labelatlas.cluster.hdbscan.partitioned.SpanningForestMerge.SpanningForest;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SpanningForestMergeTest {

  /** Two blobs far apart: points 0..59 around the origin, 60..99 around (50, 50). */
  private static double[][] twoBlobs() {
    Random random = new Random(3);
    double[][] points = new double[100][2];
    for (int i = 0; i < points.length; i++) {
      double shift = i < 60 ? 0 : 50;
      points[i][0] = shift + random.nextGaussian();
      points[i][1] = shift + random.nextGaussian();
    }
    return points;
  }

  private static SpanningEdges blockTree(double[][] points, int from, int to, double[] core) {
    LeafBlock.Builder builder = new LeafBlock.Builder(2, to - from);
    for (int i = from; i < to; i++) {
      builder.add(i, points[i]);
    }
    return LeafSpanningTree.compute(builder.build(0, from), core);
  }

  private static double total(double[] weights) {
    double sum = 0;
    for (double w : weights) {
      sum += w;
    }
    return sum;
  }

  @Test
  void kruskalOverDisjointLeafTreesLeavesOneComponentPerLeaf() {
    double[][] points = twoBlobs();
    double[] core = CoreDistances.compute(points, 4);
    SpanningForest forest = SpanningForestMerge.minimumForest(100,
        List.of(blockTree(points, 0, 60, core), blockTree(points, 60, 100, core)));
    assertEquals(2, forest.components());
    assertEquals(98, forest.from().length);
    assertEquals(0, forest.component()[59]);
    assertEquals(1, forest.component()[60]);
    for (int e = 1; e < forest.weight().length; e++) {
      assertTrue(forest.weight()[e - 1] <= forest.weight()[e], "ascending weights");
    }
  }

  @Test
  void joiningDisjointForestsGivesTheExactSpanningTree() {
    double[][] points = twoBlobs();
    double[] core = CoreDistances.compute(points, 4);
    SpanningForest forest = SpanningForestMerge.minimumForest(100,
        List.of(blockTree(points, 0, 60, core), blockTree(points, 60, 100, core)));
    int[] representatives = SpanningForestMerge.representatives(new int[] {3, 7, 64}, forest, 10);
    assertArrayEquals(new int[] {3, 7, 64}, representatives);
    double[][] vectors = {points[3], points[7], points[64]};
    MutualReachabilityMst joined = SpanningForestMerge.join(forest, representatives, vectors, core);
    assertEquals(99, joined.size());
    double bridge = Math.max(Math.sqrt(SquaredEuclidean.between(points[7], points[64])), Math.max(core[7], core[64]));
    double bridge3 = Math.max(Math.sqrt(SquaredEuclidean.between(points[3], points[64])), Math.max(core[3], core[64]));
    assertEquals(Math.min(bridge, bridge3), joined.weight()[98], 1e-12, "the one joining edge is the heaviest");
    double withinBlobs = total(forest.weight());
    assertEquals(withinBlobs + Math.min(bridge, bridge3), total(joined.weight()), 1e-9);
  }

  @Test
  void representativesCoverEveryComponentWithinTheCap() {
    SpanningForest forest = SpanningForestMerge.minimumForest(9, List.of(
        SpanningEdges.of(new int[] {0, 1, 3, 4, 6}, new int[] {1, 2, 4, 5, 7}, new double[] {1, 1, 1, 1, 1})));
    // Components {0,1,2}, {3,4,5}, {6,7}, {8}; the sample holds 0, 1, 2 and 4 only.
    assertEquals(4, forest.components());
    assertArrayEquals(new int[] {0, 1, 4, 6, 8},
        SpanningForestMerge.representatives(new int[] {2, 1, 0, 4}, forest, 3));
  }

  @Test
  void kruskalDropsRepeatedAndHeavierEdges() {
    double[][] points = twoBlobs();
    double[] core = CoreDistances.compute(points, 3);
    MutualReachabilityMst exact = MutualReachabilityMst.compute(points, core);
    SpanningEdges copy = SpanningEdges.of(exact.from(), exact.to(), exact.weight());
    SpanningEdges extra = SpanningEdges.of(new int[] {0, 5, 60}, new int[] {99, 6, 61},
        new double[] {1e3, 1e3, 1e3});
    SpanningForest forest = SpanningForestMerge.minimumForest(100, List.of(extra, copy, copy));
    assertEquals(1, forest.components());
    assertArrayEquals(exact.weight(), forest.asSpanningTree().weight(), 0.0);
  }

  @Test
  void equalWeightsKeepTheirOrder() {
    assertArrayEquals(new int[] {1, 3, 0, 2, 4}, SpanningForestMerge.stableOrder(new double[] {2, 1, 2, 1, 3}));
    assertArrayEquals(new int[] {}, SpanningForestMerge.stableOrder(new double[] {}));
  }
}
