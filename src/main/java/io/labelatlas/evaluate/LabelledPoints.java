package io.labelatlas.evaluate;

/** Input checks shared by the metrics that take points and one label per point. */
final class LabelledPoints {
  private LabelledPoints() {}

  /** Returns the dimension after checking shapes and values; {@code metric} names the caller in messages. */
  static int check(double[][] points, int[] labels, String metric) {
    if (points == null || labels == null) throw new IllegalArgumentException(metric + ": points and labels are null");
    int n = points.length;
    if (labels.length != n) {
      throw new IllegalArgumentException(metric + ": inconsistent numbers of samples: " + n + " points, "
          + labels.length + " labels");
    }
    if (n == 0) throw new IllegalArgumentException(metric + ": no points");
    if (points[0] == null || points[0].length == 0) {
      throw new IllegalArgumentException(metric + ": points must have at least one coordinate");
    }
    int d = points[0].length;
    for (int i = 0; i < n; i++) {
      if (points[i] == null || points[i].length != d) {
        throw new IllegalArgumentException(metric + ": point " + i + " has "
            + (points[i] == null ? "no" : points[i].length) + " coordinates, point 0 has " + d);
      }
      for (int t = 0; t < d; t++) {
        if (!Double.isFinite(points[i][t])) {
          throw new IllegalArgumentException(metric + ": input contains NaN or infinity: point " + i + ", coordinate "
              + t + " is " + points[i][t]);
        }
      }
    }
    return d;
  }

  static double distance(double[] a, double[] b) {
    double sum = 0;
    for (int t = 0; t < a.length; t++) {
      double e = a[t] - b[t];
      sum += e * e;
    }
    return Math.sqrt(sum);
  }
}
