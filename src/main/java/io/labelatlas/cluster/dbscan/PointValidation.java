package io.labelatlas.cluster.dbscan;

/** Checks shared by the stages of this package; messages name the offending parameter. */
final class PointValidation {
  private PointValidation() {}

  static void requirePoints(double[][] points) {
    if (points == null || points.length == 0) {
      throw new IllegalArgumentException("'points' must hold at least one point");
    }
    int dim = -1;
    for (int i = 0; i < points.length; i++) {
      double[] p = points[i];
      if (p == null || p.length == 0) {
        throw new IllegalArgumentException("'points' row " + i + " is " + (p == null ? "null" : "empty"));
      }
      if (dim < 0) {
        dim = p.length;
      } else if (p.length != dim) {
        throw new IllegalArgumentException(
            "'points' is ragged: row " + i + " has " + p.length + " coordinates, row 0 has " + dim);
      }
      for (int d = 0; d < dim; d++) {
        if (!Double.isFinite(p[d])) {
          throw new IllegalArgumentException("'points' row " + i + " coordinate " + d + " is " + p[d]);
        }
      }
    }
  }
}
