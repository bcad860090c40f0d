package io.labelatlas.store;

import java.util.List;

/** Converts between Java vectors and the values Spark rows hold for {@code array<float>} / {@code array<double>}. */
public final class VectorColumns {
  private VectorColumns() {}

  /** Spark's row encoder takes a primitive {@code float[]} for {@code array<float>} as is, without boxing. */
  public static Object toRowValue(float[] vector) {
    return vector;
  }

  public static float[] toFloats(Object value) {
    if (value instanceof float[] floats) return floats;
    if (value instanceof scala.collection.Seq<?> seq) {
      float[] out = new float[seq.length()];
      scala.collection.Iterator<?> it = seq.iterator();
      int i = 0;
      while (it.hasNext()) out[i++] = ((Number) it.next()).floatValue();
      return out;
    }
    if (value instanceof List<?> list) {
      float[] out = new float[list.size()];
      for (int i = 0; i < out.length; i++) out[i] = ((Number) list.get(i)).floatValue();
      return out;
    }
    throw new IllegalArgumentException("not a vector column value: " + (value == null ? "null" : value.getClass()));
  }
}
