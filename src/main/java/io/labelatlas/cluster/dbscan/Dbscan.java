package io.labelatlas.cluster.dbscan;

import io.labelatlas.geometry.Euclidean;
import java.util.Arrays;

/**
 * DBSCAN (Ester, Kriegel, Sander, Xu 1996) over Euclidean points, reproducing scikit-learn 1.2's
 * {@code DBSCAN(eps, min_samples).fit(X)} label for label, numbers included.
 *
 * <p>Semantics follow {@code sklearn/cluster/_dbscan.py} and {@code _dbscan_inner.pyx}:
 * <ul>
 *   <li>the neighbourhood of a point is every point at distance {@code <= eps}, the point itself included, so a point
 *       is core when that count is {@code >= minSamples} ({@code minSamples = 1} makes every point core);</li>
 *   <li>the points are scanned in index order; each unlabelled core point starts cluster {@code 0, 1, 2, ...} and a
 *       depth-first expansion labels everything density-reachable from it before the scan moves on;</li>
 *   <li>a border point (non-core, within {@code eps} of a core point) keeps the label of the first cluster that
 *       reaches it, that is the lowest-numbered cluster holding a core point within {@code eps} of it. Because each
 *       cluster is expanded completely before the next starts, the order of neighbours inside the expansion does not
 *       change any label, only the order in which they are written.</li>
 * </ul>
 *
 * <p>Distances are compared squared ({@code sum of squares <= eps * eps}), as scikit-learn's KD-tree (the
 * {@code algorithm='auto'} choice for these inputs) does, so pairs within rounding of {@code eps} fall the same way.
 *
 * <p>Brute force: O(n^2 d) time, O(n) extra memory. Neighbourhoods are recomputed rather than stored: one pass counts
 * them, and each core point's neighbourhood is recomputed once when the expansion reaches it.
 */
public final class Dbscan {
  private Dbscan() {}

  public static DbscanLabels fit(double[][] points, double eps, int minSamples) {
    PointValidation.requirePoints(points);
    if (!Double.isFinite(eps) || eps <= 0) {
      throw new IllegalArgumentException("'eps' must be finite and > 0, got " + eps);
    }
    if (minSamples < 1) {
      throw new IllegalArgumentException("'minSamples' must be >= 1, got " + minSamples);
    }
    int n = points.length;
    double eps2 = eps * eps;

    boolean[] core = new boolean[n];
    for (int i = 0; i < n; i++) {
      int count = 0;
      for (int j = 0; j < n && count < minSamples; j++) {
        if (Euclidean.squared(points[i], points[j]) <= eps2) {
          count++;
        }
      }
      core[i] = count >= minSamples;
    }

    int[] labels = new int[n];
    Arrays.fill(labels, DbscanLabels.NOISE);
    // A point is labelled when pushed rather than when popped (as scikit-learn does): every point pushed during one
    // expansion gets that expansion's label either way, and labelling early keeps the stack free of duplicates.
    int[] stack = new int[n];
    int clusters = 0;
    for (int seed = 0; seed < n; seed++) {
      if (labels[seed] != DbscanLabels.NOISE || !core[seed]) {
        continue;
      }
      int label = clusters++;
      labels[seed] = label;
      int top = 0;
      stack[top++] = seed;
      while (top > 0) {
        int p = stack[--top];
        if (!core[p]) {
          continue;
        }
        for (int q = 0; q < n; q++) {
          if (labels[q] == DbscanLabels.NOISE && Euclidean.squared(points[p], points[q]) <= eps2) {
            labels[q] = label;
            stack[top++] = q;
          }
        }
      }
    }
    return new DbscanLabels(labels, core, clusters);
  }
}
