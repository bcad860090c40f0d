package io.labelatlas.cluster.hdbscan.partitioned;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.labelatlas.cluster.hdbscan.CoreDistances;
import io.labelatlas.cluster.hdbscan.MutualReachabilityMst;
import org.junit.jupiter.api.Test;

class LeafSpanningTreeTest {

  @Test
  void equalsTheExactTreeOnABlockNumberedFromZero() {
    double[][] points = BlobsWithNoise.generate(400, 6, 3, 0.2, 4, 5);
    double[] core = CoreDistances.compute(points, 5);
    LeafBlock.Builder builder = new LeafBlock.Builder(6, 400);
    for (int i = 0; i < points.length; i++) {
      builder.add(i, points[i]);
    }
    SpanningEdges edges = LeafSpanningTree.compute(builder.build(0, 0), core);
    MutualReachabilityMst exact = MutualReachabilityMst.compute(points, core);
    assertEquals(points.length - 1, edges.size());
    SpanningForestMerge.SpanningForest sorted =
        SpanningForestMerge.minimumForest(points.length, java.util.List.of(edges));
    assertArrayEquals(exact.from(), sorted.from());
    assertArrayEquals(exact.to(), sorted.to());
    assertArrayEquals(exact.weight(), sorted.weight(), 0.0);
  }

  @Test
  void hasTheExactTotalWeightOnABlockWithGlobalIds() {
    double[][] points = BlobsWithNoise.generate(250, 4, 2, 0.2, 4, 6);
    double[] core = CoreDistances.compute(points, 4);
    double[] globalCore = new double[1000];
    LeafBlock.Builder builder = new LeafBlock.Builder(4, 250);
    for (int i = 0; i < points.length; i++) {
      builder.add(3 * i + 7, points[i]);
      globalCore[3 * i + 7] = core[i];
    }
    SpanningEdges edges = LeafSpanningTree.compute(builder.build(1, 4), globalCore);
    double exact = 0;
    for (double w : MutualReachabilityMst.compute(points, core).weight()) {
      exact += w;
    }
    assertEquals(exact, edges.totalWeight(), 1e-9 * exact);
    for (int e = 0; e < edges.size(); e++) {
      assertEquals(1, edges.from(e) % 3, "a global id 3i + 7");
      assertEquals(1, edges.to(e) % 3, "a global id 3i + 7");
    }
  }

  @Test
  void aSinglePointHasNoEdges() {
    LeafBlock.Builder builder = new LeafBlock.Builder(2, 1);
    builder.add(3, new double[] {1, 2});
    assertEquals(0, LeafSpanningTree.compute(builder.build(0, 0), new double[4]).size());
  }
}
