package io.labelatlas.cluster.dbscan;

import io.labelatlas.geometry.KthNeighbourDistance;
import java.util.Arrays;

/**
 * The k-distance plot for choosing DBSCAN's {@code eps} (Ester et al. 1996, Sec. 4.2) and a knee on it.
 *
 * <p>The k-distance of a point is its distance to its k-th nearest neighbour where <em>the point itself counts as its
 * first neighbour</em> (distance 0), which is scikit-learn's {@code NearestNeighbors(n_neighbors=k).fit(X)
 * .kneighbors(X)[0][:, k - 1]}, and HDBSCAN*'s core distance: both are {@link KthNeighbourDistance}. With it, {@code k} is DBSCAN's
 * {@code minSamples}: a point is core for {@code Dbscan.fit(points, eps, k)} iff its k-distance is {@code <= eps}
 * (up to the last bit: DBSCAN compares squared distances). {@code k = 1} gives all zeros.
 */
public final class KDistanceCurve {
  private KDistanceCurve() {}

  /** Each point's k-distance, sorted descending, ready to plot against rank. */
  public static double[] compute(double[][] points, int k) {
    double[] curve = perPoint(points, k);
    Arrays.sort(curve);
    for (int i = 0, j = curve.length - 1; i < j; i++, j--) {
      double t = curve[i];
      curve[i] = curve[j];
      curve[j] = t;
    }
    return curve;
  }

  /** Each point's k-distance in input order, after checking the points and k. Brute force, O(n^2 d) time. */
  public static double[] perPoint(double[][] points, int k) {
    PointValidation.requirePoints(points);
    int n = points.length;
    if (k < 1 || k > n) {
      throw new IllegalArgumentException("'k' must be in [1, " + n + "] (the point counts as its own neighbour), got " + k);
    }
    return KthNeighbourDistance.perPoint(points, k);
  }

  /**
   * An {@code eps} suggestion at the knee of a descending k-distance curve, Kneedle-style (Satopaa, Albrecht, Irwin,
   * Raghavan 2011): rank and value are both scaled to [0, 1], and the knee is the point farthest below the chord from
   * the first to the last point. Returns that point's k-distance; ties go to the lowest rank, so the result is
   * deterministic. A curve with no point strictly below the chord (straight or concave, or fewer than three points, or
   * flat) has no knee, and the median k-distance is returned instead.
   *
   * @param sorted a curve as returned by {@link #compute}: non-empty, finite, non-increasing
   */
  public static double kneeEps(double[] sorted) {
    if (sorted == null || sorted.length == 0) {
      throw new IllegalArgumentException("'sorted' must hold at least one value");
    }
    for (int i = 0; i < sorted.length; i++) {
      if (!Double.isFinite(sorted[i])) {
        throw new IllegalArgumentException("'sorted' value " + i + " is " + sorted[i]);
      }
      if (i > 0 && sorted[i] > sorted[i - 1]) {
        throw new IllegalArgumentException("'sorted' must be non-increasing, but value " + i + " = " + sorted[i]
            + " > value " + (i - 1) + " = " + sorted[i - 1]);
      }
    }
    int n = sorted.length;
    double top = sorted[0];
    double range = top - sorted[n - 1];
    int best = -1;
    double bestGap = 0;
    if (n >= 3 && range > 0) {
      // Scaled, the chord runs from (0, 1) to (1, 0): x + y = 1, and 1 - x - y is proportional to the distance below it.
      for (int i = 1; i < n - 1; i++) {
        double x = (double) i / (n - 1);
        double y = (sorted[i] - sorted[n - 1]) / range;
        double gap = 1 - x - y;
        if (gap > bestGap) {
          bestGap = gap;
          best = i;
        }
      }
    }
    return best >= 0 ? sorted[best] : sorted[n / 2];
  }
}
