package io.labelatlas.evaluate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Per-cluster stability under resampling, after Hennig, "Cluster-wise assessment of cluster stability",
 * Computational Statistics and Data Analysis 52, 2007 (R: {@code fpc::clusterboot}). Each of B rounds draws a
 * resample of the points, has the caller's clustering method cluster it, and scores every original cluster C by
 * the best Jaccard similarity between C restricted to the resample and a cluster of the new clustering. A cluster
 * with mean Jaccard of 0.85 or more is usually called stable, 0.6 to 0.75 a pattern worth a look, 0.5 or less
 * dissolved.
 *
 * <p>As in clusterboot, a bootstrap resample counts a point drawn twice twice (Jaccard over resample positions),
 * a round in which C has no point is not scored for C, and new-clustering noise (a negative label) is no cluster:
 * points of C that become noise only enlarge the union. Original noise points are resampled and re-clustered like
 * any other but are not scored.
 */
public final class ClusterStability {
  private ClusterStability() {}

  /** Clusters the sub-sample given by indices into the original points; returns one label per index. */
  @FunctionalInterface
  public interface Reclusterer {
    /** Labels for the points at {@code indices} (repeats possible), same order; negative labels are noise. */
    int[] cluster(int[] indices);
  }

  /** How resamples are drawn, as clusterboot's {@code bootmethod}. */
  public enum Resampling {
    /** n points with replacement ("boot", Hennig's default). */
    BOOTSTRAP,
    /** a fraction of the points without replacement ("subset"). */
    SUBSET
  }

  /**
   * @param rounds number of resamples B (clusterboot's default is 100)
   * @param resampling with or without replacement
   * @param subsetFraction share of points in a {@link Resampling#SUBSET} resample (clusterboot: 1/2)
   * @param dissolvedAt a round with Jaccard at most this dissolves the cluster (clusterboot: 0.5)
   * @param recoveredAt a round with Jaccard at least this recovers it (clusterboot: 0.75)
   * @param seed seed of the {@link SplittableRandom} drawing the resamples
   */
  public record Settings(int rounds, Resampling resampling, double subsetFraction, double dissolvedAt,
      double recoveredAt, long seed) {
    public Settings {
      if (rounds < 1) throw new IllegalArgumentException("stability rounds must be >= 1, got " + rounds);
      if (resampling == null) throw new IllegalArgumentException("stability resampling must be set");
      if (!(subsetFraction > 0 && subsetFraction <= 1)) {
        throw new IllegalArgumentException("stability subsetFraction must be in (0, 1], got " + subsetFraction);
      }
      if (!(dissolvedAt >= 0 && dissolvedAt <= recoveredAt && recoveredAt <= 1)) {
        throw new IllegalArgumentException("stability thresholds need 0 <= dissolvedAt <= recoveredAt <= 1, got "
            + dissolvedAt + " and " + recoveredAt);
      }
    }

    /** Hennig's defaults with {@code rounds} bootstrap resamples. */
    public static Settings of(int rounds, long seed) {
      return new Settings(rounds, Resampling.BOOTSTRAP, 0.5, 0.5, 0.75, seed);
    }
  }

  /**
   * One original cluster's stability.
   *
   * @param meanJaccard mean over the scored rounds (clusterboot's {@code bootmean}); NaN if never scored
   * @param scored rounds in which the cluster had at least one point
   * @param dissolved rounds with Jaccard at most {@code dissolvedAt} ({@code bootbrd})
   * @param recovered rounds with Jaccard at least {@code recoveredAt} ({@code bootrecover})
   */
  public record ClusterScore(int cluster, int size, double meanJaccard, int scored, int dissolved, int recovered) {}

