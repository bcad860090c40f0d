package io.labelatlas.bench;

import io.labelatlas.evaluate.ContingencyTable;
import io.labelatlas.evaluate.MetricReport;
import io.labelatlas.evaluate.TableMetric;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A known joint distribution of (class, cluster), from which samples of n labelled crops are drawn and whose metric
 * values are known exactly: the ground truth of {@link CoverageBenchmark}. Class shares fall geometrically from the
 * first class to the last by {@code imbalance}; cluster j is "home" to class j mod classes (to class j mod clusters
 * where there are fewer clusters than classes); a crop of class i lands in one of its home clusters with
 * probability {@code agreement} and anywhere uniformly otherwise; a share {@code noise} of every class is noise
 * (cluster -1), independent of the class.
 *
 * <p>The population value of a metric is the metric as a functional of the distribution, the value its plug-in
 * estimate converges to: computed by the product's own code on a table of counts proportional to the probabilities
 * (2^40 crops, so rounding is far below any interval). AMI's expected mutual information vanishes as n grows, so its
 * population value is NMI's.
 */
record KnownPopulation(int classes, int clusters, double imbalance, double agreement, double noise) {
  private static final double SCALE = Math.pow(2, 40);

  KnownPopulation {
    if (classes < 2 || clusters < 2 || imbalance < 1 || agreement < 0 || agreement > 1 || noise < 0 || noise >= 1) {
      throw new IllegalArgumentException("bad population " + classes + "x" + clusters);
    }
  }

  String describe() {
    return String.format(Locale.ROOT, "%dx%d%s a=%.2f%s", classes, clusters,
        imbalance > 1 ? String.format(Locale.ROOT, " IR=%.0f", imbalance) : "", agreement,
        noise > 0 ? String.format(Locale.ROOT, " noise=%.2f", noise) : "");
  }

  /** P(class i, cluster j); the last column is noise when {@code noise > 0}. */
  double[][] joint() {
    double[] shares = new double[classes];
    for (int i = 0; i < classes; i++) shares[i] = Math.pow(imbalance, -i / (double) (classes - 1));
    double total = Arrays.stream(shares).sum();
    int columns = clusters + (noise > 0 ? 1 : 0);
    double[][] p = new double[classes][columns];
    for (int i = 0; i < classes; i++) {
      double prior = shares[i] / total;
      int homes = 0;
      for (int j = 0; j < clusters; j++) if (isHome(i, j)) homes++;
      for (int j = 0; j < clusters; j++) {
        boolean isHome = isHome(i, j);
        double given = (1 - agreement) / clusters + (isHome ? agreement / homes : 0);
        p[i][j] = prior * (1 - noise) * given;
      }
      if (noise > 0) p[i][clusters] = prior * noise;
    }
    return p;
  }

  private boolean isHome(int classIndex, int cluster) {
    return clusters >= classes ? home(cluster) == classIndex : classIndex % clusters == cluster;
  }

  /** The class whose home cluster j is, and the label a crop in j is predicted to have (for kappa). */
  int home(int cluster) {
    return cluster % classes;
  }

  /** Kappa between the class and the cluster's home class is defined where every class has a home cluster. */
  boolean hasKappa() {
    return clusters >= classes && noise == 0;
  }

  /** Population values by the {@code metrics} table's names. */
  Map<String, Double> values() {
    double[][] p = joint();
    Map<String, Double> values = new LinkedHashMap<>();
    ContingencyTable table = table(p, SCALE, true);
    for (TableMetric metric : TableMetric.all()) {
      if (metric != TableMetric.AMI) values.put(metric.metricName(), metric.of(table));
    }
    values.put("ami", values.get("nmi"));
    if (noise > 0) {
      values.put("coverage", 1 - noise);
      ContingencyTable clustered = table(p, SCALE, false);
      for (TableMetric metric : TableMetric.all()) {
        if (metric != TableMetric.AMI) values.put(MetricReport.CLUSTERED + metric.metricName(), metric.of(clustered));
      }
      values.put(MetricReport.CLUSTERED + "ami", values.get(MetricReport.CLUSTERED + "nmi"));
    }
    if (hasKappa()) values.put("kappa", kappa(p));
    return values;
  }

  /** Cohen's kappa of the class against the cluster's home class: (p_o - p_e) / (1 - p_e). */
  private double kappa(double[][] p) {
    double[][] confusion = new double[classes][classes];
    for (int i = 0; i < classes; i++) for (int j = 0; j < clusters; j++) confusion[i][home(j)] += p[i][j];
    double observed = 0;
    double expected = 0;
    for (int i = 0; i < classes; i++) {
      double row = 0;
      double column = 0;
      for (int k = 0; k < classes; k++) {
        row += confusion[i][k];
        column += confusion[k][i];
      }
      observed += confusion[i][i];
      expected += row * column;
    }
    return (observed - expected) / (1 - expected);
  }

  /** Counts of one sample of n crops, {@code [class][column]} as {@link #joint()}. */
  static long[][] sample(double[][] p, long n, SplittableRandom random) {
    int columns = p[0].length;
    double[] cumulative = new double[p.length * columns];
    double sum = 0;
    for (int c = 0; c < cumulative.length; c++) {
      sum += p[c / columns][c % columns];
      cumulative[c] = sum;
    }
    long[][] counts = new long[p.length][columns];
    for (long s = 0; s < n; s++) {
      int cell = Arrays.binarySearch(cumulative, random.nextDouble() * sum);
      if (cell < 0) cell = -cell - 1;
      cell = Math.min(cell, cumulative.length - 1);
      counts[cell / columns][cell % columns]++;
    }
    return counts;
  }

  /** A contingency table of these counts (or scaled probabilities); the noise column as cluster -1 or left out. */
  ContingencyTable table(double[][] values, double scale, boolean withNoise) {
    ContingencyTable.Builder builder = ContingencyTable.builder();
    for (int i = 0; i < values.length; i++) {
      for (int j = 0; j < values[i].length; j++) {
        long count = Math.round(values[i][j] * scale);
        boolean isNoise = noise > 0 && j == clusters;
        if (count > 0 && (withNoise || !isNoise)) builder.add(className(i), isNoise ? -1 : j, count);
      }
    }
    return builder.build();
  }

  /** Pairs (class, home class of the cluster) of a sample, for kappa. */
  java.util.List<MetricReport.LabelPairCount> kappaPairs(long[][] counts) {
    Map<String, Long> pairs = new LinkedHashMap<>();
    for (int i = 0; i < counts.length; i++) {
      for (int j = 0; j < clusters; j++) {
        if (counts[i][j] > 0) pairs.merge(i + "\u0000" + home(j), counts[i][j], Long::sum);
      }
    }
    return pairs.entrySet().stream().map(e -> {
      String[] parts = e.getKey().split("\u0000");
      return new MetricReport.LabelPairCount(className(Integer.parseInt(parts[0])),
          className(Integer.parseInt(parts[1])), e.getValue());
    }).toList();
  }

  static String className(int i) {
    return String.format(Locale.ROOT, "c%02d", i);
  }
}
