package io.labelatlas.evaluate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
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

  /** The slow route: a table from the resampled labels, scored by the metric. */
  static Bootstrap.IndexStatistic fromLabels(int[] truth, int[] pred, TableMetric metric) {
    return Bootstrap.IndexStatistic.ofLabels(truth, pred, metric::of);
  }

  @Test
  void perCellJackknifeEqualsTheLeaveOneOutJackknife() {
    int[][] l = labelling(3, 400, 5, 6, 0.4);
    ContingencyBootstrap fast = ContingencyBootstrap.of(l[0], l[1]);
    assertEquals(ContingencyTable.fromLabels(l[0], l[1]), fast.table());
    TableMetric[] metrics = TableMetric.all();
    BootstrapSettings settings = BootstrapSettings.of(20, 9).withJackknifeGroups(400);
    Map<TableMetric, BootstrapInterval> intervals = fast.intervals(EnumSet.allOf(TableMetric.class), settings);
    List<Bootstrap.IndexStatistic> slow = new ArrayList<>();
    for (TableMetric m : metrics) slow.add(fromLabels(l[0], l[1], m));
    Bootstrap.Jackknife leaveOneOut = Bootstrap.jackknife(l[0].length, slow, settings);
    assertEquals(400, leaveOneOut.values()[0].length);
    for (int m = 0; m < metrics.length; m++) {
      double expected = Bootstrap.acceleration(leaveOneOut.values()[m], null);
      BootstrapInterval interval = intervals.get(metrics[m]);
      assertEquals(expected, interval.acceleration(), 1e-9 * Math.abs(expected) + 1e-15, metrics[m].name());
      assertEquals(metrics[m].of(fast.table()), interval.estimate(), 0.0, metrics[m].name());
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
    double[][] fast = ContingencyBootstrap.of(l[0], l[1]).replicates(metrics, BootstrapSettings.of(resamples, 1));
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
    ContingencyBootstrap b = ContingencyBootstrap.of(l[0], l[1]);
    TableMetric[] metrics = {TableMetric.AMI, TableMetric.ARI};
    BootstrapSettings settings = BootstrapSettings.of(100, 3);
    double[][] sequential = b.replicates(metrics, settings);
    double[][] parallel = b.replicates(metrics, settings.withParallel(true));
    assertArrayEquals(sequential[0], parallel[0], 0.0);
    assertArrayEquals(sequential[1], parallel[1], 0.0);
    assertTrue(!java.util.Arrays.equals(sequential[1], b.replicates(metrics, settings.withSeed(4))[1]));
    EnumSet<TableMetric> set = EnumSet.of(TableMetric.AMI, TableMetric.ARI);
    assertEquals(b.intervals(set, settings), b.intervals(set, settings.withParallel(true)));
  }

  @Test
  void worksFromTheTableAloneAtAnyN() {
    // A table as Spark would aggregate it, n = 3e9: no per-sample data exists.
    ContingencyTable t = ContingencyTable.builder()
        .add("a", 0, 900_000_000L).add("a", 1, 100_000_000L)
        .add("b", 1, 800_000_000L).add("b", -1, 200_000_000L)
        .add("c", 2, 950_000_000L).add("c", 0, 50_000_000L).build();
    Map<TableMetric, BootstrapInterval> intervals = ContingencyBootstrap.of(t)
        .intervals(EnumSet.of(TableMetric.ARI, TableMetric.PURITY), BootstrapSettings.of(400, 1));
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
    assertEquals(ContingencyBootstrap.of(l[0], l[1]).intervals(metrics, settings),
        ContingencyBootstrap.of(names, l[1]).intervals(metrics, settings));
  }

  @Test
  void intervalsBracketTheEstimateAndNarrowWithN() {
    BootstrapSettings settings = BootstrapSettings.of(300, 5);
    EnumSet<TableMetric> metrics = EnumSet.of(TableMetric.ARI, TableMetric.AMI, TableMetric.PURITY);
    double[] widths = new double[2];
    int[] sizes = {500, 8000};
    for (int k = 0; k < sizes.length; k++) {
      int[][] l = labelling(7, sizes[k], 6, 6, 0.35);
      Map<TableMetric, BootstrapInterval> intervals = ContingencyBootstrap.of(l[0], l[1]).intervals(metrics, settings);
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
    Map<TableMetric, BootstrapInterval> intervals = ContingencyBootstrap.of(l[0], l[1])
        .intervals(EnumSet.of(TableMetric.NMI, TableMetric.ARI), BootstrapSettings.of(300, 1));
    BootstrapInterval nmi = intervals.get(TableMetric.NMI);
    BootstrapInterval ari = intervals.get(TableMetric.ARI);
    assertTrue(nmi.bias() > 2 * nmi.standardError(), nmi.toString());
    assertTrue(nmi.percentileLow() > nmi.estimate(), nmi.toString());
    assertTrue(Math.abs(ari.bias()) < ari.standardError(), ari.toString());
    double[] replicates = ContingencyBootstrap.of(l[0], l[1]).replicates(new TableMetric[] {TableMetric.NMI},
        BootstrapSettings.of(300, 1))[0];
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
    ContingencyBootstrap one = ContingencyBootstrap.of(new int[] {0}, new int[] {0});
    assertThrows(IllegalArgumentException.class,
        () -> one.intervals(EnumSet.of(TableMetric.ARI), BootstrapSettings.of(10, 0)));
    ContingencyBootstrap two = ContingencyBootstrap.of(new int[] {0, 1}, new int[] {0, 1});
    assertThrows(IllegalArgumentException.class, () -> two.intervals(EnumSet.noneOf(TableMetric.class),
        BootstrapSettings.of(10, 0)));
  }
}
