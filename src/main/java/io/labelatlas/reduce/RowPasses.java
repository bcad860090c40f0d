package io.labelatlas.reduce;

/**
 * The passes over the data that randomized PCA needs, each returning only small results (d or l x d numbers), so the
 * data itself can stay distributed. {@link RandomizedPca} holds the maths; implementations hold the data.
 */
public interface RowPasses {
  /** Per-column sums and sums of squared deviations from the column mean, and the row count. */
  ColumnMoments moments();

  /**
   * With Y = (X - mean) Z^T for the l rows of {@code z} (each of length d): returns G = Y^T Y (l x l) and
   * H = Y^T (X - mean) (l x d).
   */
  GramAndCross gramAndCross(double[] mean, double[][] z);

  record ColumnMoments(long count, double[] sum, double[] squaredDeviations) {}

  record GramAndCross(double[][] gram, double[][] cross) {}
}
