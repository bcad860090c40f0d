package io.labelatlas.cluster.auto;

import java.util.Locale;

/**
 * Which Gaussian mixtures with full covariances the data can support, for GMM's {@code k: auto}. BIC alone cannot see
 * it: a component whose covariance is singular has an unbounded likelihood, so on a small set (83 crops of 4 classes
 * in 10 dimensions) BIC kept falling to the top of the range.
 *
 * <p>The rule: m points in d dimensions span at most m - 1 of them, so a full covariance is non-singular only if its
 * component holds at least d + 1 points. Before fitting, a k with {@code n < k (d + 1)} is rejected (no mixture of k
 * such components fits in n points). After fitting, a k is rejected when a component's weight times n is below d + 1,
 * or its covariance is numerically singular (smallest eigenvalue below {@link #MIN_EIGENVALUE_RATIO} of the largest).
 * The stricter "as many points per component as parameters" ({@code d(d+1)/2 + d + 1} = 66 at d = 10) is not used: it
 * would forbid every k above 1 at n = 83, where 4 well-separated classes are a fair request.
 */
public final class GmmSupport {
  private GmmSupport() {}

  /**
   * Below this ratio of smallest to largest eigenvalue (a standard deviation 1000 times smaller along one direction
   * than along another) a component is treated as collapsed onto a subspace.
   */
  public static final double MIN_EIGENVALUE_RATIO = 1e-6;

  /** The rule, once, for the evidence. */
  public static String rule(int dimension) {
    return "a k is rejected when n < k(d + 1) or a fitted component holds < d + 1 = " + (dimension + 1)
        + " points or has a singular covariance (a full covariance needs d + 1 points; BIC cannot see a singular one)";
  }

  /** Why n points cannot hold k components with full covariances in {@code dimension} dims; null when they can. */
  public static String unsupported(int k, int dimension, long n) {
    long needed = (long) k * (dimension + 1);
    return n >= needed ? null : "n < k(d + 1) = " + needed;
  }

  /**
   * Why a fitted mixture is degenerate; null when it is not.
   *
   * @param weights mixing weights, summing to 1
   * @param covariances one symmetric d x d matrix per component
   * @param n points the mixture was fitted to
   */
  public static String degenerate(double[] weights, double[][][] covariances, long n) {
    for (int c = 0; c < weights.length; c++) {
      int d = covariances[c].length;
      double points = weights[c] * n;
      if (points < d + 1) {
        return String.format(Locale.ROOT, "component %d holds %.1f < d + 1 points", c, points);
      }
      double[] eigenvalues = eigenvalues(covariances[c]);
      double largest = 0;
      double smallest = Double.POSITIVE_INFINITY;
      for (double e : eigenvalues) {
        largest = Math.max(largest, e);
        smallest = Math.min(smallest, e);
      }
      if (!(largest > 0) || !(smallest >= MIN_EIGENVALUE_RATIO * largest)) {
        return String.format(Locale.ROOT, "component %d covariance singular (eigenvalues %.2g..%.2g)", c, smallest,
            largest);
      }
    }
    return null;
  }

  /** Eigenvalues of a symmetric matrix by cyclic Jacobi rotations (d is GMM's few leading dimensions). */
  static double[] eigenvalues(double[][] symmetric) {
    int d = symmetric.length;
    double[][] a = new double[d][];
    for (int i = 0; i < d; i++) a[i] = symmetric[i].clone();
    for (int sweep = 0; sweep < 100; sweep++) {
      double off = 0;
      double scale = 0;
      for (int i = 0; i < d; i++) {
        scale += a[i][i] * a[i][i];
        for (int j = i + 1; j < d; j++) off += a[i][j] * a[i][j];
      }
      if (off <= 1e-30 * scale || off == 0) break;
      for (int p = 0; p < d; p++) {
        for (int q = p + 1; q < d; q++) {
          if (a[p][q] == 0) continue;
          double theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
          double t = Math.signum(theta == 0 ? 1 : theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
          double cos = 1 / Math.sqrt(t * t + 1);
          double sin = t * cos;
          for (int r = 0; r < d; r++) {
            double rp = a[r][p];
            double rq = a[r][q];
            a[r][p] = cos * rp - sin * rq;
            a[r][q] = sin * rp + cos * rq;
          }
          for (int r = 0; r < d; r++) {
            double pr = a[p][r];
            double qr = a[q][r];
            a[p][r] = cos * pr - sin * qr;
            a[q][r] = sin * pr + cos * qr;
          }
        }
      }
    }
    double[] values = new double[d];
    for (int i = 0; i < d; i++) values[i] = a[i][i];
    return values;
  }
}
