package io.labelatlas.evaluate;

import io.labelatlas.geometry.SilhouetteCoefficient;
import java.util.Arrays;

/**
 * Exact silhouette coefficient with Euclidean distances (Rousseeuw, "Silhouettes: a graphical aid to the
 * interpretation and validation of cluster analysis", J. Comput. Appl. Math. 20, 1987), equal to scikit-learn's
 * {@code silhouette_samples} / {@code silhouette_score(X, labels, metric='euclidean')}: a sample alone in its cluster
 * scores 0. This class checks the input and raises scikit-learn's errors; the kernel, shared with the automatic
 * choice of k, is {@link SilhouetteCoefficient}: O(n^2 d) time, O(n k) memory for k clusters.
 */
public final class Silhouette {
  private Silhouette() {}

  /** Mean silhouette over all samples. */
  public static double score(double[][] points, int[] labels) {
    int[] cluster = check(points, labels);
    return SilhouetteCoefficient.mean(points, cluster, clusterCount(cluster));
  }

  /** Silhouette of each sample: (b - a) / max(a, b), a the mean distance within its cluster, b to the nearest other. */
  public static double[] samples(double[][] points, int[] labels) {
    int[] cluster = check(points, labels);
    return SilhouetteCoefficient.samples(points, cluster, clusterCount(cluster));
  }

  /** Each point's cluster as an index into the distinct labels, ascending, after checking the input. */
  private static int[] check(double[][] points, int[] labels) {
    int d = LabelledPoints.check(points, labels, "silhouette");
    int n = points.length;
    if ((long) n * d > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("too many coordinates for one array: " + n + " points x " + d);
    }
    return LabelledPoints.clusterIndices(labels);
  }

  private static int clusterCount(int[] cluster) {
    return Arrays.stream(cluster).max().getAsInt() + 1;
  }
}
