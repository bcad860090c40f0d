package io.labelatlas.cluster.auto;

import io.labelatlas.geometry.PointSample;
import io.labelatlas.geometry.SilhouetteCoefficient;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The exact silhouette ({@link SilhouetteCoefficient}, the kernel the evaluation reports too) of a seeded subset of
 * the points, so that scoring many candidate clusterings costs O(s^2 d) each for a sample of s points, not O(n^2 d).
 */
public final class SampledSilhouette {
  private SampledSilhouette() {}

  /** At most {@code sample} distinct indices of {@code 0..n-1}, drawn without replacement from {@code seed}; sorted. */
  public static int[] indices(int n, int sample, long seed) {
    return PointSample.indices(n, sample, new SplittableRandom(seed));
  }

  /**
   * Mean silhouette of the points at {@code indices} under {@code labels}; NaN when the sample holds fewer than 2
   * clusters or no two of its points share one (the silhouette is undefined there).
   */
  public static double score(double[][] points, int[] labels, int[] indices) {
    double[][] sampled = new double[indices.length][];
    int[] sampledLabels = new int[indices.length];
    for (int i = 0; i < indices.length; i++) {
      sampled[i] = points[indices[i]];
      sampledLabels[i] = labels[indices[i]];
    }
    int[] codes = Arrays.stream(sampledLabels).distinct().sorted().toArray();
    if (codes.length < 2 || codes.length > indices.length - 1) return Double.NaN;
    int[] cluster = new int[indices.length];
    for (int i = 0; i < cluster.length; i++) cluster[i] = Arrays.binarySearch(codes, sampledLabels[i]);
    return SilhouetteCoefficient.mean(sampled, cluster, codes.length);
  }

  /** Silhouette over the clustered points only (label >= 0), on at most {@code sample} of them. */
  public static double scoreClustered(double[][] points, int[] labels, int sample, long seed) {
    int clustered = 0;
    for (int label : labels) if (label >= 0) clustered++;
    int[] members = new int[clustered];
    for (int i = 0, j = 0; i < labels.length; i++) if (labels[i] >= 0) members[j++] = i;
    int[] picked = indices(clustered, sample, seed);
    int[] chosen = new int[picked.length];
    for (int i = 0; i < picked.length; i++) chosen[i] = members[picked[i]];
    return score(points, labels, chosen);
  }
}
