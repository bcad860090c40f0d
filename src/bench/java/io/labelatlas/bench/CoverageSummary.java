package io.labelatlas.bench;

import io.labelatlas.evaluate.BootstrapInterval;
import io.labelatlas.evaluate.IntervalMethod;
import io.labelatlas.evaluate.IntervalPolicy;
import io.labelatlas.evaluate.MetricReport;
import io.labelatlas.evaluate.ReportedInterval;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The tables of {@code docs/audit.md} from {@link CoverageBenchmark}'s CSV: per metric and interval method, the
 * coverage over the grid cells with n >= {@link IntervalPolicy#MIN_VERIFIED_N}; then what {@link IntervalPolicy}
 * reports, cell by cell, with the Monte-Carlo error of each coverage. Each row's intervals are rebuilt from the CSV
 * and put through the product's own policy, so the table is what a run would have reported.
 *
 * <pre>java ... io.labelatlas.bench.CoverageSummary COVERAGE.csv</pre>
 */
public final class CoverageSummary {
  private static final double NOMINAL = 0.95;

  private CoverageSummary() {}

  /** Tallies of one (metric, cell). */
  static final class Tally {
    final String metric;
    final String population;
    final long n;
    int samples;
    final int[] covered = new int[IntervalMethod.values().length];
    final int[] defined = new int[IntervalMethod.values().length];
    final double[] width = new double[IntervalMethod.values().length];
    int reported;
    int reportedCovered;
    double reportedWidth;

    Tally(String metric, String population, long n) {
      this.metric = metric;
      this.population = population;
      this.n = n;
    }

    double coverage(IntervalMethod method) {
      return defined[method.ordinal()] == 0 ? Double.NaN
          : covered[method.ordinal()] / (double) defined[method.ordinal()];
    }
  }

  public static void main(String[] args) throws IOException {
    Map<String, Tally> tallies = new TreeMap<>();
    try (BufferedReader in = Files.newBufferedReader(Path.of(args[0]), StandardCharsets.UTF_8)) {
      Map<String, Integer> column = header(in.readLine());
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        String[] f = split(line);
        if (f[column.get("std_error")].isEmpty() || f[column.get("truth")].isEmpty()) continue;
        String metric = f[column.get("metric")];
        long n = Long.parseLong(f[column.get("n")]);
        String population = f[column.get("population")];
        Tally tally = tallies.computeIfAbsent(metric + "|" + population + "|" + n,
            k -> new Tally(metric, population, n));
        add(tally, f, column);
      }
    }
    List<Tally> verified = tallies.values().stream().filter(t -> t.n >= IntervalPolicy.MIN_VERIFIED_N).toList();
    printMethods(verified);
    printPolicy(verified);
  }

  private static void add(Tally tally, String[] f, Map<String, Integer> c) {
    double truth = number(f[c.get("truth")]);
    double estimate = number(f[c.get("estimate")]);
    BootstrapInterval interval = new BootstrapInterval(estimate, number(f[c.get("percentile_low")]),
        number(f[c.get("percentile_high")]), number(f[c.get("bca_low")]), number(f[c.get("bca_high")]),
        number(f[c.get("std_error")]), number(f[c.get("bias")]), Double.NaN, Double.NaN, 0, NOMINAL,
        number(f[c.get("basic_low")]), number(f[c.get("basic_high")]), number(f[c.get("jackknife_bias")]),
        number(f[c.get("jackknife_std_error")]));
    tally.samples++;
    for (IntervalMethod method : IntervalMethod.values()) {
      double low = method.low(interval);
      double high = method.high(interval);
      if (Double.isNaN(low) || Double.isNaN(high)) continue;
      tally.defined[method.ordinal()]++;
      tally.width[method.ordinal()] += high - low;
      if (low <= truth && truth <= high) tally.covered[method.ordinal()]++;
    }
    long n = regimeN(f, c, tally);
    IntervalPolicy.Regime regime = new IntervalPolicy.Regime(n, Integer.parseInt(f[c.get("nonzero_cells")]),
        smallestClass(f, c, n));
    ReportedInterval reported = IntervalPolicy.report(tally.metric, interval, regime);
    if (reported.hasBounds()) {
      tally.reported++;
      tally.reportedWidth += reported.high() - reported.low();
      if (reported.low() <= truth && truth <= reported.high()) tally.reportedCovered++;
    }
  }

  /**
   * The labelled crops of the table the metric was computed on: the sample's n, or for {@code clustered:} metrics its
   * crops outside noise; CSVs written before that column existed give the population's expected share of the n.
   */
  private static long regimeN(String[] f, Map<String, Integer> c, Tally tally) {
    Integer column = c.get("regime_n");
    if (column != null && column < f.length) return Long.parseLong(f[column]);
    if (!tally.metric.startsWith(MetricReport.CLUSTERED)) return tally.n;
    return Math.round(tally.n * (1 - Double.parseDouble(f[c.get("noise")])));
  }

  /**
   * The smallest class's crops in the sample; CSVs written before that column existed give the population's
   * expected count instead (n times the smallest class share, {@link KnownPopulation}).
   */
  private static long smallestClass(String[] f, Map<String, Integer> c, long n) {
    Integer column = c.get("smallest_class");
    if (column != null && column < f.length) return Long.parseLong(f[column]);
    int classes = Integer.parseInt(f[c.get("classes")]);
    double imbalance = Double.parseDouble(f[c.get("imbalance")]);
    double total = 0;
    for (int i = 0; i < classes; i++) total += Math.pow(imbalance, -i / (double) (classes - 1));
    return Math.round(n / imbalance / total);
  }

  private static void printMethods(List<Tally> tallies) {
    System.out.println("### Coverage per method, every cell with n >= " + IntervalPolicy.MIN_VERIFIED_N);
    System.out.println("min / mean coverage over the cells, the cells within 93-97%, and the mean width");
    System.out.println();
    StringBuilder head = new StringBuilder("| metric | cells |");
    StringBuilder rule = new StringBuilder("|---|---|");
    for (IntervalMethod m : IntervalMethod.values()) {
      head.append(' ').append(m.columnName()).append(" |");
      rule.append("---|");
    }
    System.out.println(head);
    System.out.println(rule);
    for (Map.Entry<String, List<Tally>> byMetric : byBase(tallies).entrySet()) {
      StringBuilder row = new StringBuilder("| " + byMetric.getKey() + " | " + byMetric.getValue().size() + " |");
      for (IntervalMethod m : IntervalMethod.values()) {
        double min = 1;
        double sum = 0;
        int within = 0;
        int cells = 0;
        double width = 0;
        for (Tally t : byMetric.getValue()) {
          double coverage = t.coverage(m);
          if (Double.isNaN(coverage)) continue;
          cells++;
          width += t.width[m.ordinal()] / t.defined[m.ordinal()];
          min = Math.min(min, coverage);
          sum += coverage;
          if (coverage >= 0.93 && coverage <= 0.97) within++;
        }
        row.append(cells == 0 ? " - |" : String.format(Locale.ROOT, " %.2f / %.2f, %d, %.3f |", min, sum / cells,
            within, width / cells));
      }
      System.out.println(row);
    }
    System.out.println();
  }

  private static void printPolicy(List<Tally> tallies) {
    System.out.println("### What ci_low / ci_high report (IntervalPolicy)");
    System.out.println("cells where at least half the samples got an interval; coverage among those; the "
        + "Monte-Carlo error of a 95% coverage from 200 samples is 1.5 points (the last column allows 2 of the "
        + "cell's own)");
    System.out.println();
    System.out.println("| metric | method | cells reported | cells flagged | coverage min | mean | max "
        + "| within 93-97% | within 93-97% +- 2 MC errors | mean width |");
    System.out.println("|---|---|---|---|---|---|---|---|---|---|");
    List<String> misses = new ArrayList<>();
    for (Map.Entry<String, List<Tally>> byMetric : byBase(tallies).entrySet()) {
      int reportedCells = 0;
      int flaggedCells = 0;
      double min = 1;
      double max = 0;
      double sum = 0;
      int within = 0;
      int withinError = 0;
      double width = 0;
      for (Tally t : byMetric.getValue()) {
        if (t.reported * 2 < t.samples) {
          flaggedCells++;
          continue;
        }
        reportedCells++;
        width += t.reportedWidth / t.reported;
        double coverage = t.reportedCovered / (double) t.reported;
        double error = 2 * Math.sqrt(NOMINAL * (1 - NOMINAL) / t.reported);
        min = Math.min(min, coverage);
        max = Math.max(max, coverage);
        sum += coverage;
        if (coverage >= 0.93 && coverage <= 0.97) within++;
        if (coverage >= 0.93 - error && coverage <= 0.97 + error) {
          withinError++;
        } else {
          misses.add(String.format(Locale.ROOT, "| %s | %s | %d | %.3f | %d of %d |", t.metric, t.population, t.n,
              coverage, t.reported, t.samples));
        }
      }
      System.out.println(String.format(Locale.ROOT, "| %s | %s | %d | %d | %.3f | %.3f | %.3f | %d | %d | %.3f |",
          byMetric.getKey(), IntervalPolicy.method(byMetric.getKey()).columnName(), reportedCells, flaggedCells,
          reportedCells == 0 ? Double.NaN : min, reportedCells == 0 ? Double.NaN : sum / reportedCells,
          reportedCells == 0 ? Double.NaN : max, within, withinError,
          reportedCells == 0 ? Double.NaN : width / reportedCells));
    }
    System.out.println();
    System.out.println("Cells outside 93-97% by more than 2 Monte-Carlo errors:");
    System.out.println();
    System.out.println("| metric | population | n | coverage | intervals |");
    System.out.println("|---|---|---|---|---|");
    misses.forEach(System.out::println);
  }

  /** Tallies by metric, {@code clustered:} forms under their base metric. */
  private static Map<String, List<Tally>> byBase(List<Tally> tallies) {
    Map<String, List<Tally>> byBase = new TreeMap<>();
    for (Tally t : tallies) {
      String base = t.metric.replace(MetricReport.CLUSTERED, "");
      byBase.computeIfAbsent(base, k -> new ArrayList<>()).add(t);
    }
    return byBase;
  }

  private static Map<String, Integer> header(String line) {
    Map<String, Integer> column = new HashMap<>();
    String[] names = line.split(",");
    for (int i = 0; i < names.length; i++) column.put(names[i], i);
    return column;
  }

  /** A CSV line whose only quoted field (the population) holds no quotes or commas of its own. */
  static String[] split(String line) {
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (char ch : line.toCharArray()) {
      if (ch == '"') {
        quoted = !quoted;
      } else if (ch == ',' && !quoted) {
        fields.add(field.toString());
        field.setLength(0);
      } else {
        field.append(ch);
      }
    }
    fields.add(field.toString());
    return fields.toArray(new String[0]);
  }

  static double number(String value) {
    return value.isEmpty() ? Double.NaN : Double.parseDouble(value);
  }
}
