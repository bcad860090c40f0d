package io.labelatlas.bench;

import io.labelatlas.evaluate.IntervalMethod;
import io.labelatlas.evaluate.IntervalPolicy;
import io.labelatlas.evaluate.PairedBootstrap;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The "p vs best" table of {@code docs/audit.md} from {@link PairedCoverageBenchmark}'s CSV: per metric, the share
 * of samples with p < 0.05 where both clusterings are equal in the population (the false-positive rate; 5% is
 * nominal) over every cell, and where the second is worse (the power), with the product's p-value for each metric.
 *
 * <pre>java ... io.labelatlas.bench.PairedSummary P_VS_BEST.csv</pre>
 */
public final class PairedSummary {
  private static final double LEVEL = 0.05;

  private PairedSummary() {}

  public static void main(String[] args) throws IOException {
    Map<String, int[]> cells = new TreeMap<>();
    Map<String, String> populations = new HashMap<>();
    try (BufferedReader in = Files.newBufferedReader(Path.of(args[0]), StandardCharsets.UTF_8)) {
      List<String> names = List.of(in.readLine().split(","));
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        String[] f = CoverageSummary.split(line);
        String metric = f[names.indexOf("metric")];
        String key = metric + "|" + f[names.indexOf("equal")] + "|" + f[names.indexOf("cell")];
        populations.put(key, f[names.indexOf("population")] + " n=" + f[names.indexOf("n")]);
        int[] tally = cells.computeIfAbsent(key, k -> new int[3]);
        tally[0]++;
        if (pValue(metric, f, names) < LEVEL) tally[1]++;
        if (bootstrapPValue(f, names) < LEVEL) tally[2]++;
      }
    }
    System.out.println("### p vs best: share of samples with p < 0.05");
    System.out.println();
    System.out.println("| metric | equal cells | false-positive rate min | mean | max | cells within 3-7% "
        + "| differing cells | power min | mean | max | bootstrap p's false-positive rate mean, max |");
    System.out.println("|---|---|---|---|---|---|---|---|---|---|---|");
    Map<String, List<double[]>> byMetric = new TreeMap<>();
    List<String> outside = new ArrayList<>();
    for (Map.Entry<String, int[]> cell : cells.entrySet()) {
      String[] key = cell.getKey().split("\\|");
      double rate = cell.getValue()[1] / (double) cell.getValue()[0];
      double bootstrapRate = cell.getValue()[2] / (double) cell.getValue()[0];
      byMetric.computeIfAbsent(key[0], k -> new ArrayList<>()).add(new double[] {key[1].equals("true") ? 1 : 0,
          rate, bootstrapRate});
      if (key[1].equals("true") && (rate < 0.03 || rate > 0.07)) {
        outside.add(String.format(Locale.ROOT, "| %s | %s | %.3f |", key[0], populations.get(cell.getKey()), rate));
      }
    }
    for (Map.Entry<String, List<double[]>> metric : byMetric.entrySet()) {
      double[] equal = metric.getValue().stream().filter(v -> v[0] == 1).mapToDouble(v -> v[1]).toArray();
      double[] differ = metric.getValue().stream().filter(v -> v[0] == 0).mapToDouble(v -> v[1]).toArray();
      double[] bootstrap = metric.getValue().stream().filter(v -> v[0] == 1).mapToDouble(v -> v[2]).toArray();
      long within = Arrays.stream(equal).filter(r -> r >= 0.03 && r <= 0.07).count();
      System.out.println(String.format(Locale.ROOT,
          "| %s | %d | %.3f | %.3f | %.3f | %d | %d | %.3f | %.3f | %.3f | %.3f, %.3f |", metric.getKey(),
          equal.length, min(equal), mean(equal), max(equal), within, differ.length, min(differ), mean(differ),
          max(differ), mean(bootstrap), max(bootstrap)));
    }
    System.out.println();
    System.out.println("Equal cells outside 3-7% (the Monte-Carlo error of a 5% rate from 200 samples is 1.5 points):");
    System.out.println();
    System.out.println("| metric | population | false-positive rate |");
    System.out.println("|---|---|---|");
    outside.forEach(System.out::println);
  }

  /**
   * The product's p-value of the row: the bootstrap one, or for the metrics tested on the jackknife's error that
   * test, recomputed from the row (so a CSV from before that change, which holds the bootstrap's in p_value, is
   * summarised as the product now reports).
   */
  private static double pValue(String metric, String[] f, List<String> names) {
    double bootstrap = bootstrapPValue(f, names);
    if (IntervalPolicy.method(metric) != IntervalMethod.JACKKNIFE) return bootstrap;
    double jackknife = PairedBootstrap.normalPValue(CoverageSummary.number(f[names.indexOf("difference")]),
        CoverageSummary.number(f[names.indexOf("jackknife_std_error")]));
    return Double.isNaN(jackknife) ? bootstrap : jackknife;
  }

  /** The bootstrap's p-value: its own column, or p_value in a CSV from before the jackknife test. */
  private static double bootstrapPValue(String[] f, List<String> names) {
    int column = names.indexOf("bootstrap_p_value");
    return CoverageSummary.number(f[column >= 0 ? column : names.indexOf("p_value")]);
  }

  private static double min(double[] v) {
    return Arrays.stream(v).min().orElse(Double.NaN);
  }

  private static double max(double[] v) {
    return Arrays.stream(v).max().orElse(Double.NaN);
  }

  private static double mean(double[] v) {
    return Arrays.stream(v).average().orElse(Double.NaN);
  }
}