  /** Scores of the clusters of {@code labels} (ascending id; negative labels are noise and not scored). */
  public static List<ClusterScore> assess(int[] labels, Reclusterer reclusterer, Settings settings) {
    if (labels == null || reclusterer == null || settings == null) {
      throw new IllegalArgumentException("labels, reclusterer and settings must not be null");
    }
    int n = labels.length;
    int[] ids = Arrays.stream(labels).filter(l -> l >= 0).distinct().sorted().toArray();
    if (ids.length == 0) throw new IllegalArgumentException("no clusters to assess: every label is noise");
    int k = ids.length;
    int[] original = new int[n];
    int[] size = new int[k];
    for (int i = 0; i < n; i++) {
      original[i] = labels[i] < 0 ? -1 : Arrays.binarySearch(ids, labels[i]);
      if (original[i] >= 0) size[original[i]]++;
    }
    int m = settings.resampling() == Resampling.BOOTSTRAP ? n
        : Math.max(1, (int) Math.floor(settings.subsetFraction() * n));
    SplittableRandom random = new SplittableRandom(settings.seed());
    int[] pool = settings.resampling() == Resampling.SUBSET ? new int[n] : null;
    double[] sum = new double[k];
    int[] scored = new int[k];
    int[] dissolved = new int[k];
    int[] recovered = new int[k];
    for (int round = 0; round < settings.rounds(); round++) {
      int[] indices = draw(random, n, m, pool);
      int[] fresh = reclusterer.cluster(indices.clone());
      if (fresh == null || fresh.length != m) {
        throw new IllegalStateException("reclusterer returned " + (fresh == null ? "null" : fresh.length + " labels")
            + " for a resample of " + m + " points in round " + round);
      }
      double[] jaccard = bestJaccard(original, k, indices, fresh);
      for (int c = 0; c < k; c++) {
        if (Double.isNaN(jaccard[c])) continue;
        sum[c] += jaccard[c];
        scored[c]++;
        if (jaccard[c] <= settings.dissolvedAt()) dissolved[c]++;
        if (jaccard[c] >= settings.recoveredAt()) recovered[c]++;
      }
    }
    List<ClusterScore> scores = new ArrayList<>(k);
    for (int c = 0; c < k; c++) {
      scores.add(new ClusterScore(ids[c], size[c], scored[c] == 0 ? Double.NaN : sum[c] / scored[c], scored[c],
          dissolved[c], recovered[c]));
    }
    return scores;
  }

  private static int[] draw(SplittableRandom random, int n, int m, int[] pool) {
    int[] indices = new int[m];
    if (pool == null) {
      for (int p = 0; p < m; p++) indices[p] = random.nextInt(n);
      return indices;
    }
    // Partial Fisher-Yates over a pool that is a permutation of 0..n-1 at the start of every round.
    for (int i = 0; i < n; i++) pool[i] = i;
    for (int p = 0; p < m; p++) {
      int j = p + random.nextInt(n - p);
      int t = pool[p];
      pool[p] = pool[j];
      pool[j] = t;
      indices[p] = pool[p];
    }
    return indices;
  }

  /**
   * For each original cluster c, max over new clusters D of |C_b & D| / |C_b | D| with C_b the resample positions
   * of c; NaN when C_b is empty.
   */
  static double[] bestJaccard(int[] original, int k, int[] indices, int[] fresh) {
    int m = indices.length;
    int[] freshIds = Arrays.stream(fresh).filter(l -> l >= 0).distinct().sorted().toArray();
    int[] freshSize = new int[freshIds.length];
    int[] originalSize = new int[k];
    long[] pairs = new long[m];
    int paired = 0;
    for (int p = 0; p < m; p++) {
      int c = original[indices[p]];
      int d = fresh[p] < 0 ? -1 : Arrays.binarySearch(freshIds, fresh[p]);
      if (c >= 0) originalSize[c]++;
      if (d >= 0) freshSize[d]++;
      if (c >= 0 && d >= 0) pairs[paired++] = (long) c * freshIds.length + d;
    }
    Arrays.sort(pairs, 0, paired);
    double[] best = new double[k];
    for (int c = 0; c < k; c++) best[c] = originalSize[c] == 0 ? Double.NaN : 0.0;
    for (int start = 0; start < paired; ) {
      int end = start;
      while (end < paired && pairs[end] == pairs[start]) end++;
      int c = (int) (pairs[start] / freshIds.length);
      int d = (int) (pairs[start] % freshIds.length);
      int intersection = end - start;
      double jaccard = intersection / (double) (originalSize[c] + freshSize[d] - intersection);
      best[c] = Math.max(best[c], jaccard);
      start = end;
    }
    return best;
  }
}
