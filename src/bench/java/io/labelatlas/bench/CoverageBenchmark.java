package io.labelatlas.bench;

import io.labelatlas.evaluate.BootstrapInterval;
import io.labelatlas.evaluate.ContingencyTable;
import io.labelatlas.evaluate.IntervalPolicy;
import io.labelatlas.evaluate.MetricReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

/**
 * Coverage of every interval the {@code metrics} table reports, on populations whose metric values are known
 * ({@link KnownPopulation}): for each grid cell (population x n), {@code samples} independent samples of n labelled
 * crops, each scored exactly as a run scores its table ({@link MetricReport#compute}, {@link MetricReport#cohenKappa})
 * with {@code resamples} bootstrap resamples. Writes one CSV row per (cell, sample, metric) with the estimate and
 * every interval the bootstrap yields, and the table the metric was computed on (labelled crops, occupied cells,
 * smallest class), for {@link CoverageSummary} to tabulate.
 *
 * <pre>java ... io.labelatlas.bench.CoverageBenchmark OUT.csv [--grid full|quick] [--samples S] [--resamples B]
 *     [--seed SEED]</pre>
 */
public final class CoverageBenchmark {
  private CoverageBenchmark() {}

  record Cell(int id, KnownPopulation population, long n) {}

  public static void main(String[] args) throws IOException {
    if (args.length < 1) throw new IllegalArgumentException("usage: CoverageBenchmark OUT.csv [options]");
    Path out = Path.of(args[0]);
    String grid = option(args, "--grid", "full");
    int samples = Integer.parseInt(option(args, "--samples", "200"));
    int resamples = Integer.parseInt(option(args, "--resamples", "1000"));
    long seed = Long.parseLong(option(args, "--seed", "1"));
    List<Cell> cells = grid(grid);
    System.out.printf(Locale.ROOT, "coverage: %d cells x %d samples x %d resamples on %d cores -> %s%n",
        cells.size(), samples, resamples, Runtime.getRuntime().availableProcessors(), out);
    Files.createDirectories(out.toAbsolutePath().getParent());
    long start = System.nanoTime();
    try (PrintWriter csv = new PrintWriter(Files.newBufferedWriter(out, StandardCharsets.UTF_8))) {
      csv.println("cell,population,classes,clusters,imbalance,agreement,noise,n,sample,metric,truth,estimate,"
          + "std_error,bias,percentile_low,percentile_high,basic_low,basic_high,bca_low,bca_high,jackknife_bias,"
          + "jackknife_std_error,nonzero_cells,smallest_class,regime_n");
      for (Cell cell : cells) {
        long cellStart = System.nanoTime();
        List<String> rows = run(cell, samples, resamples, seed);
        rows.forEach(csv::println);
        csv.flush();
        System.out.printf(Locale.ROOT, "cell %d/%d %s n=%d: %.1f s (%.0f s in all)%n", cell.id() + 1, cells.size(),
            cell.population().describe(), cell.n(), (System.nanoTime() - cellStart) / 1e9,
            (System.nanoTime() - start) / 1e9);
      }
    }
  }

  static List<String> run(Cell cell, int samples, int resamples, long seed) {
    KnownPopulation population = cell.population();
    Map<String, Double> truth = population.values();
    double[][] joint = population.joint();
    List<List<String>> bySample = new ArrayList<>();
    for (int s = 0; s < samples; s++) bySample.add(null);
    AtomicInteger done = new AtomicInteger();
    IntStream.range(0, samples).parallel().forEach(s -> {
      SplittableRandom random = new SplittableRandom(seed * 1_000_003L + cell.id() * 10_007L + s);
      long[][] counts = KnownPopulation.sample(joint, cell.n(), random);
      ContingencyTable table = population.table(toDouble(counts), 1, true);
      MetricReport.Options options = MetricReport.Options.defaults(random.nextLong()).withResamples(resamples, 0);
      List<MetricReport.MetricValue> values = new ArrayList<>(MetricReport.compute(table, options));
      if (population.hasKappa()) values.add(MetricReport.cohenKappa(population.kappaPairs(counts), options));
      ContingencyTable clustered = population.table(toDouble(counts), 1, false);
      List<String> rows = new ArrayList<>();
      for (MetricReport.MetricValue value : values) {
        Double target = truth.get(value.name());
        if (target == null) continue;
        boolean isClustered = value.name().startsWith(MetricReport.CLUSTERED);
        rows.add(row(cell, s, value, target, IntervalPolicy.Regime.of(isClustered ? clustered : table)));
      }
      bySample.set(s, rows);
      done.incrementAndGet();
    });
    List<String> rows = new ArrayList<>();
    bySample.forEach(rows::addAll);
    return rows;
  }

