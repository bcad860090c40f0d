package io.labelatlas.evaluate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts of (true class i, cluster j) over labelled samples: the input of every external clustering metric, as
 * scikit-learn's {@code sklearn.metrics.cluster.contingency_matrix}. Rows are the classes in sorted order, columns
 * the cluster ids in ascending order, so the table does not depend on the order counts arrive in. Only non-zero cells
 * are stored (compressed rows), because with many small clusters the dense table would be mostly zeros; every row and
 * column has a positive total.
 *
 * <p>Size: the builder, the label encodings and the compressed-row accessors belong to one representation and are
 * kept together (about 370 lines) so that the invariant above is enforced in one place.
 */
public final class ContingencyTable {
  private final List<String> classNames;
  private final long[] clusterIds;
  // Compressed sparse rows: the cells of row i are at rowStart[i] .. rowStart[i + 1] - 1, ascending column.
  private final int[] rowStart;
  private final int[] cellColumn;
  private final long[] cellCount;
  private final long[] classTotals;
  private final long[] clusterTotals;
  private final long n;

  private ContingencyTable(List<String> classNames, long[] clusterIds, int[] rowStart, int[] cellColumn,
      long[] cellCount) {
    this.classNames = List.copyOf(classNames);
    this.clusterIds = clusterIds;
    this.rowStart = rowStart;
    this.cellColumn = cellColumn;
    this.cellCount = cellCount;
    this.classTotals = new long[classNames.size()];
    this.clusterTotals = new long[clusterIds.length];
    long total = 0;
    for (int i = 0; i < classTotals.length; i++) {
      for (int c = rowStart[i]; c < rowStart[i + 1]; c++) {
        classTotals[i] = addCounts(classTotals[i], cellCount[c]);
        clusterTotals[cellColumn[c]] = addCounts(clusterTotals[cellColumn[c]], cellCount[c]);
      }
      total = addCounts(total, classTotals[i]);
    }
    this.n = total;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * The table of two labelings of the same samples, given as integer codes (any int values; -1 for noise is fine).
   * Row i is the i-th smallest class code, named by its decimal string; column j the j-th smallest cluster code.
   */
  public static ContingencyTable fromLabels(int[] classes, int[] clusters) {
    if (classes == null || clusters == null) throw new IllegalArgumentException("label arrays must not be null");
    checkSameLength(classes.length, clusters.length);
    int[] classCodes = distinctSorted(classes);
    int[] clusterCodes = distinctSorted(clusters);
    List<String> names = new ArrayList<>(classCodes.length);
    for (int code : classCodes) names.add(Integer.toString(code));
    long[] ids = new long[clusterCodes.length];
    for (int j = 0; j < ids.length; j++) ids[j] = clusterCodes[j];
    int[] rows = new int[classes.length];
    int[] columns = new int[clusters.length];
    for (int s = 0; s < classes.length; s++) {
      rows[s] = Arrays.binarySearch(classCodes, classes[s]);
      columns[s] = Arrays.binarySearch(clusterCodes, clusters[s]);
    }
    return fromCodes(names, ids, rows, columns);
  }

  /** As {@link #fromLabels(int[], int[])} with class names; rows follow {@link String#compareTo} order. */
  public static ContingencyTable fromLabels(String[] classes, int[] clusters) {
    if (classes == null || clusters == null) throw new IllegalArgumentException("label arrays must not be null");
    checkSameLength(classes.length, clusters.length);
    String[] names = Arrays.copyOf(classes, classes.length);
    for (int s = 0; s < names.length; s++) {
      if (names[s] == null) throw new IllegalArgumentException("class label of sample " + s + " is null");
    }
    Arrays.sort(names);
    int distinct = 0;
    for (int s = 0; s < names.length; s++) {
      if (s == 0 || !names[s].equals(names[distinct - 1])) names[distinct++] = names[s];
    }
    String[] classNames = Arrays.copyOf(names, distinct);
    int[] clusterCodes = distinctSorted(clusters);
    long[] ids = new long[clusterCodes.length];
    for (int j = 0; j < ids.length; j++) ids[j] = clusterCodes[j];
    int[] rows = new int[classes.length];
    int[] columns = new int[clusters.length];
    for (int s = 0; s < classes.length; s++) {
      rows[s] = Arrays.binarySearch(classNames, classes[s]);
      columns[s] = Arrays.binarySearch(clusterCodes, clusters[s]);
    }
    return fromCodes(Arrays.asList(classNames), ids, rows, columns);
  }

  /** Accumulates sparse (label, cluster, count) cells, e.g. the rows of a Spark {@code groupBy(label, cluster)}. */
  public static final class Builder {
    private final TreeMap<String, TreeMap<Long, Long>> rows = new TreeMap<>();

    private Builder() {}

    /**
     * Adds {@code count} samples of class {@code label} in cluster {@code cluster}; repeated cells are summed. A zero
     * count adds nothing (no empty row or column is created).
     */
    public Builder add(String label, long cluster, long count) {
      if (label == null) throw new IllegalArgumentException("class label is null");
      if (count < 0) {
        throw new IllegalArgumentException(
            "count must be >= 0, got " + count + " for label '" + label + "', cluster " + cluster);
      }
      if (count == 0) return this;
      rows.computeIfAbsent(label, k -> new TreeMap<>()).merge(cluster, count, ContingencyTable::addCounts);
      return this;
    }

    public ContingencyTable build() {
      TreeMap<Long, Integer> columnIndex = new TreeMap<>();
      int cells = 0;
      for (TreeMap<Long, Long> row : rows.values()) {
        cells += row.size();
        for (Long id : row.keySet()) columnIndex.put(id, 0);
      }
      long[] ids = new long[columnIndex.size()];
      int j = 0;
      for (Map.Entry<Long, Integer> column : columnIndex.entrySet()) {
        ids[j] = column.getKey();
        column.setValue(j++);
      }
      int[] rowStart = new int[rows.size() + 1];
      int[] cellColumn = new int[cells];
      long[] cellCount = new long[cells];
      int i = 0, c = 0;
      for (TreeMap<Long, Long> row : rows.values()) {
        for (Map.Entry<Long, Long> cell : row.entrySet()) {
          cellColumn[c] = columnIndex.get(cell.getKey());
          cellCount[c++] = cell.getValue();
        }
        rowStart[++i] = c;
      }
      return new ContingencyTable(new ArrayList<>(rows.keySet()), ids, rowStart, cellColumn, cellCount);
    }
  }

  public int numClasses() {
    return classNames.size();
  }

  public int numClusters() {
    return clusterIds.length;
  }

  /** Number of samples: the sum of all counts. */
  public long n() {
    return n;
  }

  /** Row names, in row order. */
  public List<String> classNames() {
    return classNames;
  }

  /** Column ids, ascending. */
  public long[] clusterIds() {
    return clusterIds.clone();
  }

  public String className(int i) {
    return classNames.get(i);
  }

  public long clusterId(int j) {
    return clusterIds[j];
  }

  /** Row index of a class name, or -1 if absent. */
  public int classIndex(String label) {
    int i = Collections.binarySearch(classNames, label);
    return i >= 0 ? i : -1;
  }

  /** Column index of a cluster id, or -1 if absent. */
  public int clusterIndex(long cluster) {
    int j = Arrays.binarySearch(clusterIds, cluster);
    return j >= 0 ? j : -1;
  }

  /** n[i][j]: samples of class i in cluster j. */
  public long count(int i, int j) {
    if (i < 0 || i >= numClasses() || j < 0 || j >= numClusters()) {
      throw new IndexOutOfBoundsException(
          "cell (" + i + ", " + j + ") outside a " + numClasses() + " x " + numClusters() + " table");
    }
    int c = Arrays.binarySearch(cellColumn, rowStart[i], rowStart[i + 1], j);
    return c >= 0 ? cellCount[c] : 0;
  }

  public long classTotal(int i) {
    return classTotals[i];
  }

  public long clusterTotal(int j) {
    return clusterTotals[j];
  }

  /** Row sums, in row order. */
  public long[] classTotals() {
    return classTotals.clone();
  }

  /** Column sums, in column order. */
  public long[] clusterTotals() {
    return clusterTotals.clone();
  }

  /** Number of non-zero cells. */
  public int nonZeroCells() {
    return cellCount.length;
  }

  /** Dense copy, row-major; meant for small tables (reports, tests). */
  public long[][] toDense() {
    long[][] dense = new long[numClasses()][numClusters()];
    for (int i = 0; i < dense.length; i++) {
      for (int c = rowStart[i]; c < rowStart[i + 1]; c++) dense[i][cellColumn[c]] = cellCount[c];
    }
    return dense;
  }

  /** Position of cell (i, j) among the non-zero cells in {@link #forEachCell} order, or -1 when the cell is zero. */
  int cellIndex(int i, int j) {
    if (i < 0 || i >= numClasses()) return -1;
    int c = Arrays.binarySearch(cellColumn, rowStart[i], rowStart[i + 1], j);
    return c >= 0 ? c : -1;
  }

  /**
   * The table of the same classes and clusters with the c-th non-zero cell (in {@link #forEachCell} order) holding
   * {@code counts[c]}; cells given 0 are dropped, and so are the rows and columns they leave empty. Resampling
   * (bootstrap, jackknife) uses it to rescore a table without rebuilding it from labels.
   */
  ContingencyTable withCellCounts(long[] counts) {
    if (counts.length != cellCount.length) {
      throw new IllegalArgumentException(
          "expected " + cellCount.length + " cell counts (one per non-zero cell), got " + counts.length);
    }
    long[] columnTotals = new long[numClusters()];
    for (int c = 0; c < counts.length; c++) {
      if (counts[c] < 0) throw new IllegalArgumentException("count must be >= 0, got " + counts[c] + " for cell " + c);
      columnTotals[cellColumn[c]] += counts[c];
    }
    int[] newColumn = new int[numClusters()];
    int columns = 0;
    for (int j = 0; j < newColumn.length; j++) newColumn[j] = columnTotals[j] > 0 ? columns++ : -1;
    long[] ids = new long[columns];
    for (int j = 0; j < newColumn.length; j++) {
      if (newColumn[j] >= 0) ids[newColumn[j]] = clusterIds[j];
    }
    List<String> names = new ArrayList<>(numClasses());
    int[] newRowStart = new int[numClasses() + 1];
    int[] newCellColumn = new int[counts.length];
    long[] newCellCount = new long[counts.length];
    int cells = 0;
    for (int i = 0; i < numClasses(); i++) {
      int first = cells;
      for (int c = rowStart[i]; c < rowStart[i + 1]; c++) {
        if (counts[c] == 0) continue;
        newCellColumn[cells] = newColumn[cellColumn[c]];
        newCellCount[cells++] = counts[c];
      }
      if (cells > first) {
        names.add(classNames.get(i));
        newRowStart[names.size()] = cells;
      }
    }
    boolean sameRows = names.size() == numClasses();
    return new ContingencyTable(sameRows ? classNames : names, ids, Arrays.copyOf(newRowStart, names.size() + 1),
        Arrays.copyOf(newCellColumn, cells), Arrays.copyOf(newCellCount, cells));
  }

  /** Receives the non-zero cells in row-major order. */
  @FunctionalInterface
  public interface CellVisitor {
    void cell(int classIndex, int clusterIndex, long count);
  }

  /** Visits the non-zero cells row by row, columns ascending: the order scikit-learn's sparse matrix uses. */
  public void forEachCell(CellVisitor visitor) {
    for (int i = 0; i < numClasses(); i++) {
      for (int c = rowStart[i]; c < rowStart[i + 1]; c++) visitor.cell(i, cellColumn[c], cellCount[c]);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ContingencyTable t && classNames.equals(t.classNames) && Arrays.equals(clusterIds, t.clusterIds)
        && Arrays.equals(rowStart, t.rowStart) && Arrays.equals(cellColumn, t.cellColumn)
        && Arrays.equals(cellCount, t.cellCount);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * classNames.hashCode() + Arrays.hashCode(clusterIds)) + Arrays.hashCode(cellCount);
  }

  @Override
  public String toString() {
    return "ContingencyTable[" + numClasses() + " classes x " + numClusters() + " clusters, " + nonZeroCells()
        + " non-zero cells, n=" + n + "]";
  }

  private static ContingencyTable fromCodes(List<String> names, long[] ids, int[] rows, int[] columns) {
    // Counting sort by row, then by column within each row, keeps construction O(samples + cells).
    int r = names.size();
    int[] rowStart = new int[r + 1];
    for (int row : rows) rowStart[row + 1]++;
    for (int i = 0; i < r; i++) rowStart[i + 1] += rowStart[i];
    int[] next = Arrays.copyOf(rowStart, r);
    int[] byRow = new int[rows.length];
    for (int s = 0; s < rows.length; s++) byRow[next[rows[s]]++] = columns[s];
    int[] cellColumn = new int[rows.length];
    long[] cellCount = new long[rows.length];
    int[] compactStart = new int[r + 1];
    int cells = 0;
    for (int i = 0; i < r; i++) {
      Arrays.sort(byRow, rowStart[i], rowStart[i + 1]);
      for (int s = rowStart[i]; s < rowStart[i + 1]; s++) {
        if (s > rowStart[i] && byRow[s] == byRow[s - 1]) {
          cellCount[cells - 1]++;
        } else {
          cellColumn[cells] = byRow[s];
          cellCount[cells++] = 1;
        }
      }
      compactStart[i + 1] = cells;
    }
    return new ContingencyTable(names, ids, compactStart, Arrays.copyOf(cellColumn, cells),
        Arrays.copyOf(cellCount, cells));
  }

  /** The distinct values, ascending. */
  static int[] distinctSorted(int[] values) {
    int[] sorted = values.clone();
    Arrays.sort(sorted);
    int distinct = 0;
    for (int s = 0; s < sorted.length; s++) {
      if (s == 0 || sorted[s] != sorted[distinct - 1]) sorted[distinct++] = sorted[s];
    }
    return Arrays.copyOf(sorted, distinct);
  }

  private static void checkSameLength(int a, int b) {
    if (a != b) {
      throw new IllegalArgumentException(
          "class and cluster labelings differ in length: " + a + " class labels, " + b + " cluster labels");
    }
  }

  private static long addCounts(long a, long b) {
    long sum = a + b;
    if (((a ^ sum) & (b ^ sum)) < 0) throw new IllegalArgumentException("total count overflows a long");
    return sum;
  }
}
