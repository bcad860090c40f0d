package io.labelatlas.cluster.hdbscan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.HashMap;
import java.util.Map;

/** Checks that two labellings are one relabelling apart, with R's noise (0) exactly our noise (-1). */
final class LabelComparison {
  private LabelComparison() {}

  static void assertSameUpToRenaming(int[] rCluster, int[] ours) {
    assertEquals(rCluster.length, ours.length, "number of points");
    Map<Integer, Integer> forward = new HashMap<>();
    Map<Integer, Integer> backward = new HashMap<>();
    for (int i = 0; i < ours.length; i++) {
      int expected = rCluster[i] == 0 ? -1 : rCluster[i];
      if (expected == -1 || ours[i] == -1) {
        if (expected != ours[i]) {
          fail("point " + i + ": R says " + (expected == -1 ? "noise" : "cluster " + rCluster[i]) + ", ours says "
              + (ours[i] == -1 ? "noise" : "cluster " + ours[i]) + " (noise sets differ)");
        }
        continue;
      }
      Integer mapped = forward.putIfAbsent(expected, ours[i]);
      Integer back = backward.putIfAbsent(ours[i], expected);
      if ((mapped != null && mapped != ours[i]) || (back != null && back != expected)) {
        fail("point " + i + ": R cluster " + rCluster[i] + " and our cluster " + ours[i] + " are not one relabelling");
      }
    }
  }
}