  private static String row(Cell cell, int sample, MetricReport.MetricValue value, double truth,
      IntervalPolicy.Regime regime) {
    KnownPopulation p = cell.population();
    BootstrapInterval ci = value.interval();
    String intervals = ci == null ? ",,,,,,,,,"
        : String.join(",", number(ci.standardError()), number(ci.bias()), number(ci.percentileLow()),
            number(ci.percentileHigh()), number(ci.basicLow()), number(ci.basicHigh()), number(ci.bcaLow()),
            number(ci.bcaHigh()), number(ci.jackknifeBias()),
            number(ci.jackknifeStandardError()));
    return String.join(",", String.valueOf(cell.id()), "\"" + p.describe() + "\"", String.valueOf(p.classes()),
        String.valueOf(p.clusters()), number(p.imbalance()), number(p.agreement()), number(p.noise()),
        String.valueOf(cell.n()), String.valueOf(sample), value.name(), number(truth), number(value.value()),
        intervals, String.valueOf(regime.occupiedCells()), String.valueOf(regime.smallestClass()),
        String.valueOf(regime.n()));
  }

  private static double[][] toDouble(long[][] counts) {
    double[][] values = new double[counts.length][];
    for (int i = 0; i < counts.length; i++) {
      values[i] = new double[counts[i].length];
      for (int j = 0; j < counts[i].length; j++) values[i][j] = counts[i][j];
    }
    return values;
  }

  /**
   * The full grid crosses table shapes (2-20 classes, 2-40 clusters, fewer clusters than classes too), balanced and
   * long-tailed classes (imbalance ratio 50), agreement from near-independent to near-perfect, with and without 20%
   * noise, and n from 100 to 100,000. The quick grid is a corner of it for a first look.
   */
  static List<Cell> grid(String name) {
    if (name.equals("full")) return fullGrid();
    int[][] shapes = name.equals("quick") ? new int[][] {{6, 12}, {20, 40}}
        : new int[][] {{2, 2}, {2, 8}, {6, 3}, {6, 6}, {6, 12}, {20, 20}, {20, 40}};
    double[] imbalances = name.equals("quick") ? new double[] {1} : new double[] {1, 50};
    double[] agreements = name.equals("quick") ? new double[] {0.5} : new double[] {0.1, 0.5, 0.9};
    double[] noises = name.equals("quick") ? new double[] {0.2} : new double[] {0, 0.2};
    long[] sizes = name.equals("quick") ? new long[] {300, 3000} : new long[] {100, 300, 1000, 10_000, 100_000};
    List<Cell> cells = new ArrayList<>();
    for (int[] shape : shapes) {
      for (double imbalance : imbalances) {
        for (double agreement : agreements) {
          for (double noise : noises) {
            for (long n : sizes) {
              cells.add(new Cell(cells.size(), new KnownPopulation(shape[0], shape[1], imbalance, agreement, noise),
                  n));
            }
          }
        }
      }
    }
    return cells;
  }

  /**
   * Table shapes from 2 x 2 to 20 x 40 (and fewer clusters than classes), balanced and long-tailed (imbalance ratio
   * 50), agreement near-independent (0.1), middling (0.5) and near-perfect (0.9), n = 100 to 10,000; 20% noise at
   * middling agreement; n = 100,000 on the two larger shapes.
   */
  private static List<Cell> fullGrid() {
    int[][] shapes = {{2, 2}, {6, 3}, {6, 12}, {20, 40}};
    List<KnownPopulation> populations = new ArrayList<>();
    for (int[] shape : shapes) {
      for (double imbalance : new double[] {1, 50}) {
        for (double agreement : new double[] {0.1, 0.5, 0.9}) {
          populations.add(new KnownPopulation(shape[0], shape[1], imbalance, agreement, 0));
        }
        populations.add(new KnownPopulation(shape[0], shape[1], imbalance, 0.5, 0.2));
      }
    }
    List<Cell> cells = new ArrayList<>();
    for (long n : new long[] {100, 300, 1000, 10_000}) {
      for (KnownPopulation population : populations) cells.add(new Cell(cells.size(), population, n));
    }
    for (KnownPopulation population : populations) {
      boolean large = population.classes() == 6 && population.clusters() == 12 || population.classes() == 20;
      if (large && population.imbalance() == 1 && population.agreement() == 0.5) {
        cells.add(new Cell(cells.size(), population, 100_000));
      }
    }
    return cells;
  }

  /** A CSV field: the value, or empty where it is not finite. */
  static String number(double value) {
    return Double.isFinite(value) ? Double.toString(value) : "";
  }

  /** The value after {@code name} among the arguments after the first, or the fallback. */
  static String option(String[] args, String name, String fallback) {
    for (int i = 1; i + 1 < args.length; i++) if (args[i].equals(name)) return args[i + 1];
    return fallback;
  }
}
