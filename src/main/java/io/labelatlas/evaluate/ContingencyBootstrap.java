package io.labelatlas.evaluate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Bootstrap intervals of statistics of one (class, cluster) labelling that depend on its contingency table alone,
 * such as the {@link TableMetric}s, so they work on the table Spark aggregates and cost the same for a thousand
 * samples or a billion. A bootstrap resample of n samples has cell counts Multinomial(n, count_c / n); that is what
 * this draws ({@link Multinomial}, O(cells) memory, no per-sample data), so it is equal in distribution to resampling
 * the samples (the ordinary, unstratified bootstrap), which {@link Bootstrap} does with index arrays. Resample b uses
 * the b-th generator split off the seed, so results are reproducible and independent of {@code parallel}.
 *
 * <p>The jackknife for BCa is exact and cheap: all samples of one cell leave the same table behind when left out,
 * so the n leave-one-out values take one evaluation per non-zero cell, weighted by the cell's count.
 *
 * <p>AMI dominates the cost (its expected mutual information sums hypergeometric terms over every pair of row and
 * column sizes); the log-factorial table it reads is built once per bootstrap instead of once per resample
 * ({@link #metrics}).
 */
public final class ContingencyBootstrap {
  private final ContingencyTable table;
  private final long[] cellCounts;

  /** Several statistics of one table, computed together so they can share work; NaN where one is undefined. */
  @FunctionalInterface
  public interface Statistics {
    double[] of(ContingencyTable table);
  }

  /**
   * The intervals of several statistics from the same resamples, in the order of {@link Statistics#of}.
   *
   * @param intervals null where the statistic is NaN on the full table or on some resample
   * @param undefinedResamples how many resamples each statistic was NaN on
   */
  public record Intervals(List<BootstrapInterval> intervals, List<Integer> undefinedResamples) {}

  private ContingencyBootstrap(ContingencyTable table) {
    if (table == null) throw new IllegalArgumentException("contingency table is null");
    this.table = table;
    this.cellCounts = cellCounts(table);
  }

  /** From the table of counts (noise columns included as they are; see {@link NoiseTreatment}). */
  public static ContingencyBootstrap of(ContingencyTable table) {
    return new ContingencyBootstrap(table);
  }

  /**
   * The {@link TableMetric}s in the order given, as statistics of tables of n samples (resamples of this table, or
   * parts of them): AMI's log-factorial table is built once here, not once per table.
   */
  public static Statistics metrics(TableMetric[] metrics, long n) {
    LogFactorials logFactorials = logFactorials(n, metrics);
    return t -> TableMetric.evaluate(t, metrics, logFactorials);
  }

  /**
   * Percentile and BCa intervals of each statistic, from the same resamples; BCa's acceleration is NaN (and so are
   * the BCa bounds) where the statistic is undefined on a jackknife table. Reports the finished resamples and
   * jackknife tables to {@code progress} as "{@code name}: resamples" and "{@code name}: jackknife".
   */
  public Intervals intervals(Statistics statistics, BootstrapSettings settings, BootstrapProgress progress,
      String name) {
    double[][] replicates = replicates(statistics, settings, progress, name + ": resamples");
    double[] estimates = statistics.of(table);
    Bootstrap.Jackknife jackknife = jackknife(statistics, estimates.length, settings.parallel(),
        new ProgressCounter(progress, name + ": jackknife", cellCounts.length));
    List<BootstrapInterval> intervals = new ArrayList<>(estimates.length);
    List<Integer> undefined = new ArrayList<>(estimates.length);
    for (int s = 0; s < estimates.length; s++) {
      int nan = (int) Arrays.stream(replicates[s]).filter(Double::isNaN).count();
      undefined.add(nan);
      if (Double.isNaN(estimates[s]) || nan > 0) {
        intervals.add(null);
        continue;
      }
      intervals.add(Bootstrap.fromReplicates(estimates[s], replicates[s], jackknife.values()[s], jackknife.weights(),
          settings.confidence()));
    }
    return new Intervals(Collections.unmodifiableList(intervals), List.copyOf(undefined));
  }

  /**
   * The bootstrap distribution, {@code [statistic][resample]}; NaN where a statistic is undefined on a resample.
   * Reports the finished resamples to {@code progress} as {@code step}.
   */
  public double[][] replicates(Statistics statistics, BootstrapSettings settings, BootstrapProgress progress,
      String step) {
    Bootstrap.checkSample(table.n());
    int count = statistics.of(table).length;
    double[][] replicates = new double[count][settings.resamples()];
    SplittableRandom[] generators = Bootstrap.resampleGenerators(settings);
    ProgressCounter counter = new ProgressCounter(progress, step, settings.resamples());
    Bootstrap.forEachResample(settings, counter, b -> {
      double[] values = statistics.of(table.withCellCounts(resampledCounts(generators[b])));
      for (int s = 0; s < count; s++) replicates[s][b] = values[s];
    });
    return replicates;
  }

  /** Cell counts of one resample, in cell order. */
  private long[] resampledCounts(SplittableRandom random) {
    long[] counts = new long[cellCounts.length];
    Multinomial.sample(random, table.n(), cellCounts, counts);
    return counts;
  }

  /** Leave-one-out values, one per non-zero cell, weighted by the cell's count. */
  private Bootstrap.Jackknife jackknife(Statistics statistics, int count, boolean parallel, ProgressCounter counter) {
    double[][] values = new double[count][cellCounts.length];
    double[] weights = new double[cellCounts.length];
    IntStream cells = IntStream.range(0, cellCounts.length);
    (parallel ? cells.parallel() : cells).forEach(c -> {
      long[] counts = cellCounts.clone();
      counts[c]--;
      double[] left = statistics.of(table.withCellCounts(counts));
      for (int s = 0; s < count; s++) values[s][c] = left[s];
      weights[c] = cellCounts[c];
      counter.finished();
    });
    return new Bootstrap.Jackknife(values, weights);
  }

  /** A table's counts in cell ({@link ContingencyTable#forEachCell}) order. */
  private static long[] cellCounts(ContingencyTable table) {
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
