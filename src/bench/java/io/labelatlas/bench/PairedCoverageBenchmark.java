package io.labelatlas.bench;

import static io.labelatlas.bench.CoverageBenchmark.number;
import static io.labelatlas.bench.CoverageBenchmark.option;

import io.labelatlas.evaluate.BestConfiguration;
import io.labelatlas.evaluate.BootstrapInterval;
import io.labelatlas.evaluate.BootstrapSettings;
import io.labelatlas.evaluate.MetricReport;
import io.labelatlas.evaluate.PairedBootstrap;
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
import java.util.stream.IntStream;

/**
 * The false-positive rate and power of "p vs best" ({@link BestConfiguration#compareWithBest}): two clusterings of
 * the same crops, each drawn from a {@link KnownPopulation}'s channel (class to cluster) independently given the
 * class. With the same agreement both have the same population value of every metric, so a p-value below 0.05 is a
 * false positive; with lower agreement for the second, it is power. Writes one CSV row per (cell, sample, metric).
 *
 * <pre>java ... io.labelatlas.bench.PairedCoverageBenchmark OUT.csv [--grid full|quick] [--samples S] [--resamples B]
 *     [--seed SEED]</pre>
 */
public final class PairedCoverageBenchmark {
  private PairedCoverageBenchmark() {}

  record Cell(int id, KnownPopulation first, KnownPopulation second, long n) {
    String describe() {
      return first.describe() + (first.equals(second) ? " (equal)"
          : String.format(Locale.ROOT, " vs a=%.2f", second.agreement()));
    }
  }

  public static void main(String[] args) throws IOException {
    if (args.length < 1) throw new IllegalArgumentException("usage: PairedCoverageBenchmark OUT.csv [options]");
    Path out = Path.of(args[0]);
    int samples = Integer.parseInt(option(args, "--samples", "200"));
    int resamples = Integer.parseInt(option(args, "--resamples", "1000"));
    long seed = Long.parseLong(option(args, "--seed", "1"));
    List<Cell> cells = option(args, "--grid", "full").equals("quick") ? quickGrid() : grid();
    System.out.printf(Locale.ROOT, "p vs best: %d cells x %d samples x %d resamples on %d cores -> %s%n",
        cells.size(), samples, resamples, Runtime.getRuntime().availableProcessors(), out);
    Files.createDirectories(out.toAbsolutePath().getParent());
    long start = System.nanoTime();
    try (PrintWriter csv = new PrintWriter(Files.newBufferedWriter(out, StandardCharsets.UTF_8))) {
      csv.println("cell,population,equal,n,sample,metric,first,second,p_value,difference,std_error,bias,"
          + "percentile_low,percentile_high,basic_low,basic_high,jackknife_bias,jackknife_std_error,"
          + "bootstrap_p_value");
      for (Cell cell : cells) {
        long cellStart = System.nanoTime();
        run(cell, samples, resamples, seed).forEach(csv::println);
        csv.flush();
        System.out.printf(Locale.ROOT, "cell %d/%d %s n=%d: %.1f s (%.0f s in all)%n", cell.id() + 1, cells.size(),
            cell.describe(), cell.n(), (System.nanoTime() - cellStart) / 1e9, (System.nanoTime() - start) / 1e9);
      }
    }
  }

  static List<String> run(Cell cell, int samples, int resamples, long seed) {
    double[][] first = cell.first().joint();
    double[][] second = cell.second().joint();
    List<List<String>> bySample = new ArrayList<>();
    for (int s = 0; s < samples; s++) bySample.add(null);
    IntStream.range(0, samples).parallel().forEach(s -> {
      SplittableRandom random = new SplittableRandom(seed * 1_000_003L + cell.id() * 10_007L + s);
      PairedBootstrap.JointCounts joint = sample(first, second, cell.n(), random);
      BootstrapSettings settings = BootstrapSettings.of(resamples, random.nextLong());
      Map<String, PairedBootstrap.PairedComparison> compared =
          BestConfiguration.compareWithBest(joint, MetricReport.TABLE_METRICS, settings);
      List<String> rows = new ArrayList<>();
      compared.forEach((metric, c) -> rows.add(row(cell, s, metric, c)));
      bySample.set(s, rows);
    });
    List<String> rows = new ArrayList<>();
    bySample.forEach(rows::addAll);
    return rows;
  }

