package io.labelatlas.cluster.hdbscan.partitioned;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.labelatlas.cluster.hdbscan.CoreDistances;
import java.util.Arrays;
import java.util.Comparator;
import org.junit.jupiter.api.Test;

class LeafNeighboursTest {

  /** A block of the given points with global ids 5, 8, 11, ... */
  static LeafBlock block(double[][] points) {
    LeafBlock.Builder builder = new LeafBlock.Builder(points[0].length, points.length);
    for (int i = points.length - 1; i >= 0; i--) {
      builder.add(5 + 3 * i, points[i]);
    }
    return builder.build(0, 0);
  }

  @Test
  void blocksSortTheirPointsByIndex() {
    double[][] points = BlobsWithNoise.generate(20, 3, 2, 0.1, 5, 3);
    LeafBlock block = block(points);
    for (int i = 0; i < points.length; i++) {
      assertEquals(5 + 3 * i, block.ids[i]);
      assertArrayEquals(points[i], Arrays.copyOfRange(block.coords, 3 * i, 3 * i + 3));
    }
  }

  @Test
  void equalsBruteForce() {
    double[][] points = BlobsWithNoise.generate(300, 7, 3, 0.2, 4, 4);
    int k = 6;
    CandidateNeighbours[] lists = LeafNeighbours.compute(block(points), k);
    double[] exactCore = CoreDistances.compute(points, k + 1);
    for (int i = 0; i < points.length; i++) {
      int self = i;
      Integer[] others = new Integer[points.length - 1];
      for (int j = 0, at = 0; j < points.length; j++) {
        if (j != i) {
          others[at++] = j;
        }
      }
      Arrays.sort(others, Comparator.<Integer>comparingDouble(j -> SquaredEuclidean.between(points[self], points[j]))
          .thenComparingInt(j -> j));
      assertEquals(k, lists[i].size());
      for (int r = 0; r < k; r++) {
        assertEquals(5 + 3 * others[r], lists[i].id(r), "point " + i + " rank " + r);
        assertEquals(SquaredEuclidean.between(points[i], points[others[r]]), lists[i].squaredDistance(r));
      }
      assertEquals(exactCore[i], lists[i].coreDistance(), 0.0, "bit-identical core distance of point " + i);
    }
  }

  @Test
  void aBlockSmallerThanMinSamplesLeavesTheCoreDistanceUnknown() {
    CandidateNeighbours[] lists = LeafNeighbours.compute(block(new double[][] {{0}, {1}, {3}}), 4);
    assertTrue(Double.isNaN(lists[0].coreDistance()));
    assertEquals(2, lists[0].size());
  }

  @Test
  void minSamplesOneMeansCoreDistanceZero() {
    CandidateNeighbours[] lists = LeafNeighbours.compute(block(new double[][] {{0}, {1}}), 0);
    assertEquals(0.0, lists[1].coreDistance());
  }

  @Test
  void mergingKeepsTheNearestDistinctPoints() {
    CandidateNeighbours a = new CandidateNeighbours(3);
    a.offer(10, 4.0);
    a.offer(11, 1.0);
    a.offer(12, 9.0);
    a.offer(11, 1.0);
    CandidateNeighbours b = new CandidateNeighbours(3);
    b.offer(11, 1.0);
    b.offer(13, 2.0);
    b.offer(14, 16.0);
    CandidateNeighbours merged = CandidateNeighbours.merge(a, b);
    assertEquals(3, merged.size());
    assertArrayEquals(new int[] {11, 13, 10}, new int[] {merged.id(0), merged.id(1), merged.id(2)});
    assertEquals(2.0, merged.coreDistance());
    assertEquals(3, a.size(), "offering a held id again changes nothing");
  }

  @Test
  void mergingShortListsCountsEachPointOnce() {
    CandidateNeighbours a = new CandidateNeighbours(3);
    a.offer(1, 1.0);
    a.offer(2, 2.0);
    CandidateNeighbours b = new CandidateNeighbours(3);
    b.offer(2, 2.0);
    b.offer(1, 1.0);
    CandidateNeighbours merged = CandidateNeighbours.merge(a, b);
    assertEquals(2, merged.size());
    assertTrue(Double.isNaN(merged.coreDistance()));
  }
}
