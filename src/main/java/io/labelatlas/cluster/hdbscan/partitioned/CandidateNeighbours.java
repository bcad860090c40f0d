package io.labelatlas.cluster.hdbscan.partitioned;

import java.io.Serializable;

/**
 * The {@code k} nearest other points of one point found so far, ascending by (squared distance, point index), each
 * point at most once. Lists found in different leaves merge into the list of their union, so the core distance of a
 * point is read off the merge of its lists from every tree.
 */
final class CandidateNeighbours implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int capacity;
  private final int[] ids;
  private final double[] squared;
  private int count;

  CandidateNeighbours(int capacity) {
    this.capacity = capacity;
    this.ids = new int[capacity];
    this.squared = new double[capacity];
  }

  int size() {
    return count;
  }

  int capacity() {
    return capacity;
  }

  int id(int rank) {
    return ids[rank];
  }

  double squaredDistance(int rank) {
    return squared[rank];
  }

  /** Whether a candidate at this squared distance could enter the list. */
  boolean accepts(double squaredDistance) {
    return capacity > 0 && (count < capacity || squaredDistance <= squared[capacity - 1]);
  }

  /** Keeps {@code id} if it is among the {@code capacity} nearest offered; an id already held is ignored. */
  void offer(int id, double squaredDistance) {
    boolean full = count == capacity;
    if (capacity == 0 || (full && precedes(squared[capacity - 1], ids[capacity - 1], squaredDistance, id))) {
      return;
    }
    int at = count;
    while (at > 0 && precedes(squaredDistance, id, squared[at - 1], ids[at - 1])) {
      at--;
    }
    // The same pair always has the same distance, so a held id would sit just before the insertion point.
    if (at > 0 && ids[at - 1] == id && squared[at - 1] == squaredDistance) {
      return;
    }
    int last = Math.min(count, capacity - 1);
    System.arraycopy(ids, at, ids, at + 1, last - at);
    System.arraycopy(squared, at, squared, at + 1, last - at);
    ids[at] = id;
    squared[at] = squaredDistance;
    count = Math.min(count + 1, capacity);
  }

  /** The nearest {@code capacity} distinct points of both lists. */
  static CandidateNeighbours merge(CandidateNeighbours a, CandidateNeighbours b) {
    CandidateNeighbours merged = new CandidateNeighbours(a.capacity);
    int i = 0;
    int j = 0;
    while (merged.count < merged.capacity && (i < a.count || j < b.count)) {
      boolean takeA = j >= b.count || (i < a.count && !precedes(b.squared[j], b.ids[j], a.squared[i], a.ids[i]));
      int id = takeA ? a.ids[i] : b.ids[j];
      double distance = takeA ? a.squared[i++] : b.squared[j++];
      int last = merged.count - 1;
      if (last >= 0 && merged.ids[last] == id && merged.squared[last] == distance) {
        continue;
      }
      merged.ids[merged.count] = id;
      merged.squared[merged.count] = distance;
      merged.count++;
    }
    return merged;
  }

  /**
   * Distance to the {@code capacity}-th nearest other point, which is the core distance for {@code minSamples =
   * capacity + 1}; 0 when the capacity is 0; NaN when fewer than {@code capacity} points were offered.
   */
  double coreDistance() {
    if (capacity == 0) {
      return 0;
    }
    return count < capacity ? Double.NaN : Math.sqrt(squared[capacity - 1]);
  }

  private static boolean precedes(double d1, int id1, double d2, int id2) {
    return d1 < d2 || (d1 == d2 && id1 < id2);
  }
}
