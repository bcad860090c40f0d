package io.labelatlas.reduce;

/**
 * Eigen-decomposition of a small dense symmetric matrix by the cyclic Jacobi method (Golub and Van Loan, Matrix
 * Computations, 8.5). Exact to rounding and simple; meant for the l x l Gram matrices of randomized PCA (l ~ 10..1000).
 */
public record SymmetricEigen(double[] values, double[][] vectors) {

  /** Eigenvalues in descending order; {@code vectors[i]} is the unit eigenvector of {@code values[i]}. */
  public static SymmetricEigen of(double[][] symmetric) {
    int n = symmetric.length;
    double[][] a = new double[n][];
    for (int i = 0; i < n; i++) {
      if (symmetric[i].length != n) throw new IllegalArgumentException("matrix is not square");
      a[i] = symmetric[i].clone();
    }
    double[][] v = new double[n][n];
    for (int i = 0; i < n; i++) v[i][i] = 1.0;

    for (int sweep = 0; sweep < 100; sweep++) {
      double off = 0, diag = 0;
      for (int i = 0; i < n; i++) {
        diag += a[i][i] * a[i][i];
        for (int j = i + 1; j < n; j++) off += a[i][j] * a[i][j];
      }
      if (off <= 1e-30 * Math.max(diag, Double.MIN_NORMAL)) break;
      for (int p = 0; p < n - 1; p++) {
        for (int q = p + 1; q < n; q++) {
          double apq = a[p][q];
          if (apq == 0.0) continue;
          double theta = (a[q][q] - a[p][p]) / (2.0 * apq);
          double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1.0));
          if (theta == 0.0) t = 1.0;
          double c = 1.0 / Math.sqrt(t * t + 1.0);
          double s = t * c;
          for (int k = 0; k < n; k++) {
            double akp = a[k][p], akq = a[k][q];
            a[k][p] = c * akp - s * akq;
            a[k][q] = s * akp + c * akq;
          }
          for (int k = 0; k < n; k++) {
            double apk = a[p][k], aqk = a[q][k];
            a[p][k] = c * apk - s * aqk;
            a[q][k] = s * apk + c * aqk;
          }
          for (int k = 0; k < n; k++) {
            double vkp = v[k][p], vkq = v[k][q];
            v[k][p] = c * vkp - s * vkq;
            v[k][q] = s * vkp + c * vkq;
          }
        }
      }
    }
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) order[i] = i;
    java.util.Arrays.sort(order, (x, y) -> Double.compare(a[y][y], a[x][x]));
    double[] values = new double[n];
    double[][] vectors = new double[n][n];
    for (int i = 0; i < n; i++) {
      int col = order[i];
      values[i] = a[col][col];
      for (int k = 0; k < n; k++) vectors[i][k] = v[k][col];
    }
    return new SymmetricEigen(values, vectors);
  }
}
