package io.labelatlas.bench;

import io.labelatlas.evaluate.ContingencyTable;
import io.labelatlas.evaluate.MetricReport;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Time of the full metric set of one clustering ({@link MetricReport}: every table metric both ways with percentile and
 * BCa intervals from {@code resamples} bootstrap resamples, plus silhouette and Davies-Bouldin both ways with their
 * intervals on the job's bounded point sample) at several numbers of assignments. Synthetic: 20 classes, 60 clusters
 * (each class mostly in three clusters, 20% of points elsewhere), 5% noise; the point sample is 5,000 50-d points.
 * The peer in the same run is the same report without any resampling.
 *
 * <pre>java ... io.labelatlas.bench.MetricsBenchmark [RESAMPLES] [N ...]</pre>
 */
public final class MetricsBenchmark {
  private MetricsBenchmark() {}

  public static void main(String[] args) {
    int resamples = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    long[] sizes = args.length > 1
        ? java.util.Arrays.stream(args, 1, args.length).mapToLong(Long::parseLong).toArray()
        : new long[] {10_000, 1_000_000};
    MetricReport.PointSample sample = pointSample(5_000, 50, 60, 11);
    System.out.println(String.format(Locale.ROOT, "machine: %d cores; %d table resamples, %d point resamples on a "
        + "%d-point sample", Runtime.getRuntime().availableProcessors(), resamples,
        MetricReport.Options.DEFAULT_GEOMETRIC_RESAMPLES, sample.points().length));
    System.out.println("| assignments | cells | full set, seconds | without resampling, seconds | ratio |");
    System.out.println("|---|---|---|---|---|");
    for (long n : sizes) {
      ContingencyTable table = table(n, 7);
      MetricReport.Population population = null;
      MetricReport.Options options = MetricReport.Options.defaults(3)
          .withResamples(resamples, MetricReport.Options.DEFAULT_GEOMETRIC_RESAMPLES);
      MetricReport.Options none = MetricReport.Options.defaults(3).withResamples(0, 0);
      MetricReport.compute(table, population, sample, none); // warm-up
      long start = System.nanoTime();
      List<MetricReport.MetricValue> plain = MetricReport.compute(table, population, sample, none);
      double plainSeconds = (System.nanoTime() - start) / 1e9;
      start = System.nanoTime();
      List<MetricReport.MetricValue> full = MetricReport.compute(table, population, sample, options);
      double fullSeconds = (System.nanoTime() - start) / 1e9;
      long intervals = full.stream().filter(m -> m.interval() != null).count();
      System.out.println(String.format(Locale.ROOT, "| %,d | %d | %.2f (%d metrics, %d with intervals) | %.2f | %.1f |",
          n, table.numClasses() * table.numClusters(), fullSeconds, full.size(), intervals, plainSeconds,
          fullSeconds / plainSeconds));
      if (plain.size() != full.size()) throw new IllegalStateException("metric sets differ");
    }
  }

  private static ContingencyTable table(long n, long seed) {
    int classes = 20;
    long[][] counts = new long[classes][61];
    SplittableRandom random = new SplittableRandom(seed);
    for (long i = 0; i < n; i++) {
      int label = random.nextInt(classes);
      double u = random.nextDouble();
      int cluster = u < 0.05 ? 60 : u < 0.25 ? random.nextInt(60) : label * 3 + random.nextInt(3);
      counts[label][cluster]++;
    }
    ContingencyTable.Builder builder = ContingencyTable.builder();
    for (int c = 0; c < classes; c++) {
      for (int k = 0; k <= 60; k++) {
        if (counts[c][k] > 0) builder.add("class" + c, k == 60 ? -1 : k, counts[c][k]);
      }
    }
    return builder.build();
  }

  private static MetricReport.PointSample pointSample(int n, int dimension, int clusters, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double[][] points = new double[n][dimension];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      boolean noise = random.nextDouble() < 0.05;
      labels[i] = noise ? -1 : random.nextInt(clusters);
      for (int d = 0; d < dimension; d++) {
        double centre = noise ? 0 : ((labels[i] * 31 + d * 7) % 13) - 6;
        points[i][d] = centre + random.nextGaussian() * (noise ? 6 : 1);
      }
    }
    return new MetricReport.PointSample(points, labels, "synthetic " + n + " x " + dimension);
  }
}
