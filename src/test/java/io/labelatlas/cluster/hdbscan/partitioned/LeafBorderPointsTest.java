package io.labelatlas.cluster.hdbscan.partitioned;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.labelatlas.cluster.dbscan.Dbscan;
import io.labelatlas.cluster.dbscan.DbscanLabels;
import io.labelatlas.cluster.dbscan.SpanningTreeCut;
import io.labelatlas.cluster.hdbscan.CoreDistances;
import io.labelatlas.cluster.hdbscan.MutualReachabilityMst;
import org.junit.jupiter.api.Test;

/** One leaf holding every point attaches border points exactly as scikit-learn's DBSCAN (and {@link Dbscan}) does. */
class LeafBorderPointsTest {
  @Test
  void oneLeafReproducesDbscanBorderPoints() {
    for (long seed = 1; seed <= 5; seed++) {
      double[][] points = BlobsWithNoise.generate(400, 3, 4, 0.2, 4, seed);
      LeafBlock.Builder builder = LeafBlock.Builder.of(0, points[0]);
      for (int p = 1; p < points.length; p++) builder.add(p, points[p]);
      LeafBlock block = builder.build(0, 0);
      for (int minSamples : new int[] {3, 6}) {
        double[] core = CoreDistances.compute(points, minSamples);
        MutualReachabilityMst tree = MutualReachabilityMst.compute(points, core);
        for (double eps : new double[] {0.4, 0.8, 1.5}) {
          DbscanLabels cut = SpanningTreeCut.cut(tree, core, eps);
          int[] labels = cut.labels().clone();
          int[] border = LeafBorderPoints.compute(block, cut.labels(), eps);
          for (int i = 0; i < border.length; i++) {
            if (border[i] >= 0) labels[block.ids[i]] = border[i];
          }
          assertArrayEquals(Dbscan.fit(points, eps, minSamples).labels(), labels,
              "seed " + seed + ", minSamples " + minSamples + ", eps " + eps);
        }
      }
    }
  }
}
