package io.labelatlas.evaluate;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntConsumer;
import java.util.function.ToDoubleBiFunction;
import java.util.function.ToDoubleFunction;
import java.util.stream.IntStream;

/**
 * Nonparametric bootstrap of any statistic of a sample of n items, such as (class, cluster[, point]) triples: the
 * statistic sees each resample as an array of indices into the original sample, so it works for metrics of labels
 * and of points alike. Intervals are percentile and BCa, with the formulas, quantile interpolation and tie handling
 * of {@code scipy.stats.bootstrap} (scipy 1.10; see {@link BootstrapInterval}). Resample b draws its n indices with
 * {@code nextInt(n)} from the b-th generator split off {@code new SplittableRandom(seed)}, so two statistics
 * bootstrapped with the same n and settings see the same resamples (what {@link PairedBootstrap} relies on).
 *
 * <p>Metrics of a contingency table have a faster route that needs only the table, {@link ContingencyBootstrap}.
 * Point metrics cost what they cost per resample: Davies-Bouldin is O(n d), but silhouette and DBCV are O(n^2 d), so
 * for those bootstrap a sample of the points.
 */
public final class Bootstrap {
  private Bootstrap() {}

  /** A statistic of the sub-sample given by indices into the full sample. */
  @FunctionalInterface
  public interface IndexStatistic {
    /**
     * @param indices the sample to score, as indices into the original sample: n of them with repeats for a
     *     bootstrap resample, fewer without repeats for a jackknife one, 0..n-1 for the estimate. Do not modify.
     */
    double of(int[] indices);

    /** A metric of (class, cluster) labels, scored on the resample's table. */
    static IndexStatistic ofLabels(int[] classes, int[] clusters, ToDoubleFunction<ContingencyTable> metric) {
      if (classes == null || clusters == null || classes.length != clusters.length) {
        throw new IllegalArgumentException("classes and clusters must be non-null and of one length");
      }
      return indices -> {
        int[] c = new int[indices.length];
        int[] k = new int[indices.length];
        for (int p = 0; p < indices.length; p++) {
          c[p] = classes[indices[p]];
          k[p] = clusters[indices[p]];
        }
        return metric.applyAsDouble(ContingencyTable.fromLabels(c, k));
      };
    }

    /** A metric of (points, cluster labels) such as {@link DaviesBouldin#score}, scored on the resampled points. */
    static IndexStatistic ofPoints(double[][] points, int[] labels, ToDoubleBiFunction<double[][], int[]> metric) {
      if (points == null || labels == null || points.length != labels.length) {
        throw new IllegalArgumentException("points and labels must be non-null and of one length");
      }
      return indices -> {
        double[][] x = new double[indices.length][];
        int[] l = new int[indices.length];
        for (int p = 0; p < indices.length; p++) {
          x[p] = points[indices[p]];
          l[p] = labels[indices[p]];
        }
        return metric.applyAsDouble(x, l);
      };
    }
  }

  /** Jackknife values of one or more statistics: {@code values[s][g]} leaves out group g, of weight weights[g]. */
  record Jackknife(double[][] values, double[] weights) {}

  public static BootstrapInterval interval(int n, IndexStatistic statistic, BootstrapSettings settings) {
    return intervals(n, List.of(statistic), settings).get(0);
  }

  /** Intervals of several statistics from the same resamples, in the order given. */
  public static List<BootstrapInterval> intervals(int n, List<IndexStatistic> statistics, BootstrapSettings settings) {
    checkSample(n);
    int[] all = IntStream.range(0, n).toArray();
    double[][] replicates = replicates(n, statistics, settings);
    Jackknife jackknife = jackknife(n, statistics, settings);
    BootstrapInterval[] intervals = new BootstrapInterval[statistics.size()];
    for (int s = 0; s < intervals.length; s++) {
      double estimate = statistics.get(s).of(all);
      intervals[s] = fromReplicates(estimate, replicates[s], jackknife.values()[s], jackknife.weights(),
          settings.confidence());
    }
    return List.of(intervals);
  }

  /** The bootstrap distribution: {@code [statistic][resample]}. */
  public static double[][] replicates(int n, List<IndexStatistic> statistics, BootstrapSettings settings) {
    return replicates(n, statistics, settings, BootstrapProgress.NONE, "resamples");
  }

  /** As {@link #replicates(int, List, BootstrapSettings)}, reporting the finished resamples as {@code step}. */
  public static double[][] replicates(int n, List<IndexStatistic> statistics, BootstrapSettings settings,
      BootstrapProgress progress, String step) {
    checkSample(n);
    if (statistics.isEmpty()) throw new IllegalArgumentException("no statistics to bootstrap");
    double[][] replicates = new double[statistics.size()][settings.resamples()];
    SplittableRandom[] generators = resampleGenerators(settings);
    ThreadLocal<int[]> buffers = ThreadLocal.withInitial(() -> new int[n]);
    forEachResample(settings, new ProgressCounter(progress, step, settings.resamples()), b -> {
      int[] indices = buffers.get();
      SplittableRandom random = generators[b];
      for (int p = 0; p < n; p++) indices[p] = random.nextInt(n);
      for (int s = 0; s < replicates.length; s++) {
        replicates[s][b] = finite(statistics.get(s).of(indices), s, b);
      }
    });
    return replicates;
  }

