package io.labelatlas.cluster.hdbscan.partitioned;

import java.io.Serializable;
import java.util.Arrays;

/** A growable list of weighted edges between global point indices, in primitive arrays (16 bytes an edge). */
final class SpanningEdges implements Serializable {
  private static final long serialVersionUID = 1L;

  private int[] from;
  private int[] to;
  private double[] weight;
  private int size;

  SpanningEdges(int capacity) {
    int initial = Math.max(1, capacity);
    from = new int[initial];
    to = new int[initial];
    weight = new double[initial];
  }

  static SpanningEdges of(int[] from, int[] to, double[] weight) {
    SpanningEdges edges = new SpanningEdges(weight.length);
    for (int e = 0; e < weight.length; e++) {
      edges.add(from[e], to[e], weight[e]);
    }
    return edges;
  }

  int size() {
    return size;
  }

  int from(int edge) {
    return from[edge];
  }

  int to(int edge) {
    return to[edge];
  }

  double weight(int edge) {
    return weight[edge];
  }

  void add(int a, int b, double w) {
    ensure(size + 1);
    from[size] = a;
    to[size] = b;
    weight[size] = w;
    size++;
  }

  SpanningEdges addAll(SpanningEdges other) {
    ensure(size + other.size);
    System.arraycopy(other.from, 0, from, size, other.size);
    System.arraycopy(other.to, 0, to, size, other.size);
    System.arraycopy(other.weight, 0, weight, size, other.size);
    size += other.size;
    return this;
  }

  /** Sum of the weights, in edge order. */
  double totalWeight() {
    double total = 0;
    for (int e = 0; e < size; e++) {
      total += weight[e];
    }
    return total;
  }

  /** Drops the unused tail of the arrays, for shipping. */
  SpanningEdges trimmed() {
    if (from.length != size) {
      from = Arrays.copyOf(from, size);
      to = Arrays.copyOf(to, size);
      weight = Arrays.copyOf(weight, size);
    }
    return this;
  }

  private void ensure(int needed) {
    if (needed <= from.length) {
      return;
    }
    int capacity = Math.max(needed, from.length + (from.length >> 1));
    from = Arrays.copyOf(from, capacity);
    to = Arrays.copyOf(to, capacity);
    weight = Arrays.copyOf(weight, capacity);
  }
}
