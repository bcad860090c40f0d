package io.labelatlas.evaluate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ContingencyTableTest {

  @Test
  void countsPairsOfIntegerLabels() {
    int[] classes = {2, 0, 2, 10, 0, 2, -1};
    int[] clusters = {5, 5, 7, 7, -1, 5, 5};
    ContingencyTable t = ContingencyTable.fromLabels(classes, clusters);
    assertEquals(List.of("-1", "0", "2", "10"), t.classNames());
    assertArrayEquals(new long[] {-1, 5, 7}, t.clusterIds());
    assertArrayEquals(new long[][] {{0, 1, 0}, {1, 1, 0}, {0, 2, 1}, {0, 0, 1}}, t.toDense());
    assertArrayEquals(new long[] {1, 2, 3, 1}, t.classTotals());
    assertArrayEquals(new long[] {1, 4, 2}, t.clusterTotals());
    assertEquals(7, t.n());
    assertEquals(2, t.count(2, 1));
    assertEquals(0, t.count(0, 0));
    assertEquals(6, t.nonZeroCells());
    assertEquals(3, t.classTotal(2));
    assertEquals(4, t.clusterTotal(1));
    assertEquals(2, t.classIndex("2"));
    assertEquals(-1, t.classIndex("3"));
    assertEquals(2, t.clusterIndex(7));
    assertEquals(-1, t.clusterIndex(6));
  }

  @Test
  void stringLabelsSortByCodePoint() {
    String[] classes = {"dog", "cat", "Zebra", "cat", "unknown"};
    int[] clusters = {1, 1, 0, 2, -1};
    ContingencyTable t = ContingencyTable.fromLabels(classes, clusters);
    assertEquals(List.of("Zebra", "cat", "dog", "unknown"), t.classNames());
    assertEquals("cat", t.className(1));
    assertEquals(2, t.clusterId(3));
    assertEquals(1, t.count(1, 2));
    assertEquals(1, t.count(1, 3));
  }

  @Test
  void builderIsIndependentOfInsertionOrder() {
    List<Object[]> cells = new ArrayList<>();
    Random random = new Random(5);
    for (int i = 0; i < 200; i++) {
      cells.add(new Object[] {"label" + random.nextInt(9), (long) random.nextInt(30) - 3, (long) random.nextInt(1000)});
    }
    ContingencyTable first = build(cells);
    for (int shuffle = 0; shuffle < 5; shuffle++) {
      Collections.shuffle(cells, random);
      ContingencyTable again = build(cells);
      assertEquals(first, again);
      assertEquals(first.hashCode(), again.hashCode());
      assertEquals(first.classNames(), again.classNames());
      assertArrayEquals(first.clusterIds(), again.clusterIds());
    }
  }

  private static ContingencyTable build(List<Object[]> cells) {
    ContingencyTable.Builder b = ContingencyTable.builder();
    for (Object[] c : cells) b.add((String) c[0], (Long) c[1], (Long) c[2]);
    return b.build();
  }

  @Test
  void builderSumsRepeatedCellsAndSkipsZeros() {
    ContingencyTable t = ContingencyTable.builder()
        .add("b", 3, 4).add("a", 3, 1).add("b", 3, 6).add("c", 9, 0).add("a", 9, 0).build();
    assertEquals(List.of("a", "b"), t.classNames());
    assertArrayEquals(new long[] {3}, t.clusterIds());
    assertEquals(10, t.count(1, 0));
    assertEquals(11, t.n());
  }

  @Test
  void builderAndLabelsGiveTheSameTable() {
    int[] classes = {1, 1, 2, 3, 3, 3};
    int[] clusters = {0, 4, 4, 4, 0, 0};
    ContingencyTable.Builder b = ContingencyTable.builder();
    for (int s = 0; s < classes.length; s++) b.add(Integer.toString(classes[s]), clusters[s], 1);
    assertEquals(ContingencyTable.fromLabels(classes, clusters), b.build());
  }

  @Test
  void visitsCellsRowMajor() {
    ContingencyTable t = ContingencyTable.fromLabels(new int[] {1, 0, 1, 0}, new int[] {8, 9, 7, 8});
    List<String> seen = new ArrayList<>();
    t.forEachCell((i, j, count) -> seen.add(i + "," + j + "=" + count));
    assertEquals(List.of("0,1=1", "0,2=1", "1,0=1", "1,1=1"), seen);
  }

  @Test
  void countsBeyondIntRange() {
    ContingencyTable t = ContingencyTable.builder()
        .add("x", 0, 3_000_000_000L).add("x", 1, 2_000_000_000L).add("y", 1, 4_000_000_000L).build();
    assertEquals(9_000_000_000L, t.n());
    assertEquals(5_000_000_000L, t.classTotal(0));
    assertEquals(6_000_000_000L, t.clusterTotal(1));
  }

  @Test
  void rejectsBadInput() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ContingencyTable.fromLabels(new int[] {0, 1, 2}, new int[] {0, 1}));
    assertTrue(e.getMessage().contains("3 class labels, 2 cluster labels"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> ContingencyTable.fromLabels((int[]) null, new int[0]));
    assertTrue(e.getMessage().contains("null"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> ContingencyTable.fromLabels(new String[] {"a", null}, new int[] {0, 1}));
    assertTrue(e.getMessage().contains("sample 1"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> ContingencyTable.builder().add("a", 4, -2));
    assertTrue(e.getMessage().contains("count must be >= 0, got -2"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> ContingencyTable.builder().add(null, 4, 2));
    assertTrue(e.getMessage().contains("null"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> ContingencyTable.builder().add("a", 1, Long.MAX_VALUE).add("b", 1, 1).build());
    assertTrue(e.getMessage().contains("overflows"), e.getMessage());
    ContingencyTable t = ContingencyTable.fromLabels(new int[] {0}, new int[] {0});
    assertThrows(IndexOutOfBoundsException.class, () -> t.count(1, 0));
  }

  @Test
  void emptyLabelingsGiveAnEmptyTable() {
    ContingencyTable t = ContingencyTable.fromLabels(new int[0], new int[0]);
    assertEquals(0, t.n());
    assertEquals(0, t.numClasses());
    assertEquals(0, t.numClusters());
  }

  @Test
  void returnedArraysAreCopies() {
    ContingencyTable t = ContingencyTable.fromLabels(new int[] {0, 1}, new int[] {0, 1});
    t.clusterIds()[0] = 42;
    t.classTotals()[0] = 42;
    assertEquals(0, t.clusterId(0));
    assertEquals(1, t.classTotal(0));
    assertThrows(UnsupportedOperationException.class, () -> t.classNames().set(0, "x"));
  }
}
