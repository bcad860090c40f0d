package io.labelatlas.reduce;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Principal components by randomized subspace iteration (Halko, Martinsson and Tropp 2011, Algorithms 4.4 and 5.1),
 * on implicitly mean-centred rows. Memory is O(l x d) for l = k + oversample, never d x d: MLlib's {@code PCA} builds
 * a d x d covariance on the driver, which for 26,244-wide HOG vectors is 5.5 GB. Each power iteration is one pass.
 */
public final class RandomizedPca {
  private RandomizedPca() {}

  /**
   * A fitted projection: {@code components()[i]} is the i-th principal axis (unit length, length d). A plain class,
   * not a record, because Spark broadcasts it and Kryo cannot serialize records.
   */
  public static final class Model implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private final double[] mean;
    private final double[][] components;
    private final double[] explainedVariance;
    private final double totalVariance;
    private final long count;

    public Model(double[] mean, double[][] components, double[] explainedVariance, double totalVariance, long count) {
      this.mean = mean;
      this.components = components;
      this.explainedVariance = explainedVariance;
      this.totalVariance = totalVariance;
      this.count = count;
    }

    public double[] mean() {
      return mean;
    }

    public double[][] components() {
      return components;
    }

    public double[] explainedVariance() {
      return explainedVariance;
    }

    public double totalVariance() {
      return totalVariance;
    }

    public long count() {
      return count;
    }

    public int dimension() {
      return components.length;
    }

    public double[] explainedVarianceRatio() {
      double[] ratio = new double[explainedVariance.length];
      for (int i = 0; i < ratio.length; i++) ratio[i] = totalVariance > 0 ? explainedVariance[i] / totalVariance : 0;
      return ratio;
    }

