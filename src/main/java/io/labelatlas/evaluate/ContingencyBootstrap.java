package io.labelatlas.evaluate;

import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Bootstrap intervals of the {@link TableMetric}s of one (class, cluster) labelling from its contingency table alone,
 * so they work on the table Spark aggregates and cost the same for a thousand samples or a billion. A bootstrap
 * resample of n samples has cell counts Multinomial(n, count_c / n); that is what this draws ({@link Multinomial},
 * O(cells) memory, no per-sample data), so it is equal in distribution to resampling the samples (the ordinary,
 * unstratified bootstrap), which {@link Bootstrap} does with index arrays. Resample b uses the b-th generator split
 * off the seed, so results are reproducible and independent of {@code parallel}.
 *
 * <p>The jackknife for BCa is exact and cheap: all samples of one cell leave the same table behind when left out,
 * so the n leave-one-out values take one evaluation per non-zero cell, weighted by the cell's count.
 *
 * <p>AMI dominates the cost (its expected mutual information sums hypergeometric terms over every pair of row and
 * column sizes); the log-factorial table it reads is built once per bootstrap instead of once per resample.
 */
public final class ContingencyBootstrap {
  private final ContingencyTable table;
  private final long[] cellCounts;

  private ContingencyBootstrap(ContingencyTable table) {
    if (table == null) throw new IllegalArgumentException("contingency table is null");
    this.table = table;
    this.cellCounts = cellCounts(table);
  }

  /** From the table of counts (noise columns included as they are; see {@link NoiseTreatment}). */
  public static ContingencyBootstrap of(ContingencyTable table) {
    return new ContingencyBootstrap(table);
  }

  /** From integer class codes and cluster ids per sample. */
  public static ContingencyBootstrap of(int[] classes, int[] clusters) {
    return of(ContingencyTable.fromLabels(classes, clusters));
  }

  /** From class names and cluster ids per sample. */
  public static ContingencyBootstrap of(String[] classes, int[] clusters) {
    return of(ContingencyTable.fromLabels(classes, clusters));
  }

  /** The table of the full sample. */
  public ContingencyTable table() {
    return table;
  }

  public long n() {
    return table.n();
  }

  /** Percentile and BCa intervals of each metric, from the same resamples. */
  public Map<TableMetric, BootstrapInterval> intervals(Collection<TableMetric> metrics, BootstrapSettings settings) {
    TableMetric[] ordered = TableMetric.ordered(metrics);
    LogFactorials logFactorials = logFactorials(table.n(), ordered);
    double[] estimates = TableMetric.evaluate(table, ordered, logFactorials);
    double[][] replicates = replicates(ordered, settings, logFactorials);
    Bootstrap.Jackknife jackknife = jackknife(table, cellCounts, ordered, logFactorials, settings.parallel());
    Map<TableMetric, BootstrapInterval> intervals = new EnumMap<>(TableMetric.class);
    for (int m = 0; m < ordered.length; m++) {
      intervals.put(ordered[m], Bootstrap.fromReplicates(estimates[m], replicates[m],
          Bootstrap.acceleration(jackknife.values()[m], jackknife.weights()), settings.confidence()));
    }
    return intervals;
  }

  /** The bootstrap distribution, {@code [metric][resample]}, metrics in the order given. */
  public double[][] replicates(TableMetric[] metrics, BootstrapSettings settings) {
    return replicates(metrics, settings, logFactorials(table.n(), metrics));
  }

  private double[][] replicates(TableMetric[] metrics, BootstrapSettings settings,
      LogFactorials logFactorials) {
    Bootstrap.checkSample(table.n());
    double[][] replicates = new double[metrics.length][settings.resamples()];
    SplittableRandom[] generators = Bootstrap.resampleGenerators(settings);
    Bootstrap.forEachResample(settings, b -> {
      double[] values = TableMetric.evaluate(table.withCellCounts(resampledCounts(generators[b])), metrics,
          logFactorials);
      for (int m = 0; m < metrics.length; m++) replicates[m][b] = Bootstrap.finite(values[m], m, b);
    });
    return replicates;
  }

  /** Cell counts of one resample, in cell order. */
  long[] resampledCounts(SplittableRandom random) {
    long[] counts = new long[cellCounts.length];
    Multinomial.sample(random, table.n(), cellCounts, counts);
    return counts;
  }

  /** Leave-one-out values, one per non-zero cell, weighted by the cell's count. */
  static Bootstrap.Jackknife jackknife(ContingencyTable table, long[] cellCounts, TableMetric[] metrics,
      LogFactorials logFactorials, boolean parallel) {
    double[][] values = new double[metrics.length][cellCounts.length];
    double[] weights = new double[cellCounts.length];
    IntStream cells = IntStream.range(0, cellCounts.length);
    (parallel ? cells.parallel() : cells).forEach(c -> {
      long[] counts = cellCounts.clone();
      counts[c]--;
      double[] left = TableMetric.evaluate(table.withCellCounts(counts), metrics, logFactorials);
      for (int m = 0; m < metrics.length; m++) values[m][c] = left[m];
      weights[c] = cellCounts[c];
    });
    return new Bootstrap.Jackknife(values, weights);
  }

  /** A table's counts in cell ({@link ContingencyTable#forEachCell}) order. */
  static long[] cellCounts(ContingencyTable table) {
    long[] counts = new long[table.nonZeroCells()];
    int[] next = {0};
    table.forEachCell((i, j, count) -> counts[next[0]++] = count);
    return counts;
  }

  /** A log-factorial table covering n, when AMI is among the metrics (else null: nothing would read it). */
  static LogFactorials logFactorials(long n, TableMetric[] metrics) {
    for (TableMetric m : metrics) if (m == TableMetric.AMI) return new LogFactorials(n);
    return null;
  }
}
