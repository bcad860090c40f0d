package io.labelatlas.geometry;

/**
 * The exact silhouette coefficient with Euclidean distances (Rousseeuw, "Silhouettes: a graphical aid to the
 * interpretation and validation of cluster analysis", J. Comput. Appl. Math. 20, 1987), as scikit-learn's
 * {@code silhouette_samples} / {@code silhouette_score(X, labels, metric='euclidean')}: a sample alone in its cluster
 * scores 0. The kernel behind the evaluation metric ({@code evaluate.Silhouette}, which checks the input) and the
 * automatic choice of k ({@code cluster.auto.SampledSilhouette}), so both score a clustering to the same bit.
 *
 * <p>Each pair distance is computed once and added to both samples' per-cluster sums, so time is O(n^2 d) and memory
 * O(n k) for k clusters, never an n x n matrix.
 */
public final class SilhouetteCoefficient {
  private SilhouetteCoefficient() {}

  /** Mean silhouette over all samples, summed as numpy does. */
  public static double mean(double[][] points, int[] cluster, int clusters) {
    double[] samples = samples(points, cluster, clusters);
    return PairwiseSum.of(samples) / samples.length;
  }

  /**
   * Silhouette of each sample: (b - a) / max(a, b), a the mean distance within its cluster, b to the nearest other.
   *
   * @param points finite rows of one length, not checked
   * @param cluster each point's cluster, in {@code 0 .. clusters - 1}
   * @param clusters the number of clusters, 2 to n - 1
   */
  public static double[] samples(double[][] points, int[] cluster, int clusters) {
    int n = points.length;
    int d = points[0].length;
    int k = clusters;
    int[] size = new int[k];
    for (int i = 0; i < n; i++) size[cluster[i]]++;
    double[] x = new double[Math.multiplyExact(n, d)];
    for (int i = 0; i < n; i++) System.arraycopy(points[i], 0, x, i * d, d);

    // sums[i * k + c]: total distance from sample i to the samples of cluster c.
    double[] sums = new double[Math.multiplyExact(n, k)];
    for (int i = 0; i < n; i++) {
      int rowI = i * d;
      int sumsI = i * k;
      int clusterI = cluster[i];
      for (int j = i + 1; j < n; j++) {
        double distance = Math.sqrt(Euclidean.squaredFourLanes(x, rowI, j * d, d));
        sums[sumsI + cluster[j]] += distance;
        sums[j * k + clusterI] += distance;
      }
    }

    double[] silhouette = new double[n];
    for (int i = 0; i < n; i++) {
      int own = cluster[i];
      if (size[own] == 1) continue; // sklearn: 0/0 for a singleton, mapped to 0
      double a = sums[i * k + own] / (size[own] - 1);
      double b = Double.POSITIVE_INFINITY;
      for (int c = 0; c < k; c++) {
        if (c != own) b = Math.min(b, sums[i * k + c] / size[c]);
      }
      double s = (b - a) / Math.max(a, b);
      silhouette[i] = Double.isNaN(s) ? 0.0 : s; // a = b = 0: coincident points
    }
    return silhouette;
  }
}
