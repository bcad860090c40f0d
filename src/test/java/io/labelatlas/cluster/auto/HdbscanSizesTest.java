package io.labelatlas.cluster.auto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.labelatlas.cluster.auto.HdbscanSizes.Outcome;
import io.labelatlas.cluster.auto.HdbscanSizes.Search;
import io.labelatlas.cluster.auto.HdbscanSizes.Sizes;
import io.labelatlas.cluster.hdbscan.Hdbscan;
import io.labelatlas.cluster.hdbscan.HdbscanResult;
import io.labelatlas.cluster.hdbscan.SelectionMethod;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class HdbscanSizesTest {
  private static final int AUTO = HdbscanSizes.AUTO;

  @Test
  void ruleFollowsTheDataScale() {
    assertEquals(8, HdbscanSizes.ruleMinSamples(300)); // log2 300 = 8.2
    assertEquals(5, HdbscanSizes.ruleMinClusterSize(300)); // 0.005 * 300 = 1.5, floor 5
    assertEquals(14, HdbscanSizes.ruleMinSamples(20_000)); // log2 20000 = 14.3
    assertEquals(100, HdbscanSizes.ruleMinClusterSize(20_000));
    assertEquals(15, HdbscanSizes.ruleMinSamples(1_000_000)); // log2 = 19.9, clipped
    assertEquals(5_000, HdbscanSizes.ruleMinClusterSize(1_000_000));
    assertEquals(5, HdbscanSizes.ruleMinSamples(20)); // log2 20 = 4.3, clipped up
    assertEquals(3, HdbscanSizes.ruleMinSamples(3)); // never above n
    assertEquals(2, HdbscanSizes.ruleMinClusterSize(8)); // never above max(2, n / 4)
  }

  @Test
  void ladderShrinksOnlyTheAutomaticSizesAndSkipsRepeats() {
    assertEquals(List.of(new Sizes(5, 8), new Sizes(5, 4), new Sizes(3, 4), new Sizes(3, 2)),
        HdbscanSizes.ladder(300, AUTO, AUTO));
    assertEquals(List.of(new Sizes(100, 14), new Sizes(100, 7), new Sizes(50, 7), new Sizes(50, 4),
        new Sizes(25, 4)), HdbscanSizes.ladder(20_000, AUTO, AUTO));
    assertEquals(List.of(new Sizes(15, 8), new Sizes(15, 4), new Sizes(15, 2)), HdbscanSizes.ladder(300, 15, AUTO));
    assertEquals(List.of(new Sizes(5, 10), new Sizes(3, 10)), HdbscanSizes.ladder(300, AUTO, 10));
    assertEquals(List.of(new Sizes(15, 5)), HdbscanSizes.ladder(300, 15, 5));
  }

  @Test
  void allNoiseFirstTryOnAFewHundredPointsMovesDownTheLadder() {
    List<Sizes> fitted = new ArrayList<>();
    Search<String> search = HdbscanSizes.search(300, AUTO, AUTO, sizes -> {
      fitted.add(sizes);
      // As on small defect sets: min_samples 8 smooths every cluster away; 4 finds three.
      return sizes.minSamples() >= 8 ? new Outcome<>("all noise", 0, 1.0) : new Outcome<>("three", 3, 0.12);
    });
    assertEquals("three", search.result());
    assertEquals(new Sizes(5, 4), search.chosen());
    assertEquals(List.of(new Sizes(5, 8), new Sizes(5, 4)), fitted);
    assertEquals(2, search.attempts().size());
    assertTrue(search.attempts().get(0).degenerate());
    assertTrue(search.evidence().contains("(min_cluster_size 5, min_samples 8) 0 clusters, noise 100.0% degenerate"),
        search.evidence());
    assertTrue(search.evidence().contains("(min_cluster_size 5, min_samples 4) 3 clusters, noise 12.0% kept"),
        search.evidence());
    assertTrue(search.evidence().contains("round(log2 n) in [5, 15] = 8"), search.evidence());
  }

  @Test
  void realHdbscanOnAFewHundredPointsIsAllNoiseAtTheRuleAndFindsTheGroupsOneRungDown() {
    double[][] points = ClusterTestData.oneClassWithSmallGroups();
    Search<HdbscanResult> search = HdbscanSizes.search(points.length, AUTO, AUTO, sizes -> {
      HdbscanResult result = Hdbscan.fit(points, sizes.minClusterSize(), sizes.minSamples(), SelectionMethod.EOM, 0,
          false);
      long noise = Arrays.stream(result.labels()).filter(l -> l < 0).count();
      return new Outcome<>(result, result.numClusters(), (double) noise / points.length);
    });
    assertEquals(0, search.attempts().get(0).clusters(), search.evidence());
    assertEquals(new Sizes(5, 4), search.chosen());
    assertEquals(6, search.result().numClusters());
    // Each small group is one cluster of its own.
    int[] labels = search.result().labels();
    for (int g = 0; g < 5; g++) {
      int first = labels[250 + 6 * g];
      assertTrue(first >= 0);
      for (int j = 1; j < 6; j++) assertEquals(first, labels[250 + 6 * g + j]);
    }
  }

  @Test
  void tooMuchNoiseOrOneClusterIsDegenerate() {
    assertTrue(HdbscanSizes.degenerate(1, 0.0));
    assertTrue(HdbscanSizes.degenerate(4, 0.51));
    assertTrue(!HdbscanSizes.degenerate(2, 0.5));
  }

  @Test
  void whenEveryTryIsDegenerateTheLeastNoisySplitIsKept() {
    Search<Integer> search = HdbscanSizes.search(20_000, AUTO, AUTO, sizes -> switch (sizes.minSamples()) {
      case 14 -> new Outcome<>(0, 0, 1.0);
      case 7 -> sizes.minClusterSize() == 100 ? new Outcome<>(1, 3, 0.8) : new Outcome<>(2, 1, 0.1);
      default -> sizes.minClusterSize() == 50 ? new Outcome<>(3, 4, 0.6) : new Outcome<>(4, 2, 0.7);
    });
    assertEquals(5, search.attempts().size());
    assertEquals(3, search.result());
    assertEquals(new Sizes(50, 4), search.chosen());
    assertTrue(search.evidence().contains("every try was degenerate"), search.evidence());
  }

  @Test
  void setSizesGiveOneFitAndNoGuard() {
    Search<String> search = HdbscanSizes.search(300, 15, 5, sizes -> new Outcome<>("noise", 0, 1.0));
    assertEquals(1, search.attempts().size());
    assertEquals(new Sizes(15, 5), search.chosen());
    assertTrue(search.evidence().contains("min_samples = 5 (set)"), search.evidence());
  }
}
