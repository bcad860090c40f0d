package io.labelatlas.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.labelatlas.audit.HiddenSubclasses.Cell;
import io.labelatlas.audit.HiddenSubclasses.Part;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HiddenSubclassesTest {
  private static final double[] ORIGIN = {0, 0};

  private static Cell cell(String label, int cluster, long members) {
    return new Cell(label, cluster, members, ORIGIN, 1);
  }

  /** Cluster sizes = labelled members plus {@code unlabelled} extra in every cluster. */
  private static Map<Integer, Long> sizes(List<Cell> cells, long unlabelled) {
    Map<Integer, Long> sizes = new HashMap<>();
    for (Cell c : cells) sizes.merge(c.cluster(), c.members(), Long::sum);
    sizes.replaceAll((k, v) -> v + unlabelled);
    return sizes;
  }

  private static List<Integer> clustersOf(List<Part> parts) {
    return parts.stream().map(Part::cluster).toList();
  }

  @Test
  void reportsEveryPartOfASplitClassWithHandComputedFigures() {
    // 'ok' (100 members): 40 in cluster 0, 30 in 1, 20 in 2, 10 in noise. 'short': 50 in cluster 3, 2 in cluster 0.
    List<Cell> cells = List.of(
        new Cell("ok", 0, 40, new double[] {0, 0}, 1),
        new Cell("ok", 1, 30, new double[] {4, 0}, 3),
        new Cell("ok", 2, 20, new double[] {0, 1}, 1),
        new Cell("ok", -1, 10, new double[] {9, 9}, 50),
        new Cell("short", 0, 2, new double[] {1, 1}, 1),
        new Cell("short", 3, 50, new double[] {20, 20}, 1));
    Map<Integer, Long> sizes = Map.of(0, 45L, 1, 30L, 2, 20L, 3, 50L, -1, 10L);
    List<Part> parts = HiddenSubclasses.defaults().find(cells, sizes);
    assertEquals(List.of(0, 1, 2), clustersOf(parts));
    Part first = parts.get(0);
    assertEquals("ok", first.label());
    assertEquals(3, first.parts());
    assertEquals(100, first.classSize());
    assertEquals(40, first.members());
    assertEquals(0.4, first.shareOfClass(), 1e-12);
    assertEquals(45, first.clusterSize());
    assertEquals(40.0 / 42, first.clusterPurity(), 1e-12);
    // separation(0, 1) = 4 / sqrt((1 + 3) / 2) = 2.828; (0, 2) = 1 / 1 = 1; (1, 2) = sqrt(17) / sqrt(2) = 2.915.
    assertEquals(1.0, first.separation(), 1e-12);
    assertEquals(2, first.nearestPart());
    assertEquals(4 / Math.sqrt(2), parts.get(1).separation(), 1e-12);
    assertEquals(0, parts.get(1).nearestPart());
    assertEquals(1.0, parts.get(2).separation(), 1e-12);
    assertEquals(0.3, parts.get(1).shareOfClass(), 1e-12);
    assertEquals(1.0, parts.get(1).clusterPurity(), 1e-12);
    assertTrue(parts.get(1).detail().contains("well separated"), parts.get(1).detail());
    assertTrue(first.detail().contains("overlapping"), first.detail());
    assertTrue(first.detail().startsWith("part 1 of 3 of 'ok'"), first.detail());
  }

  @Test
  void aClassInOneCleanClusterIsNotReported() {
    List<Cell> cells = List.of(cell("a", 0, 90), cell("a", 1, 9), cell("b", 1, 50));
    assertTrue(HiddenSubclasses.defaults().find(cells, sizes(cells, 0)).isEmpty());
  }

  @Test
  void thresholdsAreInclusive() {
    // 10 of 100 is exactly min_share 0.10 and min_members 10; 40 of 50 labelled is exactly purity 0.8.
    List<Cell> cells = List.of(cell("a", 0, 50), cell("a", 1, 40), cell("a", 2, 10), cell("b", 1, 10));
    List<Part> parts = HiddenSubclasses.defaults().find(cells, sizes(cells, 5));
    assertEquals(List.of(0, 1, 2), clustersOf(parts));
    assertEquals(0.8, parts.get(1).clusterPurity(), 0);
    assertEquals(55, parts.get(1).clusterSize());
  }

  @Test
  void eachThresholdExcludesACellJustBelowIt() {
    HiddenSubclasses finder = HiddenSubclasses.defaults();
    List<Cell> fewMembers = List.of(cell("a", 0, 50), cell("a", 1, 9));
    assertTrue(finder.find(fewMembers, sizes(fewMembers, 0)).isEmpty());
    List<Cell> smallShare = List.of(cell("a", 0, 50), cell("a", 5, 50), cell("a", 1, 11));
    assertEquals(List.of(0, 5), clustersOf(finder.find(smallShare, sizes(smallShare, 0)))); // 11 / 111 < 0.10
    List<Cell> impure = List.of(cell("a", 0, 50), cell("a", 1, 20), cell("b", 1, 6)); // 20 / 26 = 0.77
    assertTrue(finder.find(impure, sizes(impure, 0)).isEmpty());
    List<Cell> unlabelledDoNotLowerPurity = List.of(cell("a", 0, 50), cell("a", 1, 20));
    assertEquals(2, finder.find(unlabelledDoNotLowerPurity, sizes(unlabelledDoNotLowerPurity, 100)).size());
  }

  @Test
  void noiseIsNeverAPart() {
    List<Cell> cells = List.of(cell("a", 0, 50), cell("a", -1, 50));
    assertTrue(HiddenSubclasses.defaults().find(cells, sizes(cells, 0)).isEmpty());
  }

  @Test
  void theClassMustBeTheStrictMajority() {
    // With min_purity 0.5 a tie of 20 and 20 passes the purity test but neither class is the majority.
    HiddenSubclasses lenient = new HiddenSubclasses(10, 0.1, 0.5);
    List<Cell> cells = List.of(cell("a", 0, 50), cell("a", 1, 20), cell("b", 1, 20));
    assertTrue(lenient.find(cells, sizes(cells, 0)).isEmpty());
    List<Cell> majority = List.of(cell("a", 0, 50), cell("a", 1, 21), cell("b", 1, 20));
    assertEquals(2, lenient.find(majority, sizes(majority, 0)).size());
  }

  @Test
  void separationIsZeroForEqualCentroidsAndInfiniteForDistinctPoints() {
    List<Cell> points =
        List.of(new Cell("a", 0, 10, new double[] {0, 0}, 0), new Cell("a", 1, 10, new double[] {3, 4}, 0));
    List<Part> parts = HiddenSubclasses.defaults().find(points, sizes(points, 0));
    assertEquals(Double.POSITIVE_INFINITY, parts.get(0).separation());
    List<Cell> same =
        List.of(new Cell("a", 0, 10, new double[] {1, 1}, 0), new Cell("a", 1, 10, new double[] {1, 1}, 0));
    assertEquals(0.0, HiddenSubclasses.defaults().find(same, sizes(same, 0)).get(0).separation());
  }

  @Test
  void rejectsBadSettingsAndInconsistentInput() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new HiddenSubclasses(0, 0.1, 0.8))
        .getMessage().contains("min_members"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new HiddenSubclasses(10, 1.5, 0.8))
        .getMessage().contains("min_share"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new HiddenSubclasses(10, 0.1, 0))
        .getMessage().contains("min_purity"));
    HiddenSubclasses finder = HiddenSubclasses.defaults();
    List<Cell> twice = List.of(cell("a", 0, 10), cell("a", 0, 10));
    assertThrows(IllegalArgumentException.class, () -> finder.find(twice, Map.of(0, 20L)));
    List<Cell> cells = new ArrayList<>(List.of(cell("a", 0, 10)));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> finder.find(cells, Map.of(0, 5L)))
        .getMessage().contains("cluster 0"));
    cells.add(new Cell("a", 1, 10, new double[] {1, 2, 3}, 0));
    assertThrows(IllegalArgumentException.class, () -> finder.find(cells, Map.of(0, 10L, 1, 10L)));
    assertThrows(IllegalArgumentException.class, () -> new Cell("a", 0, 0, ORIGIN, 1));
    assertThrows(IllegalArgumentException.class, () -> new Cell("a", 0, 3, ORIGIN, -1));
  }
}
