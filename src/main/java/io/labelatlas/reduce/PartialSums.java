package io.labelatlas.reduce;

import java.io.Serializable;

/**
 * Running sums for one partition of rows, merged across partitions: the only state a PCA pass keeps, O(l x d).
 * Arrays are allocated on the first row so an empty partition ships nothing. Column variance is kept as the sum of
 * squared deviations from the running mean (Welford 1962), merged across partitions with Chan, Golub and LeVeque's
 * pairwise update: sum of squares minus n * mean^2 cancels catastrophically when the mean is large against the spread.
 */
public final class PartialSums implements Serializable {
  private static final long serialVersionUID = 1L;
  private long count;
  private double[] sum;
  private double[] squaredDeviations;
  private double[][] gram;
  private double[][] cross;

  public PartialSums addMoments(float[] row) {
    if (sum == null) {
      sum = new double[row.length];
      squaredDeviations = new double[row.length];
    } else if (row.length != sum.length) {
      throw new IllegalArgumentException("rows of different length: " + sum.length + " and " + row.length);
    }
    // The mean comes from the plain sum (so it is the same as sum / n), the deviations are Welford's update.
    double before = count == 0 ? 0 : 1.0 / count;
    count++;
    double after = 1.0 / count;
    for (int j = 0; j < row.length; j++) {
      double x = row[j];
      double deviationBefore = x - sum[j] * before;
      sum[j] += x;
      squaredDeviations[j] += deviationBefore * (x - sum[j] * after);
    }
    return this;
  }

  public PartialSums addGramAndCross(float[] row, double[] mean, double[][] z) {
    int l = z.length, d = mean.length;
    if (row.length != d) throw new IllegalArgumentException("row of length " + row.length + ", expected " + d);
    if (gram == null) {
      gram = new double[l][l];
      cross = new double[l][d];
    }
    count++;
    double[] centred = new double[d];
    for (int j = 0; j < d; j++) centred[j] = row[j] - mean[j];
    double[] y = new double[l];
    for (int i = 0; i < l; i++) {
      double[] zi = z[i];
      double dot = 0;
      for (int j = 0; j < d; j++) dot += zi[j] * centred[j];
      y[i] = dot;
    }
    for (int i = 0; i < l; i++) {
      double yi = y[i];
      double[] gi = gram[i];
      for (int m = 0; m < l; m++) gi[m] += yi * y[m];
      double[] hi = cross[i];
      for (int j = 0; j < d; j++) hi[j] += yi * centred[j];
    }
    return this;
  }

  public PartialSums merge(PartialSums other) {
    if (other.count == 0) return this;
    if (count == 0) return other;
    if (sum != null && other.sum != null) {
      double weight = (double) count * other.count / (count + other.count);
      for (int j = 0; j < sum.length; j++) {
        double delta = other.sum[j] / other.count - sum[j] / count;
        squaredDeviations[j] += other.squaredDeviations[j] + delta * delta * weight;
      }
      add(sum, other.sum);
    }
    count += other.count;
    if (gram != null && other.gram != null) {
      for (int i = 0; i < gram.length; i++) {
        add(gram[i], other.gram[i]);
        add(cross[i], other.cross[i]);
      }
    }
    return this;
  }

  private static void add(double[] into, double[] from) {
    for (int j = 0; j < into.length; j++) into[j] += from[j];
  }

  public RowPasses.ColumnMoments moments() {
    if (count == 0) throw new IllegalArgumentException("PCA input is empty");
    return new RowPasses.ColumnMoments(count, sum, squaredDeviations);
  }

  public RowPasses.GramAndCross gramAndCross(int l, int d) {
    if (gram == null) return new RowPasses.GramAndCross(new double[l][l], new double[l][d]);
    return new RowPasses.GramAndCross(gram, cross);
  }
}