  /**
   * Jackknife values for BCa's acceleration: leave-one-out up to {@code settings.jackknifeGroups()} samples, else
   * delete-a-group over that many seeded random groups.
   */
  static Jackknife jackknife(int n, List<IndexStatistic> statistics, BootstrapSettings settings) {
    return jackknife(n, statistics, settings, BootstrapProgress.NONE, "jackknife");
  }

  static Jackknife jackknife(int n, List<IndexStatistic> statistics, BootstrapSettings settings,
      BootstrapProgress progress, String step) {
    int groups = Math.min(n, settings.jackknifeGroups());
    int[] order = IntStream.range(0, n).toArray();
    if (groups < n) {
      SplittableRandom random = jackknifeGenerator(settings);
      for (int i = n - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        int t = order[i];
        order[i] = order[j];
        order[j] = t;
      }
    }
    double[][] values = new double[statistics.size()][groups];
    double[] weights = new double[groups];
    Arrays.fill(weights, 1.0);
    boolean[] left = new boolean[n];
    ProgressCounter counter = new ProgressCounter(progress, step, groups);
    for (int g = 0; g < groups; g++) {
      int from = (int) ((long) g * n / groups);
      int to = (int) ((long) (g + 1) * n / groups);
      for (int p = from; p < to; p++) left[order[p]] = true;
      int[] kept = new int[n - (to - from)];
      int k = 0;
      for (int i = 0; i < n; i++) if (!left[i]) kept[k++] = i;
      for (int p = from; p < to; p++) left[order[p]] = false;
      for (int s = 0; s < values.length; s++) values[s][g] = statistics.get(s).of(kept);
      counter.finished();
    }
    return new Jackknife(values, weights);
  }

  /**
   * BCa's acceleration from jackknife values (Efron 1987, eq. 6.6): sum w d^3 / (6 (sum w d^2)^(3/2)) with d the
   * weighted mean of the values minus each value; w weighs a value that stands for several equal ones. Null weights
   * mean 1 each; 0 where all values are equal.
   */
  public static double acceleration(double[] jackknifeValues, double[] weights) {
    double mean = weightedMean(jackknifeValues, weights);
    double cubes = 0;
    double squares = 0;
    for (int g = 0; g < jackknifeValues.length; g++) {
      double w = weight(weights, g);
      double d = mean - jackknifeValues[g];
      squares += w * d * d;
      cubes += w * d * d * d;
    }
    if (squares == 0) return 0.0;
    return cubes / (6 * Math.pow(squares, 1.5));
  }

  /**
   * The jackknife's bias estimate, (W - 1)(weighted mean of the values - estimate), W the total weight: n for the
   * leave-one-out jackknife, the number of groups for the delete-a-group one. Null weights mean 1 each.
   */
  public static double jackknifeBias(double[] jackknifeValues, double[] weights, double estimate) {
    return (totalWeight(jackknifeValues, weights) - 1) * (weightedMean(jackknifeValues, weights) - estimate);
  }

  /**
   * The jackknife's standard error, sqrt((W - 1) / W * sum w (value - weighted mean)^2), W the total weight (Efron
   * and Tibshirani 1993, 11.2; grouped as Shao and Wu 1989). Null weights mean 1 each.
   */
  public static double jackknifeStandardError(double[] jackknifeValues, double[] weights) {
    double totalWeight = totalWeight(jackknifeValues, weights);
    double mean = weightedMean(jackknifeValues, weights);
    double squares = 0;
    for (int g = 0; g < jackknifeValues.length; g++) {
      double d = jackknifeValues[g] - mean;
      squares += weight(weights, g) * d * d;
    }
    return Math.sqrt((totalWeight - 1) / totalWeight * squares);
  }

  /** The weight of jackknife value g: {@code weights[g]}, or 1 where there are no weights. */
  private static double weight(double[] weights, int g) {
    return weights == null ? 1 : weights[g];
  }

  private static double totalWeight(double[] values, double[] weights) {
    double total = 0;
    for (int g = 0; g < values.length; g++) total += weight(weights, g);
    return total;
  }

  private static double weightedMean(double[] values, double[] weights) {
    double sum = 0;
    for (int g = 0; g < values.length; g++) sum += weight(weights, g) * values[g];
    return sum / totalWeight(values, weights);
  }

  /**
   * As {@link #fromReplicates(double, double[], double, double)}, with BCa's acceleration and the jackknife's bias
   * and standard error from the leave-out values.
   */
  public static BootstrapInterval fromReplicates(double estimate, double[] replicates, double[] jackknifeValues,
      double[] jackknifeWeights, double confidence) {
    return fromReplicates(estimate, replicates, acceleration(jackknifeValues, jackknifeWeights),
        jackknifeBias(jackknifeValues, jackknifeWeights, estimate),
        jackknifeStandardError(jackknifeValues, jackknifeWeights), confidence);
  }

