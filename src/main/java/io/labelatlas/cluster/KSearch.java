package io.labelatlas.cluster;

import io.labelatlas.cluster.auto.AutoK;
import io.labelatlas.cluster.auto.SampledSilhouette;
import io.labelatlas.config.JobConfig.AutoKConfig;
import io.labelatlas.config.JobConfig.ClusterConfig;
import java.util.Locale;
import java.util.stream.IntStream;

/** What the algorithms that take {@code cluster.k} share: its checks, the range {@code k: auto} tries, its scores. */
final class KSearch {
  private KSearch() {}

  /** {@code cluster.k} or, for {@code k: auto}, {@code cluster.auto_k.min} must leave more points than clusters. */
  static void validate(ClusterConfig config, long n, SettingNames names) {
    if (!config.kIsAuto() && config.k() > n) {
      throw new IllegalArgumentException(names.largerThanData("k", config.k(), n));
    }
    if (config.kIsAuto() && config.autoK().min() >= n) {
      throw new IllegalArgumentException(names.of("auto_k.min") + " = " + config.autoK().min() + " needs more than "
          + config.autoK().min() + " " + names.items() + " (the silhouette is undefined for k = n); this run has " + n);
    }
  }

  /** {@code min..max} of {@code cluster.auto_k}, with max clipped to n - 1 (the silhouette needs k < n). */
  static int[] range(AutoKConfig auto, long n) {
    int max = (int) Math.min(auto.max(), n - 1);
    return IntStream.rangeClosed(auto.min(), max).toArray();
  }

  static String rangeText(AutoKConfig auto, long n) {
    int max = (int) Math.min(auto.max(), n - 1);
    return auto.min() + ".." + max + (max < auto.max() ? " (cluster.auto_k.max " + auto.max() + " clipped to n - 1)"
        : "");
  }

  static AutoK.Candidate silhouetteCandidate(int k, double[][] points, int[] labels, int[] sample, double smallest,
      double total) {
    double score = SampledSilhouette.score(points, labels, sample);
    return new AutoK.Candidate(k, score, smallest, total,
        Double.isNaN(score) ? "silhouette undefined on the sample (fewer than 2 of its clusters)" : null);
  }

  /** Smallest of k cluster sizes; a cluster MLlib left out of {@code sizes} counts as empty. */
  static double smallest(long[] sizes, int k) {
    if (sizes.length < k) return 0;
    long min = Long.MAX_VALUE;
    for (long size : sizes) min = Math.min(min, size);
    return min;
  }

  /** "k-means k=3: silhouette 0.7123, smallest cluster 40 (1.2 s)" */
  static String progress(String algorithm, AutoK.Candidate candidate, String score, long startNanos) {
    String value = Double.isNaN(candidate.score()) ? "-" : String.format(Locale.ROOT, "%.4g", candidate.score());
    return String.format(Locale.ROOT, "%s k=%d: %s %s, smallest cluster %.0f (%s)", algorithm, candidate.k(), score,
        value, candidate.smallestCluster(), ClusteringAlgorithm.since(startNanos));
  }
}
