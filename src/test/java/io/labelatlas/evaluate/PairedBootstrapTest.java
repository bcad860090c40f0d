package io.labelatlas.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PairedBootstrapTest {
  static final BootstrapSettings SETTINGS = BootstrapSettings.of(1000, 42);

  @Test
  void identicalClusteringsGivePOne() {
    int[][] l = ContingencyBootstrapTest.labelling(1, 800, 5, 5, 0.4);
    Map<TableMetric, PairedBootstrap.PairedComparison> result =
        PairedBootstrap.compare(l[0], l[1], l[1].clone(), EnumSet.allOf(TableMetric.class), SETTINGS);
    assertEquals(TableMetric.all().length, result.size());
    for (Map.Entry<TableMetric, PairedBootstrap.PairedComparison> e : result.entrySet()) {
      PairedBootstrap.PairedComparison c = e.getValue();
      assertEquals(1.0, c.pValue(), 0.0, e.getKey().name());
      assertEquals(0.0, c.difference().estimate(), 0.0, e.getKey().name());
      assertEquals(0.0, c.difference().percentileLow(), 0.0, e.getKey().name());
      assertEquals(0.0, c.difference().percentileHigh(), 0.0, e.getKey().name());
      assertEquals(0.0, c.difference().bcaLow(), 0.0, e.getKey().name());
      assertEquals(0.0, c.difference().bcaHigh(), 0.0, e.getKey().name());
    }
  }

  @Test
  void clearlyDifferentClusteringsGiveSmallP() {
    int[][] good = ContingencyBootstrapTest.labelling(2, 800, 5, 5, 0.2);
    SplittableRandom random = new SplittableRandom(3);
    int[] worse = good[1].clone();
    for (int s = 0; s < worse.length; s++) if (random.nextDouble() < 0.3) worse[s] = random.nextInt(5);
    Map<TableMetric, PairedBootstrap.PairedComparison> result = PairedBootstrap.compare(good[0], good[1], worse,
        EnumSet.of(TableMetric.ARI, TableMetric.NMI, TableMetric.AMI, TableMetric.PURITY), SETTINGS);
    for (Map.Entry<TableMetric, PairedBootstrap.PairedComparison> e : result.entrySet()) {
      PairedBootstrap.PairedComparison c = e.getValue();
      assertTrue(c.pValue() < 0.01, e.getKey() + ": p = " + c.pValue());
      assertTrue(c.difference().estimate() > 0 && c.difference().percentileLow() > 0, e.getKey() + ": " + c);
      assertEquals(c.first() - c.second(), c.difference().estimate(), 0.0);
      assertEquals(TableMetric.valueOf(e.getKey().name()).of(ContingencyTable.fromLabels(good[0], good[1])),
          c.first(), 0.0);
    }
    // Swapping the two flips the difference (the joint cells come in another order, so the draws differ).
    PairedBootstrap.PairedComparison swapped = PairedBootstrap.compare(good[0], worse, good[1],
        EnumSet.of(TableMetric.ARI), SETTINGS).get(TableMetric.ARI);
    PairedBootstrap.PairedComparison ari = result.get(TableMetric.ARI);
    assertEquals(-ari.difference().estimate(), swapped.difference().estimate(), 0.0);
    assertTrue(swapped.pValue() < 0.01 && swapped.difference().percentileHigh() < 0, swapped.toString());
  }

  @Test
  void pairingRemovesTheSharedNoise() {
    // Two clusterings that differ in a few samples: the paired interval of the difference is far narrower than the
    // two metrics' own intervals, which is why "p vs best" must be paired.
    int[][] l = ContingencyBootstrapTest.labelling(5, 2000, 6, 6, 0.3);
    int[] close = l[1].clone();
    for (int s = 0; s < 40; s++) close[s] = (close[s] + 1) % 6;
    PairedBootstrap.PairedComparison c = PairedBootstrap.compare(l[0], l[1], close, EnumSet.of(TableMetric.ARI),
        SETTINGS).get(TableMetric.ARI);
    BootstrapInterval alone = ContingencyBootstrapTest.intervals(l[0], l[1], EnumSet.of(TableMetric.ARI), SETTINGS)
        .get(TableMetric.ARI);
    double pairedWidth = c.difference().percentileHigh() - c.difference().percentileLow();
    assertTrue(pairedWidth < 0.3 * (alone.percentileHigh() - alone.percentileLow()),
        "paired " + pairedWidth + " vs alone " + (alone.percentileHigh() - alone.percentileLow()));
  }

  @Test
  void jointCountsRouteAgreesWithTheGenericPairedBootstrap() {
    int[][] l = ContingencyBootstrapTest.labelling(8, 300, 4, 5, 0.4);
    int[][] m = ContingencyBootstrapTest.labelling(9, 300, 4, 5, 0.5);
    BootstrapSettings settings = BootstrapSettings.of(1500, 4).withJackknifeGroups(300);
    PairedBootstrap.PairedComparison fast = PairedBootstrap.compare(l[0], l[1], m[1], EnumSet.of(TableMetric.AMI),
        settings).get(TableMetric.AMI);
    PairedBootstrap.PairedComparison generic = PairedBootstrap.compare(300,
        ContingencyBootstrapTest.fromLabels(l[0], l[1], TableMetric.AMI),
        ContingencyBootstrapTest.fromLabels(l[0], m[1], TableMetric.AMI), settings.withSeed(5));
    // Same estimates; the per-joint-cell jackknife equals leave-one-out; the bootstrap sd of the difference agrees
    // within Monte Carlo error (each sd estimate has relative sd 1 / sqrt(2 B); 4.5 sd of their difference).
    assertEquals(generic.first(), fast.first(), 0.0);
    assertEquals(generic.second(), fast.second(), 0.0);
    assertEquals(generic.difference().acceleration(), fast.difference().acceleration(),
        1e-9 * Math.abs(generic.difference().acceleration()));
    double se = generic.difference().standardError();
    assertEquals(se, fast.difference().standardError(), 4.5 * se * Math.sqrt(1.0 / 1500));
  }

  @Test
  void jointCountsFromLabelsAndFromAggregatedRowsAgree() {
    int[][] l = ContingencyBootstrapTest.labelling(10, 500, 3, 4, 0.5);
    int[] other = ContingencyBootstrapTest.labelling(11, 500, 3, 4, 0.5)[1];
    String[] names = new String[500];
    PairedBootstrap.JointCounts.Builder builder = PairedBootstrap.JointCounts.builder();
    for (int s = 0; s < names.length; s++) {
      names[s] = "class" + l[0][s];
      builder.add(names[s], l[1][s], other[s], 1);
    }
    PairedBootstrap.JointCounts built = builder.build();
    PairedBootstrap.JointCounts fromLabels = PairedBootstrap.JointCounts.fromLabels(names, l[1], other);
    assertEquals(fromLabels.first(), built.first());
    assertEquals(fromLabels.second(), built.second());
    assertEquals(fromLabels.jointCells(), built.jointCells());
    BootstrapSettings settings = BootstrapSettings.of(200, 8);
    assertEquals(PairedBootstrap.compare(fromLabels, EnumSet.of(TableMetric.NMI), settings),
        PairedBootstrap.compare(built, EnumSet.of(TableMetric.NMI), settings));
    assertEquals(PairedBootstrap.compare(l[0], l[1], other, EnumSet.of(TableMetric.NMI), settings),
        PairedBootstrap.compare(fromLabels, EnumSet.of(TableMetric.NMI), settings));
  }

  @Test
  void entropyScoresAndAriTestOnTheJackknifeErrorPurityOnTheBootstrap() {
    int[][] good = ContingencyBootstrapTest.labelling(4, 600, 4, 6, 0.3);
    SplittableRandom random = new SplittableRandom(5);
    int[] other = good[1].clone();
    for (int s = 0; s < other.length; s++) if (random.nextDouble() < 0.1) other[s] = random.nextInt(6);
    Map<TableMetric, PairedBootstrap.PairedComparison> result = PairedBootstrap.compare(good[0], good[1], other,
        EnumSet.of(TableMetric.NMI, TableMetric.ARI, TableMetric.PURITY), SETTINGS);
    for (TableMetric metric : List.of(TableMetric.NMI, TableMetric.ARI)) {
      BootstrapInterval d = result.get(metric).difference();
      assertTrue(d.jackknifeStandardError() > 0, d.toString());
      assertEquals(PairedBootstrap.normalPValue(d.estimate(), d.jackknifeStandardError()),
          result.get(metric).pValue(), 0.0, metric.name());
    }
    PairedBootstrap.PairedComparison purity = result.get(TableMetric.PURITY);
    assertTrue(purity.pValue() >= 2.0 / (SETTINGS.resamples() + 1), purity.toString());
    assertEquals(1.0, PairedBootstrap.normalPValue(0, 0), 0.0);
    assertTrue(Double.isNaN(PairedBootstrap.normalPValue(0.1, 0)), "no test without an error: the bootstrap's p");
    assertEquals(0.05, PairedBootstrap.normalPValue(1.959963984540054, 1), 1e-9);
    assertEquals(0.05, PairedBootstrap.normalPValue(-1.959963984540054, 1), 1e-9);
  }

  @Test
  void pValueCountsBothTails() {
    assertEquals(1.0, PairedBootstrap.pValue(new double[] {0, 0, 0}), 0.0);
    assertEquals(2.0 / 5, PairedBootstrap.pValue(new double[] {1, 2, 3, 4}), 1e-15);
    assertEquals(2.0 * 2 / 5, PairedBootstrap.pValue(new double[] {-1, 2, 3, 4}), 1e-15);
    assertEquals(1.0, PairedBootstrap.pValue(new double[] {-1, -2, 3, 4}), 0.0);
  }

  @Test
  void rejectsMismatchedColumns() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PairedBootstrap.compare(
        new int[] {0, 1, 2}, new int[] {0, 1, 2}, new int[] {0, 1}, EnumSet.of(TableMetric.ARI), SETTINGS));
    assertTrue(e.getMessage().contains("3 classes, 3 and 2 cluster labels"), e.getMessage());
  }
}
