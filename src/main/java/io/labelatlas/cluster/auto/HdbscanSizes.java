package io.labelatlas.cluster.auto;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * HDBSCAN*'s {@code min_samples} and {@code min_cluster_size} chosen from the number of points n, with a guard
 * against degenerate results.
 *
 * <p>The rule:
 * <ul>
 *   <li>{@code min_samples = round(log2 n)} clipped to [5, 15] (the hdbscan documentation's guidance for
 *       {@code min_samples} on noisy data is 5 to 15; log2 n grows it slowly with the data), and never above n;</li>
 *   <li>{@code min_cluster_size = max(5, round(0.005 n))}, so a cluster must hold 0.5% of the data, and never above
 *       {@code max(2, n / 4)} so that at least four clusters of that size fit.</li>
 * </ul>
 * On defect crops the rule alone can fail: with a few hundred crops {@code min_samples} of 8 to 10 smooths the density
 * so much that HDBSCAN* calls every crop noise. So the result is checked, and it is degenerate when it has fewer than
 * 2 clusters or more than half of the points are noise. A degenerate result is refit along a fixed ladder of smaller
 * sizes, relative to the rule's (min_samples, min_cluster_size):
 * {@code (1, 1), (1/2, 1), (1/2, 1/2), (1/4, 1/2), (1/4, 1/4)}, with min_samples at least 2 and min_cluster_size at
 * least 3 (or the rule's value when that is lower); rungs equal to an earlier one are skipped, so there are at most
 * four extra fits. Only the sizes set to {@code auto} move; a size the job set stays fixed, and with both set there is
 * one fit and no guard. The first non-degenerate fit is kept; when all are degenerate, the one with at least 2
 * clusters and the least noise, else the one with the least noise.
 */
public final class HdbscanSizes {
  private HdbscanSizes() {}

  /** The value that asks for a size to be chosen, as {@code JobConfig.AUTO}. */
  public static final int AUTO = 0;

  static final double MAX_NOISE_FRACTION = 0.5;
  private static final double[][] LADDER = {{1, 1}, {0.5, 1}, {0.5, 0.5}, {0.25, 0.5}, {0.25, 0.25}};

  public record Sizes(int minClusterSize, int minSamples) {}

  /** What one fit produced: the result to keep, and what the guard looks at. */
  public record Outcome<R>(R result, int clusters, double noiseFraction) {}

  public record Attempt(Sizes sizes, int clusters, double noiseFraction) {
    public boolean degenerate() {
      return HdbscanSizes.degenerate(clusters, noiseFraction);
    }
  }

  /**
   * @param chosen the sizes of the fit that was kept; {@code result} is that fit's result
   * @param attempts every fit in the order made
   */
  public record Search<R>(Sizes chosen, R result, List<Attempt> attempts, String evidence) {}

  public static boolean degenerate(int clusters, double noiseFraction) {
    return clusters < 2 || noiseFraction > MAX_NOISE_FRACTION;
  }

  public static int ruleMinSamples(long n) {
    requirePoints(n);
    long fromScale = Math.round(Math.log(n) / Math.log(2));
    return (int) Math.min(n, Math.max(5, Math.min(15, fromScale)));
  }

  public static int ruleMinClusterSize(long n) {
    requirePoints(n);
    long fromScale = Math.max(5, Math.round(0.005 * n));
    return (int) Math.min(fromScale, Math.max(2, n / 4));
  }

  /**
   * The sizes to try in order; {@code configuredMinClusterSize} or {@code configuredMinSamples} {@link #AUTO} means
   * that size follows the rule and the ladder, any other value stays fixed.
   */
  public static List<Sizes> ladder(long n, int configuredMinClusterSize, int configuredMinSamples) {
    boolean autoSize = configuredMinClusterSize == AUTO;
    boolean autoSamples = configuredMinSamples == AUTO;
    int size = autoSize ? ruleMinClusterSize(n) : configuredMinClusterSize;
    int samples = autoSamples ? ruleMinSamples(n) : configuredMinSamples;
    List<Sizes> rungs = new ArrayList<>();
    for (double[] factor : LADDER) {
      int s = autoSamples ? Math.max(Math.min(2, samples), (int) Math.round(samples * factor[0])) : samples;
      int c = autoSize ? Math.max(Math.min(3, size), (int) Math.round(size * factor[1])) : size;
      Sizes rung = new Sizes(c, s);
      if (!rungs.contains(rung)) rungs.add(rung);
    }
    return rungs;
  }

  /** Fits along the {@link #ladder} until a result is not degenerate (see the class comment). */
  public static <R> Search<R> search(long n, int configuredMinClusterSize, int configuredMinSamples,
      Function<Sizes, Outcome<R>> fit) {
    List<Sizes> rungs = ladder(n, configuredMinClusterSize, configuredMinSamples);
    List<Attempt> attempts = new ArrayList<>();
    List<R> results = new ArrayList<>();
    int kept = -1;
    for (Sizes rung : rungs) {
      Outcome<R> outcome = fit.apply(rung);
      attempts.add(new Attempt(rung, outcome.clusters(), outcome.noiseFraction()));
      results.add(outcome.result());
      if (!degenerate(outcome.clusters(), outcome.noiseFraction())) {
        kept = attempts.size() - 1;
        break;
      }
    }
    boolean allDegenerate = kept < 0;
    if (allDegenerate) kept = leastDegenerate(attempts);
    return new Search<>(attempts.get(kept).sizes(), results.get(kept), List.copyOf(attempts),
        evidence(n, configuredMinClusterSize, configuredMinSamples, attempts, kept, allDegenerate));
  }

  /** Index of the attempt with at least 2 clusters and the least noise, else the least noise; earlier wins ties. */
  static int leastDegenerate(List<Attempt> attempts) {
    int best = -1;
    for (int i = 0; i < attempts.size(); i++) {
      Attempt a = attempts.get(i);
      if (best < 0) {
        best = i;
        continue;
      }
      Attempt b = attempts.get(best);
      boolean aSplits = a.clusters() >= 2;
      boolean bSplits = b.clusters() >= 2;
      if ((aSplits && !bSplits) || (aSplits == bSplits && a.noiseFraction() < b.noiseFraction())) best = i;
    }
    return best;
  }

  private static String evidence(long n, int configuredSize, int configuredSamples, List<Attempt> attempts, int kept,
      boolean allDegenerate) {
    StringBuilder head = new StringBuilder("n = ").append(n).append("; ");
    if (configuredSamples == AUTO) {
      head.append("min_samples = round(log2 n) in [5, 15] = ").append(ruleMinSamples(n));
    } else {
      head.append("min_samples = ").append(configuredSamples).append(" (set)");
    }
    if (configuredSize == AUTO) {
      head.append(", min_cluster_size = max(5, round(0.005 n)) <= n/4 = ").append(ruleMinClusterSize(n));
    } else {
      head.append(", min_cluster_size = ").append(configuredSize).append(" (set)");
    }
    head.append(String.format(Locale.ROOT, "; degenerate: < 2 clusters or noise > %.0f%%", 100 * MAX_NOISE_FRACTION));
    if (allDegenerate) head.append("; every try was degenerate, kept the least degenerate");
    head.append("; tries: ");
    List<String> items = new ArrayList<>();
    for (int i = 0; i < attempts.size(); i++) {
      Attempt a = attempts.get(i);
      items.add(String.format(Locale.ROOT, "(min_cluster_size %d, min_samples %d) %d clusters, noise %.1f%%%s",
          a.sizes().minClusterSize(), a.sizes().minSamples(), a.clusters(), 100 * a.noiseFraction(),
          i == kept ? " kept" : a.degenerate() ? " degenerate" : ""));
    }
    return AutoK.join(head.toString(), items, "; ");
  }

  private static void requirePoints(long n) {
    if (n < 1) throw new IllegalArgumentException("n must be >= 1, got " + n);
  }
}
