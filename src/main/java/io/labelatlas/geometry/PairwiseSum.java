package io.labelatlas.geometry;

import java.util.Arrays;

/**
 * The sum numpy's {@code np.sum} computes for a contiguous float64 array: pairwise, with an eight-way unrolled base
 * case (numpy {@code pairwise_sum_DOUBLE}). Summing in the same order keeps means and entropies bit-identical to
 * scikit-learn's, which matters where sklearn compares them exactly (MI == 0, H == 0) and where two of our own
 * computations of one metric must agree to the bit.
 */
public final class PairwiseSum {
  private PairwiseSum() {}

  public static double of(double[] values) {
    return sum(values, 0, values.length);
  }

  private static double sum(double[] a, int from, int length) {
    if (length < 8) {
      double sum = 0.0;
      for (int i = from; i < from + length; i++) sum += a[i];
      return sum;
    }
    if (length <= 128) {
      double[] r = Arrays.copyOfRange(a, from, from + 8);
      int i = 8;
      for (; i < length - length % 8; i += 8) {
        for (int k = 0; k < 8; k++) r[k] += a[from + i + k];
      }
      double sum = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
      for (; i < length; i++) sum += a[from + i];
      return sum;
    }
    int half = length / 2;
    half -= half % 8;
    return sum(a, from, half) + sum(a, from + half, length - half);
  }
}
