package io.labelatlas.cluster.ward;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Ward on weighted points: the entry point Ward over k-means micro-clusters uses. */
class WardWeightedTest {

  private static double[][] randomPoints(int n, int d, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double[][] points = new double[n][d];
    for (double[] p : points) for (int c = 0; c < d; c++) p[c] = random.nextGaussian() * (1 + c);
    return points;
  }

  @Test
  void unitWeightsGiveTheUnweightedTreeBitForBit() {
    double[][] points = randomPoints(200, 5, 11);
    double[] ones = new double[points.length];
    Arrays.fill(ones, 1.0);
    WardTree plain = WardLinkage.tree(points);
    WardTree weighted = WardLinkage.tree(points, ones);
    assertArrayEquals(plain.left(), weighted.left());
    assertArrayEquals(plain.right(), weighted.right());
    assertArrayEquals(plain.size(), weighted.size());
    assertArrayEquals(plain.height(), weighted.height(), 0.0);
    for (int k : new int[] {1, 2, 7, 200}) assertArrayEquals(Ward.fit(points, k), Ward.fit(points, ones, k));
  }

  @Test
  void handExampleHeights() {
    // {0} weight 2, {1}, {10}: d(0,1) = sqrt(2*2*1/3) * 1; then centroid 1/3 of weight 3 against 10.
    WardTree tree = WardLinkage.tree(new double[][] {{0}, {1}, {10}}, new double[] {2, 1, 1});
    assertArrayEquals(new double[] {Math.sqrt(4.0 / 3), Math.sqrt(6.0 / 4) * (10 - 1.0 / 3)}, tree.height(), 1e-12);
    assertArrayEquals(new int[] {2, 3}, tree.size());
  }

  @Test
  void aWeightedPointMergesAsItsDuplicatesDo() {
    double[][] unique = randomPoints(60, 4, 5);
    SplittableRandom random = new SplittableRandom(9);
    double[] weights = new double[unique.length];
    List<double[]> duplicated = new ArrayList<>();
    List<Integer> origin = new ArrayList<>();
    for (int i = 0; i < unique.length; i++) {
      int copies = 1 + random.nextInt(4);
      weights[i] = copies;
      for (int c = 0; c < copies; c++) {
        duplicated.add(unique[i].clone());
        origin.add(i);
      }
    }
    // Shuffle the copies so that they are not adjacent.
    int m = duplicated.size();
    for (int i = m - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      java.util.Collections.swap(duplicated, i, j);
      java.util.Collections.swap(origin, i, j);
    }
    double[][] data = duplicated.toArray(new double[0][]);

    WardTree weighted = WardLinkage.tree(unique, weights);
    WardTree expanded = WardLinkage.tree(data);
    // Copies merge first, at height 0 up to rounding (a centroid (2a + a) / 3 need not equal a to the last bit).
    double[] positive = Arrays.stream(expanded.height()).filter(h -> h > 1e-9).toArray();
    assertEquals(m - unique.length, expanded.numMerges() - positive.length, "one zero-height merge per extra copy");
    assertEquals(weighted.numMerges(), positive.length);
    for (int i = 0; i < positive.length; i++) {
      assertEquals(positive[i], weighted.height()[i], 1e-9 * positive[i], "height of merge " + i);
    }
    for (int k = 1; k <= unique.length; k++) {
      int[] onUnique = Ward.fit(unique, weights, k);
      int[] onData = WardLinkage.cut(expanded, k);
      Map<Integer, Integer> uniqueToData = new HashMap<>();
      Map<Integer, Integer> dataToUnique = new HashMap<>();
      for (int p = 0; p < m; p++) {
        int a = onUnique[origin.get(p)];
        int b = onData[p];
        assertEquals(b, (int) uniqueToData.computeIfAbsent(a, x -> b), "k=" + k + ": partitions differ at copy " + p);
        assertEquals(a, (int) dataToUnique.computeIfAbsent(b, x -> a), "k=" + k + ": partitions differ at copy " + p);
      }
    }
  }

  @Test
  void badWeightsAreNamed() {
    double[][] points = {{0}, {1}};
    assertMessage("weights has 1 values for 2 points", () -> WardLinkage.tree(points, new double[] {1}));
    assertMessage("weights[1] must be finite and > 0, got 0.0", () -> WardLinkage.tree(points, new double[] {1, 0}));
    assertMessage("weights[0] must be finite and > 0, got NaN",
        () -> WardLinkage.tree(points, new double[] {Double.NaN, 1}));
    assertMessage("weights[0] must be finite and > 0, got Infinity",
        () -> Ward.fit(points, new double[] {Double.POSITIVE_INFINITY, 1}, 1));
    assertMessage("weights must not be null", () -> Ward.fit(points, null, 1));
    assertMessage("k must be in 1..2", () -> Ward.fit(points, new double[] {1, 1}, 3));
  }

  private static void assertMessage(String start, org.junit.jupiter.api.function.Executable call) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    assertTrue(e.getMessage().startsWith(start), e.getMessage());
  }
}