  /** n crops: a class from the population's prior, then a cluster from each clustering's channel. */
  static PairedBootstrap.JointCounts sample(double[][] first, double[][] second, long n, SplittableRandom random) {
    int classes = first.length;
    double[] prior = new double[classes];
    for (int i = 0; i < classes; i++) for (double p : first[i]) prior[i] += p;
    long[][][] counts = new long[classes][first[0].length][second[0].length];
    for (long s = 0; s < n; s++) {
      int c = draw(prior, 1.0, random);
      int a = draw(first[c], prior[c], random);
      int b = draw(second[c], prior[c], random);
      counts[c][a][b]++;
    }
    PairedBootstrap.JointCounts.Builder builder = PairedBootstrap.JointCounts.builder();
    for (int c = 0; c < classes; c++) {
      for (int a = 0; a < counts[c].length; a++) {
        for (int b = 0; b < counts[c][a].length; b++) {
          if (counts[c][a][b] > 0) builder.add(KnownPopulation.className(c), a, b, counts[c][a][b]);
        }
      }
    }
    return builder.build();
  }

  private static int draw(double[] weights, double total, SplittableRandom random) {
    double u = random.nextDouble() * total;
    for (int i = 0; i < weights.length; i++) {
      u -= weights[i];
      if (u < 0) return i;
    }
    return weights.length - 1;
  }

  private static String row(Cell cell, int sample, String metric, PairedBootstrap.PairedComparison c) {
    BootstrapInterval d = c.difference();
    return String.join(",", String.valueOf(cell.id()), "\"" + cell.describe() + "\"",
        String.valueOf(cell.first().equals(cell.second())), String.valueOf(cell.n()), String.valueOf(sample), metric,
        number(c.first()), number(c.second()), number(c.pValue()), number(d.estimate()), number(d.standardError()),
        number(d.bias()), number(d.percentileLow()), number(d.percentileHigh()), number(d.basicLow()),
        number(d.basicHigh()), number(d.jackknifeBias()), number(d.jackknifeStandardError()),
        number(c.bootstrapPValue()));
  }

  /**
   * 2 x 2, 6 x 12 and 20 x 40 tables, balanced and long-tailed (imbalance 50), agreement 0.5 and 0.9; the second
   * clustering equal, or 0.1 less in agreement; n = 300, 1,000 and (but for 20 x 40, whose AMI would take an hour
   * there) 10,000.
   */
  static List<Cell> grid() {
    List<Cell> cells = new ArrayList<>();
    for (long n : new long[] {300, 1000, 10_000}) {
      for (int[] shape : n < 10_000 ? new int[][] {{2, 2}, {6, 12}, {20, 40}} : new int[][] {{2, 2}, {6, 12}}) {
        for (double imbalance : new double[] {1, 50}) {
          for (double agreement : new double[] {0.5, 0.9}) {
            KnownPopulation first = new KnownPopulation(shape[0], shape[1], imbalance, agreement, 0);
            cells.add(new Cell(cells.size(), first, first, n));
            cells.add(new Cell(cells.size(), first,
                new KnownPopulation(shape[0], shape[1], imbalance, agreement - 0.1, 0), n));
          }
        }
      }
    }
    return cells;
  }

  /** One balanced 6 x 12 population at n = 300, equal and differing: a first look. */
  static List<Cell> quickGrid() {
    KnownPopulation first = new KnownPopulation(6, 12, 1, 0.5, 0);
    return List.of(new Cell(0, first, first, 300), new Cell(1, first, new KnownPopulation(6, 12, 1, 0.4, 0), 300));
  }
}
