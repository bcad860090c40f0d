package io.labelatlas.cluster.ward;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Compares our tree and labels with a {@link WardGolden} from scipy and scikit-learn. */
final class WardAssertions {

  private WardAssertions() {}

  static void assertMatches(WardGolden golden, String name) {
    WardTree tree = WardLinkage.tree(golden.points());
    assertEquals(golden.heights().length, tree.numMerges(), name + ": merge count");
    for (int i = 0; i < tree.numMerges(); i++) {
      double expected = golden.heights()[i];
      double actual = tree.height()[i];
      assertTrue(Math.abs(actual - expected) <= 1e-9 * Math.abs(expected),
          name + ": height of row " + i + " is " + actual + ", scipy " + expected);
      int[] row = golden.children()[i];
      assertArrayEquals(row, new int[] {tree.left()[i], tree.right()[i], tree.size()[i]},
          name + ": row " + i + " (left, right, size) differs from scipy");
    }
    for (var entry : golden.labels().entrySet()) {
      int k = entry.getKey();
      assertArrayEquals(entry.getValue(), WardLinkage.cut(tree, k), name + ": sklearn labels for k=" + k);
      assertArrayEquals(entry.getValue(), Ward.fit(golden.points(), k), name + ": Ward.fit for k=" + k);
    }
  }
}
