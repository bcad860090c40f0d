package io.labelatlas.cluster.hdbscan.partitioned;

import java.util.List;

/** Reads a feature column's value as {@code double[]} and says what is wrong with it, if anything. */
final class VectorValues {
  private VectorValues() {}

  /**
   * An MLlib vector, {@code array<double>} or {@code array<float>} as {@code double[]}; null for null.
   *
   * @throws IllegalArgumentException for any other kind of value
   */
  static double[] toDoubles(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof org.apache.spark.ml.linalg.Vector vector) {
      return vector.toArray();
    }
    if (value instanceof org.apache.spark.mllib.linalg.Vector vector) {
      return vector.toArray();
    }
    if (value instanceof double[] doubles) {
      return doubles;
    }
    if (value instanceof float[] floats) {
      double[] out = new double[floats.length];
      for (int i = 0; i < out.length; i++) {
        out[i] = floats[i];
      }
      return out;
    }
    if (value instanceof scala.collection.Seq<?> seq) {
      double[] out = new double[seq.length()];
      scala.collection.Iterator<?> it = seq.iterator();
      for (int i = 0; it.hasNext(); i++) {
        out[i] = number(it.next());
      }
      return out;
    }
    if (value instanceof List<?> list) {
      double[] out = new double[list.size()];
      for (int i = 0; i < out.length; i++) {
        out[i] = number(list.get(i));
      }
      return out;
    }
    throw new IllegalArgumentException("holds a " + value.getClass().getName() + ", not a vector");
  }

  /** The length of a readable, non-empty vector value, else -1 (its row's problem is then reported on its own). */
  static int widthOf(Object value) {
    try {
      double[] vector = toDoubles(value);
      return vector == null || vector.length == 0 ? -1 : vector.length;
    } catch (IllegalArgumentException e) {
      return -1;
    }
  }

  /** {@link #problem} of a column value, including one that is not a vector at all. */
  static String problemOf(Object value, int width, String widthSource) {
    try {
      return problem(toDoubles(value), width, widthSource);
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
  }

  /**
   * What disqualifies the vector ("is null", ...), or null when it is finite, non-empty and {@code width} long.
   *
   * @param width the length every vector must have, or -1 when unknown
   * @param widthSource the row that set the width, for the message ("row 0")
   */
  static String problem(double[] vector, int width, String widthSource) {
    if (vector == null) {
      return "is null";
    }
    if (vector.length == 0) {
      return "is empty";
    }
    if (width >= 0 && vector.length != width) {
      return "has " + vector.length + " values but " + widthSource + " has " + width;
    }
    for (int d = 0; d < vector.length; d++) {
      if (!Double.isFinite(vector[d])) {
        return "has " + vector[d] + " at position " + d;
      }
    }
    return null;
  }

  private static double number(Object element) {
    return element == null ? Double.NaN : ((Number) element).doubleValue();
  }
}