    public double[] project(float[] row) {
      double[] out = new double[components.length];
      for (int i = 0; i < components.length; i++) {
        double[] axis = components[i];
        double dot = 0;
        for (int j = 0; j < axis.length; j++) dot += (row[j] - mean[j]) * axis[j];
        out[i] = dot;
      }
      return out;
    }
  }

  public static Model fit(RowPasses data, int dimension, int k, int oversample, int powerIterations, long seed) {
    return fit(data, dimension, k, oversample, powerIterations, seed, message -> { });
  }

  /** As above, reporting each finished pass over the data ("pass 2/4 ...") to {@code progress}. */
  public static Model fit(RowPasses data, int dimension, int k, int oversample, int powerIterations, long seed,
      java.util.function.Consumer<String> progress) {
    long start = System.nanoTime();
    int passes = powerIterations + 2;
    if (k < 1) throw new IllegalArgumentException("reduce.dimension must be >= 1, got " + k);
    RowPasses.ColumnMoments moments = data.moments();
    long n = moments.count();
    progress.accept(String.format(java.util.Locale.ROOT, "pass 1/%d (column means) done, %.1fs", passes,
        (System.nanoTime() - start) / 1e9));
    if (n < 2) throw new IllegalArgumentException("PCA needs at least 2 rows, got " + n);
    int d = dimension;
    double[] mean = new double[d];
    double total = 0;
    for (int j = 0; j < d; j++) {
      mean[j] = moments.sum()[j] / n;
      total += moments.squaredDeviations()[j] / (n - 1);
    }
    int rank = (int) Math.min(Math.min(k, d), n - 1);
    int l = (int) Math.min(Math.min((long) rank + oversample, d), n);

    SplittableRandom random = new SplittableRandom(seed);
    double[][] z = new double[l][d];
    for (double[] row : z) {
      for (int j = 0; j < d; j++) row[j] = gaussian(random);
    }
    z = orthonormalRows(z);

    double[][] basisTimesData = null;
    for (int iteration = 0; iteration <= powerIterations; iteration++) {
      RowPasses.GramAndCross pass = data.gramAndCross(mean, z);
      progress.accept(String.format(java.util.Locale.ROOT, "pass %d/%d (subspace iteration) done, %.1fs",
          iteration + 2, passes, (System.nanoTime() - start) / 1e9));
      // Q = Y U diag(1/sqrt(lambda)) orthonormalises Y = A Z^T; then Q^T A = diag(1/sqrt(lambda)) U^T H.
      SymmetricEigen gram = SymmetricEigen.of(pass.gram());
      double largest = Math.max(gram.values()[0], 0);
      List<double[]> rows = new ArrayList<>();
      for (int i = 0; i < gram.values().length; i++) {
        double lambda = gram.values()[i];
        if (!(lambda > 1e-12 * largest) || lambda <= 0) break;
        double[] row = new double[d];
        double scale = 1.0 / Math.sqrt(lambda);
        double[] u = gram.vectors()[i];
        for (int m = 0; m < u.length; m++) {
          double w = u[m] * scale;
          if (w == 0) continue;
          double[] h = pass.cross()[m];
          for (int j = 0; j < d; j++) row[j] += w * h[j];
        }
        rows.add(row);
      }
      if (rows.isEmpty()) throw new IllegalArgumentException("PCA input has zero variance: all rows are equal");
      basisTimesData = rows.toArray(double[][]::new);
      if (iteration < powerIterations) z = orthonormalRows(basisTimesData);
    }

    // B = Q^T A (l' x d). B B^T = E S^2 E^T gives the right singular vectors V^T = S^-1 E^T B.
    double[][] b = basisTimesData;
    int lp = b.length;
    double[][] bbt = new double[lp][lp];
    for (int i = 0; i < lp; i++) {
      for (int m = i; m < lp; m++) {
        double dot = 0;
        for (int j = 0; j < d; j++) dot += b[i][j] * b[m][j];
        bbt[i][m] = dot;
        bbt[m][i] = dot;
      }
    }
    SymmetricEigen small = SymmetricEigen.of(bbt);
    int kept = Math.min(rank, lp);
    double[][] components = new double[kept][d];
    double[] explained = new double[kept];
    for (int i = 0; i < kept; i++) {
      double sigmaSquared = Math.max(small.values()[i], 0);
      explained[i] = sigmaSquared / (n - 1);
      double inv = sigmaSquared > 0 ? 1.0 / Math.sqrt(sigmaSquared) : 0;
      double[] e = small.vectors()[i];
      for (int m = 0; m < lp; m++) {
        double w = e[m] * inv;
        for (int j = 0; j < d; j++) components[i][j] += w * b[m][j];
      }
      normalise(components[i]);
      fixSign(components[i]);
    }
    return new Model(mean, components, explained, total, n);
  }

  private static double gaussian(SplittableRandom random) {
    double u1 = random.nextDouble(), u2 = random.nextDouble();
    return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
  }

  /** Modified Gram-Schmidt twice ("twice is enough", Giraud et al. 2005); drops rows that become numerically zero. */
  static double[][] orthonormalRows(double[][] rows) {
    List<double[]> basis = new ArrayList<>();
    for (double[] original : rows) {
      double[] v = original.clone();
      double before = norm(v);
      for (int pass = 0; pass < 2; pass++) {
        for (double[] q : basis) {
          double dot = 0;
          for (int j = 0; j < v.length; j++) dot += q[j] * v[j];
          for (int j = 0; j < v.length; j++) v[j] -= dot * q[j];
        }
      }
      double after = norm(v);
      if (after > 1e-10 * Math.max(before, Double.MIN_NORMAL)) {
        for (int j = 0; j < v.length; j++) v[j] /= after;
        basis.add(v);
      }
    }
    return basis.toArray(double[][]::new);
  }

  private static double norm(double[] v) {
    double s = 0;
    for (double x : v) s += x * x;
    return Math.sqrt(s);
  }

  private static void normalise(double[] v) {
    double n = norm(v);
    if (n > 0) for (int j = 0; j < v.length; j++) v[j] /= n;
  }

  /** Deterministic sign: the coordinate of largest magnitude is positive (as scikit-learn's svd_flip does per axis). */
  private static void fixSign(double[] v) {
    int arg = 0;
    for (int j = 1; j < v.length; j++) if (Math.abs(v[j]) > Math.abs(v[arg])) arg = j;
    if (v[arg] < 0) for (int j = 0; j < v.length; j++) v[j] = -v[j];
  }
}