  /** Without a jackknife's bias and standard error (NaN in the interval). */
  public static BootstrapInterval fromReplicates(double estimate, double[] replicates, double acceleration,
      double confidence) {
    return fromReplicates(estimate, replicates, acceleration, Double.NaN, Double.NaN, confidence);
  }

  /**
   * Percentile, basic and BCa intervals from a bootstrap distribution, each as {@code scipy.stats.bootstrap} derives
   * it from its {@code bootstrap_distribution} (numpy's linear percentile; z0 from the share of replicates below the
   * estimate, ties counting half).
   */
  public static BootstrapInterval fromReplicates(double estimate, double[] replicates, double acceleration,
      double jackknifeBias, double jackknifeStandardError, double confidence) {
    int b = replicates.length;
    if (b < 2) throw new IllegalArgumentException("need at least 2 bootstrap replicates, got " + b);
    double[] sorted = replicates.clone();
    Arrays.sort(sorted);
    double alpha = (1 - confidence) / 2;
    double percentileLow = percentile(sorted, alpha * 100);
    double percentileHigh = percentile(sorted, (1 - alpha) * 100);

    long below = 0;
    long atMost = 0;
    for (double r : replicates) {
      if (r < estimate) below++;
      if (r <= estimate) atMost++;
    }
    double z0 = StandardNormal.quantile((below + atMost) / (2.0 * b));
    double zAlpha = StandardNormal.quantile(alpha);
    double lowNumerator = z0 + zAlpha;
    double lowLevel = StandardNormal.cdf(z0 + lowNumerator / (1 - acceleration * lowNumerator));
    double highNumerator = z0 - zAlpha;
    double highLevel = StandardNormal.cdf(z0 + highNumerator / (1 - acceleration * highNumerator));
    double bcaLow = Double.isNaN(lowLevel) ? Double.NaN : percentile(sorted, lowLevel * 100);
    double bcaHigh = Double.isNaN(highLevel) ? Double.NaN : percentile(sorted, highLevel * 100);

    double mean = AgreementMetrics.numpySum(replicates) / b;
    double[] squares = new double[b];
    for (int i = 0; i < b; i++) squares[i] = (replicates[i] - mean) * (replicates[i] - mean);
    double standardError = Math.sqrt(AgreementMetrics.numpySum(squares) / (b - 1));
    return new BootstrapInterval(estimate, percentileLow, percentileHigh, bcaLow, bcaHigh, standardError,
        mean - estimate, z0, acceleration, b, confidence, 2 * estimate - percentileHigh, 2 * estimate - percentileLow,
        jackknifeBias, jackknifeStandardError);
  }

  /** {@code numpy.percentile(values, q)} with the default linear method, on values sorted ascending; q in percent. */
  static double percentile(double[] sorted, double q) {
    int n = sorted.length;
    double virtual = (n - 1) * (q / 100);
    int previous;
    int next;
    if (virtual >= n - 1) {
      previous = next = n - 1;
    } else if (virtual < 0) {
      previous = next = 0;
    } else {
      previous = (int) Math.floor(virtual);
      next = previous + 1;
    }
    double gamma = virtual - Math.floor(virtual);
    double a = sorted[previous];
    double b = sorted[next];
    double difference = b - a;
    // numpy's _lerp: from the nearer end, so that gamma = 1 returns b exactly.
    return gamma >= 0.5 ? b - difference * (1 - gamma) : a + difference * gamma;
  }

  /** The B generators of the resamples, split in order from the seed. */
  static SplittableRandom[] resampleGenerators(BootstrapSettings settings) {
    SplittableRandom root = new SplittableRandom(settings.seed());
    SplittableRandom[] generators = new SplittableRandom[settings.resamples()];
    for (int b = 0; b < generators.length; b++) generators[b] = root.split();
    return generators;
  }

  /** The generator of the jackknife's random groups: the next split after the resamples'. */
  static SplittableRandom jackknifeGenerator(BootstrapSettings settings) {
    SplittableRandom root = new SplittableRandom(settings.seed());
    for (int b = 0; b < settings.resamples(); b++) root.split();
    return root.split();
  }

  static void forEachResample(BootstrapSettings settings, IntConsumer resample) {
    forEachResample(settings, new ProgressCounter(BootstrapProgress.NONE, "resamples", settings.resamples()),
        resample);
  }

  /** Runs resample 0..B-1, in parallel if the settings say so, counting each finished one. */
  static void forEachResample(BootstrapSettings settings, ProgressCounter counter, IntConsumer resample) {
    IntStream range = IntStream.range(0, settings.resamples());
    (settings.parallel() ? range.parallel() : range).forEach(b -> {
      resample.accept(b);
      counter.finished();
    });
  }

  static double finite(double value, int statistic, int resample) {
    if (Double.isNaN(value)) {
      throw new IllegalStateException("statistic " + statistic + " is undefined (NaN) on bootstrap resample "
          + resample + "; a statistic must be defined on every resample of the data to bootstrap it");
    }
    return value;
  }

  static void checkSample(long n) {
    if (n < 2) throw new IllegalArgumentException("the bootstrap needs a sample of at least 2, got " + n);
  }
}
