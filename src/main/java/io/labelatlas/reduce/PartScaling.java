package io.labelatlas.reduce;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Puts the parts of a concatenated embedding (layers of one backbone, or several backbones) on an equal footing before
 * PCA: every column is centred and divided by its standard deviation, then by the square root of the number of
 * non-constant columns in its part, so each part contributes a total variance of one whatever its width or scale (a
 * 1,280-wide layer would otherwise outweigh a 24-wide one, and a layer of large activations a layer of small ones).
 * Constant columns (dead channels) get weight zero and do not dilute their part.
 */
public final class PartScaling implements Serializable {
  private static final long serialVersionUID = 1L;
  private final double[] mean;
  private final double[] scale;

  private PartScaling(double[] mean, double[] scale) {
    this.mean = mean;
    this.scale = scale;
  }

  /**
   * @param moments column sums and squared deviations of the whole data set ({@link RowPasses#moments()})
   * @param widths the parts' widths in column order; they must sum to the vectors' length
   */
  public static PartScaling fit(RowPasses.ColumnMoments moments, int[] widths) {
    int d = moments.sum().length;
    if (Arrays.stream(widths).sum() != d) {
      throw new IllegalArgumentException("part widths " + Arrays.toString(widths) + " do not sum to the vectors' "
          + d + " columns");
    }
    long n = moments.count();
    if (n < 2) throw new IllegalArgumentException("standardising needs at least 2 rows, got " + n);
    double[] mean = new double[d];
    double[] scale = new double[d];
    int start = 0;
    for (int width : widths) {
      int live = 0;
      for (int j = start; j < start + width; j++) {
        mean[j] = moments.sum()[j] / n;
        if (moments.squaredDeviations()[j] > 0) live++;
      }
      double partWeight = live == 0 ? 0 : 1 / Math.sqrt(live);
      for (int j = start; j < start + width; j++) {
        double sd = Math.sqrt(moments.squaredDeviations()[j] / (n - 1));
        scale[j] = sd > 0 ? partWeight / sd : 0;
      }
      start += width;
    }
    return new PartScaling(mean, scale);
  }

  public float[] apply(float[] row) {
    float[] out = new float[row.length];
    for (int j = 0; j < row.length; j++) out[j] = (float) ((row[j] - mean[j]) * scale[j]);
    return out;
  }
}
