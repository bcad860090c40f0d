package io.labelatlas.evaluate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ContingencyBootstrapTest {
  /** A noisy clustering of k classes, with some noise (-1) points. */
  static int[][] labelling(long seed, int n, int classes, int clusters, double flip) {
    SplittableRandom random = new SplittableRandom(seed);
    int[] truth = new int[n];
    int[] pred = new int[n];
    for (int s = 0; s < n; s++) {
      truth[s] = random.nextInt(classes);
      pred[s] = random.nextDouble() < flip ? random.nextInt(clusters + 1) - 1 : truth[s] % clusters;
    }
    return new int[][] {truth, pred};
  }

  /** The intervals of the table metrics of one labelling, by metric. */
  static Map<TableMetric, BootstrapInterval> intervals(ContingencyTable table, Collection<TableMetric> metrics,
      BootstrapSettings settings) {
    TableMetric[] ordered = TableMetric.ordered(metrics);
    ContingencyBootstrap.Intervals intervals = ContingencyBootstrap.of(table)
        .intervals(ContingencyBootstrap.metrics(ordered, table.n()), settings, BootstrapProgress.NONE, "test");
    Map<TableMetric, BootstrapInterval> byMetric = new EnumMap<>(TableMetric.class);
    for (int m = 0; m < ordered.length; m++) byMetric.put(ordered[m], intervals.intervals().get(m));
    return byMetric;
  }

  static Map<TableMetric, BootstrapInterval> intervals(int[] classes, int[] clusters, Collection<TableMetric> metrics,
      BootstrapSettings settings) {
    return intervals(ContingencyTable.fromLabels(classes, clusters), metrics, settings);
  }

  /** The bootstrap distribution of the table metrics of one labelling, {@code [metric][resample]}. */
  static double[][] replicates(int[] classes, int[] clusters, TableMetric[] metrics, BootstrapSettings settings) {
    ContingencyTable table = ContingencyTable.fromLabels(classes, clusters);
    return ContingencyBootstrap.of(table).replicates(ContingencyBootstrap.metrics(metrics, table.n()), settings,
        BootstrapProgress.NONE, "test");
  }

  /** The slow route: a table from the resampled labels, scored by the metric. */
  static Bootstrap.IndexStatistic fromLabels(int[] truth, int[] pred, TableMetric metric) {
    return Bootstrap.IndexStatistic.ofLabels(truth, pred, metric::of);
  }

  @Test
  void perCellJackknifeEqualsTheLeaveOneOutJackknife() {
    int[][] l = labelling(3, 400, 5, 6, 0.4);
    ContingencyTable table = ContingencyTable.fromLabels(l[0], l[1]);
    TableMetric[] metrics = TableMetric.all();
    BootstrapSettings settings = BootstrapSettings.of(20, 9).withJackknifeGroups(400);
    Map<TableMetric, BootstrapInterval> intervals = intervals(table, EnumSet.allOf(TableMetric.class), settings);
    List<Bootstrap.IndexStatistic> slow = new ArrayList<>();
    for (TableMetric m : metrics) slow.add(fromLabels(l[0], l[1], m));
    Bootstrap.Jackknife leaveOneOut = Bootstrap.jackknife(l[0].length, slow, settings);
    assertEquals(400, leaveOneOut.values()[0].length);
    for (int m = 0; m < metrics.length; m++) {
      double expected = Bootstrap.acceleration(leaveOneOut.values()[m], null);
      BootstrapInterval interval = intervals.get(metrics[m]);
      assertEquals(expected, interval.acceleration(), 1e-9 * Math.abs(expected) + 1e-15, metrics[m].name());
      assertEquals(metrics[m].of(table), interval.estimate(), 0.0, metrics[m].name());
    }
  }

  @Test
  void multinomialTablesResampleLikeTheLabels() {
    // Resampling cell counts and resampling samples are the same bootstrap; compare the two bootstrap distributions
    // (B = 2000 each) by mean and standard deviation. With s the replicates' sd, the difference of the means has sd
    // s sqrt(2 / B) and that of the sds about s sqrt(1 / B) (each sd's own error is s / sqrt(2 B)); 4.5 of those is
    // the tolerance.
    int[][] l = labelling(5, 300, 4, 5, 0.4);
    int resamples = 2000;
    TableMetric[] metrics = {TableMetric.ARI, TableMetric.AMI, TableMetric.PURITY, TableMetric.MACRO_PURITY};
    double[][] fast = replicates(l[0], l[1], metrics, BootstrapSettings.of(resamples, 1));
    List<Bootstrap.IndexStatistic> slow = new ArrayList<>();
    for (TableMetric m : metrics) slow.add(fromLabels(l[0], l[1], m));
    double[][] byIndex = Bootstrap.replicates(l[0].length, slow, BootstrapSettings.of(resamples, 2));
    for (int m = 0; m < metrics.length; m++) {
      double[] a = summary(fast[m]);
      double[] b = summary(byIndex[m]);
      double sd = (a[1] + b[1]) / 2;
      assertEquals(b[0], a[0], 4.5 * sd * Math.sqrt(2.0 / resamples), metrics[m] + " mean");
      assertEquals(b[1], a[1], 4.5 * sd * Math.sqrt(1.0 / resamples), metrics[m] + " sd");
    }
  }

  /** Mean and standard deviation. */
  static double[] summary(double[] values) {
    double mean = java.util.Arrays.stream(values).average().orElseThrow();
    double squares = java.util.Arrays.stream(values).map(v -> (v - mean) * (v - mean)).sum();
    return new double[] {mean, Math.sqrt(squares / (values.length - 1))};
  }

  @Test
  void seededAndIndependentOfParallelism() {
    int[][] l = labelling(6, 1000, 5, 5, 0.3);
    TableMetric[] metrics = {TableMetric.AMI, TableMetric.ARI};
    BootstrapSettings settings = BootstrapSettings.of(100, 3);
    double[][] sequential = replicates(l[0], l[1], metrics, settings);
    double[][] parallel = replicates(l[0], l[1], metrics, settings.withParallel(true));
    assertArrayEquals(sequential[0], parallel[0], 0.0);
    assertArrayEquals(sequential[1], parallel[1], 0.0);
    assertTrue(!java.util.Arrays.equals(sequential[1], replicates(l[0], l[1], metrics, settings.withSeed(4))[1]));
    EnumSet<TableMetric> set = EnumSet.of(TableMetric.AMI, TableMetric.ARI);
    assertEquals(intervals(l[0], l[1], set, settings), intervals(l[0], l[1], set, settings.withParallel(true)));
  }

  @Test
  void worksFromTheTableAloneAtAnyN() {
    // A table as Spark would aggregate it, n = 3e9: no per-sample data exists.
    ContingencyTable t = ContingencyTable.builder()
        .add("a", 0, 900_000_000L).add("a", 1, 100_000_000L)
        .add("b", 1, 800_000_000L).add("b", -1, 200_000_000L)
        .add("c", 2, 950_000_000L).add("c", 0, 50_000_000L).build();
    Map<TableMetric, BootstrapInterval> intervals = intervals(t, EnumSet.of(TableMetric.ARI, TableMetric.PURITY),
        BootstrapSettings.of(400, 1));
    BootstrapInterval purity = intervals.get(TableMetric.PURITY);
    assertEquals(0.95, purity.estimate(), 1e-15);
    // The sd of a proportion p over n samples: sqrt(p (1 - p) / n).
    double p = purity.estimate();
    assertEquals(Math.sqrt(p * (1 - p) / 3e9), purity.standardError(), 0.15 * Math.sqrt(p * (1 - p) / 3e9));
  }

  @Test
  void stringClassesGiveTheSameIntervalsAsTheirCodes() {
    int[][] l = labelling(4, 300, 4, 4, 0.3);
    String[] names = new String[l[0].length];
    for (int s = 0; s < names.length; s++) names[s] = "class-" + (char) ('a' + l[0][s]);
    BootstrapSettings settings = BootstrapSettings.of(50, 2);
    EnumSet<TableMetric> metrics = EnumSet.of(TableMetric.ARI, TableMetric.NMI, TableMetric.MACRO_PURITY);
    assertEquals(intervals(l[0], l[1], metrics, settings),
        intervals(ContingencyTable.fromLabels(names, l[1]), metrics, settings));
  }

  @Test
  void intervalsBracketTheEstimateAndNarrowWithN() {
    BootstrapSettings settings = BootstrapSettings.of(300, 5);
    EnumSet<TableMetric> metrics = EnumSet.of(TableMetric.ARI, TableMetric.AMI, TableMetric.PURITY);
    double[] widths = new double[2];
    int[] sizes = {500, 8000};
    for (int k = 0; k < sizes.length; k++) {
      int[][] l = labelling(7, sizes[k], 6, 6, 0.35);
      Map<TableMetric, BootstrapInterval> intervals = intervals(l[0], l[1], metrics, settings);
      for (BootstrapInterval i : intervals.values()) {
        assertTrue(i.percentileLow() <= i.estimate() && i.estimate() <= i.percentileHigh(), i.toString());
        assertTrue(i.bcaLow() < i.bcaHigh(), i.toString());
      }
      BootstrapInterval ari = intervals.get(TableMetric.ARI);
      widths[k] = ari.percentileHigh() - ari.percentileLow();
    }
    // Width ~ 1 / sqrt(n): 16 times the samples, about a quarter of the width.
    assertTrue(widths[1] < 0.4 * widths[0], "widths " + widths[0] + " -> " + widths[1]);
  }

  @Test
  void reportsTheUpwardBiasOfInformationScoresOnSparseTables() {
    // About 5 samples per cell: resampling inflates NMI (see BootstrapInterval), but hardly ARI.
    int[][] l = labelling(12, 3000, 20, 30, 0.5);
    Map<TableMetric, BootstrapInterval> intervals = intervals(l[0], l[1], EnumSet.of(TableMetric.NMI,
        TableMetric.ARI), BootstrapSettings.of(300, 1));
    BootstrapInterval nmi = intervals.get(TableMetric.NMI);
    BootstrapInterval ari = intervals.get(TableMetric.ARI);
    assertTrue(nmi.bias() > 2 * nmi.standardError(), nmi.toString());
    assertTrue(nmi.percentileLow() > nmi.estimate(), nmi.toString());
    assertTrue(Math.abs(ari.bias()) < ari.standardError(), ari.toString());
    double[] replicates = replicates(l[0], l[1], new TableMetric[] {TableMetric.NMI}, BootstrapSettings.of(300, 1))[0];
    assertEquals(summary(replicates)[0] - nmi.estimate(), nmi.bias(), 1e-12);
  }

  @Test
  void resampledTablesKeepTheirNamesAndDropEmptyRowsAndColumns() {
    ContingencyTable t = ContingencyTable.builder().add("a", 1, 2).add("a", 4, 1).add("b", 4, 3).add("c", 9, 5)
        .build();
    ContingencyTable shrunk = t.withCellCounts(new long[] {0, 2, 1, 0});
    assertEquals(ContingencyTable.builder().add("a", 4, 2).add("b", 4, 1).build(), shrunk);
    assertEquals(t, t.withCellCounts(new long[] {2, 1, 3, 5}));
    assertEquals(2, t.cellIndex(1, 1));
    assertEquals(-1, t.cellIndex(1, 0));
    assertThrows(IllegalArgumentException.class, () -> t.withCellCounts(new long[] {1}));
    assertThrows(IllegalArgumentException.class, () -> t.withCellCounts(new long[] {1, -1, 0, 0}));
  }

  @Test
  void rejectsTooSmallSamples() {
    assertThrows(IllegalArgumentException.class, () -> intervals(new int[] {0}, new int[] {0},
        EnumSet.of(TableMetric.ARI), BootstrapSettings.of(10, 0)));
    assertThrows(IllegalArgumentException.class, () -> intervals(new int[] {0, 1}, new int[] {0, 1},
        EnumSet.noneOf(TableMetric.class), BootstrapSettings.of(10, 0)));
    assertThrows(IllegalArgumentException.class, () -> ContingencyBootstrap.of(null));
  }

  /** The cells of a table in {@link ContingencyTable#forEachCell} order: class name, cluster id, count. */
  private record Cell(String className, long cluster, long count) {}

  private static List<Cell> cells(ContingencyTable table) {
    List<Cell> cells = new ArrayList<>();
    table.forEachCell((i, j, count) -> cells.add(new Cell(table.className(i), table.clusterId(j), count)));
    return cells;
  }

  /** A table of the given cells with these counts, built from scratch (empty cells left out). */
  private static ContingencyTable rebuilt(List<Cell> cells, long[] counts) {
    ContingencyTable.Builder builder = ContingencyTable.builder();
    for (int c = 0; c < counts.length; c++) {
      if (counts[c] > 0) builder.add(cells.get(c).className(), (int) cells.get(c).cluster(), counts[c]);
    }
    return builder.build();
  }

  /** Statistics exact in floating point, so that any table with the same cells gives the same bits. */
  private static double[] exactStatistics(ContingencyTable t) {
    long[] max = {0};
    long[] squares = {0};
    t.forEachCell((i, j, count) -> {
      max[0] = Math.max(max[0], count);
      squares[0] += count * count;
    });
    return new double[] {max[0] / (double) t.n(), t.numClusters(), squares[0] / ((double) t.n() * t.n())};
  }

  @Test
  void intervalsAreTheMultinomialBootstrapOfTheTableWrittenOut() {
    // The reference, written out from the documented procedure: resample b draws the cell counts from
    // Multinomial(n, count_c / n) with the b-th generator split off the seed; the jackknife leaves out one sample of
    // each non-zero cell, weighted by the cell's count; then Bootstrap.fromReplicates.
    int[][] l = labelling(31, 240, 3, 4, 0.4);
    ContingencyTable table = ContingencyTable.fromLabels(l[0], l[1]);
    BootstrapSettings settings = BootstrapSettings.of(150, 17).withConfidence(0.9);
    List<Cell> cells = cells(table);
    long[] counts = cells.stream().mapToLong(Cell::count).toArray();
    int statistics = 3;
    double[][] replicates = new double[statistics][settings.resamples()];
    SplittableRandom root = new SplittableRandom(settings.seed());
    for (int b = 0; b < settings.resamples(); b++) {
      long[] drawn = new long[counts.length];
      Multinomial.sample(root.split(), table.n(), counts, drawn);
      double[] values = exactStatistics(rebuilt(cells, drawn));
      for (int s = 0; s < statistics; s++) replicates[s][b] = values[s];
    }
    double[][] jackknife = new double[statistics][counts.length];
    double[] weights = new double[counts.length];
    for (int c = 0; c < counts.length; c++) {
      long[] left = counts.clone();
      left[c]--;
      double[] values = exactStatistics(rebuilt(cells, left));
      for (int s = 0; s < statistics; s++) jackknife[s][c] = values[s];
      weights[c] = counts[c];
    }
    double[] estimates = exactStatistics(table);

    for (boolean parallel : new boolean[] {false, true}) {
      ContingencyBootstrap.Intervals actual = ContingencyBootstrap.of(table)
          .intervals(ContingencyBootstrapTest::exactStatistics, settings.withParallel(parallel),
              BootstrapProgress.NONE, "exact");
      for (int s = 0; s < statistics; s++) {
        BootstrapInterval expected = Bootstrap.fromReplicates(estimates[s], replicates[s], jackknife[s], weights,
            settings.confidence());
        assertEquals(expected, actual.intervals().get(s), "statistic " + s + ", parallel " + parallel);
        assertEquals(0, actual.undefinedResamples().get(s));
      }
    }
  }

  @Test
  void aStatisticUndefinedOnSomeResamplesGetsNoIntervalAndTheCount() {
    // One sample of class "rare" among 50: a resample misses it with probability (49/50)^50, about 0.36.
    ContingencyTable table = ContingencyTable.builder().add("common", 0, 30).add("common", 1, 19).add("rare", 1, 1)
        .build();
    BootstrapSettings settings = BootstrapSettings.of(200, 8);
    ContingencyBootstrap.Statistics statistics = t -> new double[] {
        t.classIndex("rare") < 0 ? Double.NaN : t.n(), Double.NaN, t.numClusters()};
    ContingencyBootstrap.Intervals intervals = ContingencyBootstrap.of(table).intervals(statistics, settings,
        BootstrapProgress.NONE, "rare");
    List<Cell> cells = cells(table);
    long[] counts = cells.stream().mapToLong(Cell::count).toArray();
    SplittableRandom root = new SplittableRandom(settings.seed());
    int missing = 0;
    for (int b = 0; b < settings.resamples(); b++) {
      long[] drawn = new long[counts.length];
      Multinomial.sample(root.split(), table.n(), counts, drawn);
      if (drawn[cells.indexOf(new Cell("rare", 1, 1))] == 0) missing++;
    }
    assertTrue(missing > 40 && missing < 110, "resamples without the rare sample: " + missing);
    assertEquals(List.of(missing, settings.resamples(), 0), intervals.undefinedResamples());
    assertNull(intervals.intervals().get(0), "undefined on some resamples");
    assertNull(intervals.intervals().get(1), "undefined everywhere");
    assertEquals(2.0, intervals.intervals().get(2).estimate(), 0.0);
  }

  @Test
  void reportsProgressOfTheResamplesAndTheJackknifeUpToTheirCounts() {
    int[][] l = labelling(2, 500, 4, 5, 0.3);
    ContingencyTable table = ContingencyTable.fromLabels(l[0], l[1]);
    TableMetric[] metrics = {TableMetric.ARI, TableMetric.AMI};
    CapturedProgress progress = new CapturedProgress();
    ContingencyBootstrap.of(table).intervals(ContingencyBootstrap.metrics(metrics, table.n()),
        BootstrapSettings.of(120, 4), progress, "table metrics");
    progress.assertSequentialStep("table metrics: resamples", 120);
    progress.assertSequentialStep("table metrics: jackknife", table.nonZeroCells());
    assertEquals(List.of("table metrics: resamples", "table metrics: jackknife"),
        List.copyOf(progress.bySteps().keySet()));

    CapturedProgress parallel = new CapturedProgress();
    ContingencyBootstrap.of(table).intervals(ContingencyBootstrap.metrics(metrics, table.n()),
        BootstrapSettings.of(120, 4).withParallel(true), parallel, "table metrics");
    parallel.assertStep("table metrics: resamples", 120);
    parallel.assertStep("table metrics: jackknife", table.nonZeroCells());
  }
}
