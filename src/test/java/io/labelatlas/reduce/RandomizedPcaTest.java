package io.labelatlas.reduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RandomizedPcaTest {

  /** Rows with a planted spectrum: variance 100, 50, 20, 10, 5, then small isotropic noise. */
  static float[][] planted(int n, int d, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double[] scales = {10, 7.07, 4.47, 3.16, 2.24};
    double[][] axes = RandomizedPca.orthonormalRows(randomMatrix(scales.length, d, random));
    float[][] rows = new float[n][d];
    for (int i = 0; i < n; i++) {
      for (int a = 0; a < scales.length; a++) {
        double coefficient = scales[a] * gaussian(random);
        for (int j = 0; j < d; j++) rows[i][j] += (float) (coefficient * axes[a][j]);
      }
      for (int j = 0; j < d; j++) rows[i][j] += (float) (0.1 * gaussian(random) + 3.0);
    }
    return rows;
  }

  static double[][] randomMatrix(int r, int c, SplittableRandom random) {
    double[][] m = new double[r][c];
    for (double[] row : m) for (int j = 0; j < c; j++) row[j] = gaussian(random);
    return m;
  }

  static double gaussian(SplittableRandom random) {
    return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
  }

  /** Exact PCA by eigen-decomposing the full covariance: the reference, fine for small d. */
  static SymmetricEigen exactCovarianceEigen(float[][] rows) {
    int n = rows.length, d = rows[0].length;
    double[] mean = new double[d];
    for (float[] row : rows) for (int j = 0; j < d; j++) mean[j] += row[j] / (double) n;
    double[][] cov = new double[d][d];
    for (float[] row : rows) {
      for (int a = 0; a < d; a++) {
        for (int b = 0; b < d; b++) cov[a][b] += (row[a] - mean[a]) * (row[b] - mean[b]) / (n - 1);
      }
    }
    return SymmetricEigen.of(cov);
  }

  @Test
  void matchesExactPcaWhenTheSketchCoversAllDimensions() {
    float[][] rows = planted(300, 12, 1);
    RandomizedPca.Model model = RandomizedPca.fit(new InMemoryRowPasses(rows), 12, 5, 20, 0, 9);
    SymmetricEigen exact = exactCovarianceEigen(rows);
    for (int i = 0; i < 5; i++) {
      assertEquals(exact.values()[i], model.explainedVariance()[i], 1e-9 * exact.values()[0]);
      double dot = 0;
      for (int j = 0; j < 12; j++) dot += exact.vectors()[i][j] * model.components()[i][j];
      assertEquals(1.0, Math.abs(dot), 1e-9, "component " + i);
    }
  }

  @Test
  void powerIterationsRecoverTopComponentsOfWideData() {
    float[][] rows = planted(400, 300, 2);
    RandomizedPca.Model model = RandomizedPca.fit(new InMemoryRowPasses(rows), 300, 5, 10, 2, 3);
    SymmetricEigen exact = exactCovarianceEigen(rows);
    for (int i = 0; i < 5; i++) {
      assertEquals(exact.values()[i], model.explainedVariance()[i], 1e-3 * exact.values()[i], "variance " + i);
      double dot = 0;
      for (int j = 0; j < 300; j++) dot += exact.vectors()[i][j] * model.components()[i][j];
      assertEquals(1.0, Math.abs(dot), 1e-4, "component " + i);
    }
    double total = 0;
    for (double v : exact.values()) total += v;
    assertEquals(total, model.totalVariance(), 1e-6 * total);
  }

  @Test
  void projectionCentresAndIsOrthonormal() {
    float[][] rows = planted(200, 20, 4);
    RandomizedPca.Model model = RandomizedPca.fit(new InMemoryRowPasses(rows), 20, 4, 10, 1, 5);
    double[] sum = new double[4];
    for (float[] row : rows) {
      double[] p = model.project(row);
      for (int i = 0; i < 4; i++) sum[i] += p[i];
    }
    for (double s : sum) assertEquals(0, s / rows.length, 1e-4);
    for (int a = 0; a < 4; a++) {
      for (int b = 0; b < 4; b++) {
        double dot = 0;
        for (int j = 0; j < 20; j++) dot += model.components()[a][j] * model.components()[b][j];
        assertEquals(a == b ? 1 : 0, dot, 1e-9);
      }
    }
  }

  @Test
  void dimensionIsCappedByRankAndDegenerateInputIsRejected() {
    float[][] few = planted(4, 30, 6);
    RandomizedPca.Model model = RandomizedPca.fit(new InMemoryRowPasses(few), 30, 10, 5, 1, 1);
    assertEquals(3, model.dimension());
    float[][] constant = new float[10][8];
    assertThrows(IllegalArgumentException.class, () -> RandomizedPca.fit(new InMemoryRowPasses(constant), 8, 2, 2, 1, 1));
    assertThrows(IllegalArgumentException.class,
        () -> RandomizedPca.fit(new InMemoryRowPasses(new float[][] {{1, 2}}), 2, 1, 1, 1, 1));
  }

  @Test
  void sameSeedSameComponents() {
    float[][] rows = planted(150, 40, 8);
    RandomizedPca.Model a = RandomizedPca.fit(new InMemoryRowPasses(rows), 40, 3, 5, 2, 77);
    RandomizedPca.Model b = RandomizedPca.fit(new InMemoryRowPasses(rows), 40, 3, 5, 2, 77);
    for (int i = 0; i < 3; i++) assertTrue(java.util.Arrays.equals(a.components()[i], b.components()[i]));
  }

  /**
   * Values near 1e10 with spread in the thousands: sum of squares minus n * mean^2 cancels catastrophically (each
   * square is ~1e20, the deviations ~1e7), so the total variance must come from deviations about the mean.
   */
  @Test
  void totalVarianceStaysExactUnderAHugeOffset() {
    float[][] rows = planted(500, 6, 12);
    for (float[] row : rows) for (int j = 0; j < row.length; j++) row[j] = (float) (1e10 + 1000.0 * row[j]);
    SymmetricEigen exact = exactCovarianceEigen(rows);
    double total = 0;
    for (double v : exact.values()) total += v;
    RandomizedPca.Model model = RandomizedPca.fit(new InMemoryRowPasses(rows), 6, 3, 10, 1, 5);
    assertEquals(total, model.totalVariance(), 1e-9 * total);
    double[] ratio = model.explainedVarianceRatio();
    for (int i = 0; i < 3; i++) assertEquals(exact.values()[i] / total, ratio[i], 1e-6, "ratio of component " + i);

    // Partitions merged pairwise (as Spark's treeAggregate does) must agree with one pass over all rows.
    PartialSums left = new PartialSums(), right = new PartialSums();
    for (int i = 0; i < rows.length; i++) (i < 137 ? left : right).addMoments(rows[i]);
    RowPasses.ColumnMoments merged = left.merge(right).moments();
    RowPasses.ColumnMoments whole = new InMemoryRowPasses(rows).moments();
    for (int j = 0; j < 6; j++) {
      assertEquals(whole.squaredDeviations()[j], merged.squaredDeviations()[j], 1e-9 * whole.squaredDeviations()[j]);
    }
  }

  @Test
  void jacobiEigenSolvesAKnownMatrix() {
    SymmetricEigen eigen = SymmetricEigen.of(new double[][] {{2, 1, 0}, {1, 2, 0}, {0, 0, 5}});
    assertEquals(5, eigen.values()[0], 1e-12);
    assertEquals(3, eigen.values()[1], 1e-12);
    assertEquals(1, eigen.values()[2], 1e-12);
    assertEquals(1 / Math.sqrt(2), Math.abs(eigen.vectors()[1][0]), 1e-12);
  }
}
