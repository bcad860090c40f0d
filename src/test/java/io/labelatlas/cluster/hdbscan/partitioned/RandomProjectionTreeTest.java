package io.labelatlas.cluster.hdbscan.partitioned;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RandomProjectionTreeTest {
  private static final double[][] POINTS = BlobsWithNoise.generate(4000, 10, 6, 0.1, 5, 11);

  private static int[] leafSizes(RandomProjectionTree tree, double[][] points) {
    int[] sizes = new int[tree.leaves()];
    for (double[] point : points) {
      sizes[tree.leafOf(point)]++;
    }
    return sizes;
  }

  @Test
  void routingIsDeterministicForASeed() {
    RandomProjectionTree first = RandomProjectionTree.fit(POINTS, POINTS.length, 300, 5);
    RandomProjectionTree second = RandomProjectionTree.fit(POINTS, POINTS.length, 300, 5);
    RandomProjectionTree other = RandomProjectionTree.fit(POINTS, POINTS.length, 300, 6);
    int differs = 0;
    for (double[] point : POINTS) {
      assertEquals(first.leafOf(point), second.leafOf(point));
      differs += first.leafOf(point) == other.leafOf(point) ? 0 : 1;
    }
    assertTrue(differs > 0, "another seed gives other leaves");
  }

  @Test
  void leavesFitOnAllPointsHoldBetweenHalfAndAllOfLeafSize() {
    RandomProjectionTree tree = RandomProjectionTree.fit(POINTS, POINTS.length, 300, 5);
    int[] sizes = leafSizes(tree, POINTS);
    assertEquals(16, tree.leaves(), "4000 points halve four times to 250 <= 300");
    for (int size : sizes) {
      assertTrue(size >= 240 && size <= 260, "leaf of " + size + " points, expected 250");
    }
  }

  @Test
  void leavesFitOnASampleHoldAboutLeafSize() {
    double[][] points = BlobsWithNoise.generate(16_000, 10, 6, 0.1, 5, 12);
    double[][] sample = new double[2000][];
    for (int i = 0; i < sample.length; i++) {
      sample[i] = points[8 * i + 3];
    }
    RandomProjectionTree tree = RandomProjectionTree.fit(sample, points.length, 500, 5);
    int[] sizes = leafSizes(tree, points);
    double mean = points.length / (double) sizes.length;
    assertTrue(mean > 250 && mean <= 500, "mean leaf size " + mean);
    for (int size : sizes) {
      assertTrue(size > 100 && size < 1000, "leaf of " + size + " points");
    }
  }

  @Test
  void aTreeForAtMostLeafSizePointsIsOneLeaf() {
    RandomProjectionTree tree = RandomProjectionTree.fit(POINTS, POINTS.length, POINTS.length, 5);
    assertEquals(1, tree.leaves());
    assertEquals(0, tree.leafOf(POINTS[17]));
  }

  @Test
  void identicalPointsStayInOneLeafInsteadOfSplittingForever() {
    double[][] same = new double[100][];
    Arrays.fill(same, new double[] {1, 2, 3});
    assertEquals(1, RandomProjectionTree.fit(same, 100, 10, 5).leaves());
  }

  @Test
  void routesPointsStoredInFlatArrays() {
    RandomProjectionTree tree = RandomProjectionTree.fit(POINTS, POINTS.length, 300, 5);
    double[] flat = new double[3 * 10];
    for (int i = 0; i < 3; i++) {
      System.arraycopy(POINTS[i], 0, flat, i * 10, 10);
    }
    for (int i = 0; i < 3; i++) {
      assertEquals(tree.leafOf(POINTS[i]), tree.leafOf(flat, i * 10));
    }
  }
}
