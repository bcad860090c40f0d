package io.labelatlas.cluster.hdbscan.partitioned;

import java.io.Serializable;
import java.util.Arrays;

/**
 * The points of one leaf of one random-projection tree: global point indices, ascending, and their coordinates in
 * one flat array (point {@code i} at {@code coords[i * dimension ..]}), the unit that one task works on.
 */
final class LeafBlock implements Serializable {
  private static final long serialVersionUID = 1L;

  final int tree;
  final int leaf;
  final int dimension;
  final int[] ids;
  final double[] coords;

  LeafBlock(int tree, int leaf, int dimension, int[] ids, double[] coords) {
    if (coords.length != (long) ids.length * dimension) {
      throw new IllegalArgumentException(
          "leaf block coords hold " + coords.length + " values for " + ids.length + " points of " + dimension);
    }
    this.tree = tree;
    this.leaf = leaf;
    this.dimension = dimension;
    this.ids = ids;
    this.coords = coords;
  }

  int size() {
    return ids.length;
  }

  /** Collects the points of a block in any order; {@link #build} sorts them by point index. */
  static final class Builder implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int dimension;
    private int count;
    private int[] ids;
    private double[] coords;

    Builder(int dimension, int capacity) {
      this.dimension = dimension;
      this.ids = new int[Math.max(1, capacity)];
      this.coords = new double[ids.length * dimension];
    }

    static Builder of(int id, double[] point) {
      return new Builder(point.length, 16).add(id, point);
    }

    Builder add(int id, double[] point) {
      if (point.length != dimension) {
        throw new IllegalArgumentException(
            "point " + id + " has " + point.length + " values, the block's points have " + dimension);
      }
      ensure(count + 1);
      ids[count] = id;
      System.arraycopy(point, 0, coords, count * dimension, dimension);
      count++;
      return this;
    }

    Builder addAll(Builder other) {
      if (other.count > 0 && other.dimension != dimension) {
        throw new IllegalArgumentException(
            "cannot merge blocks of " + dimension + " and " + other.dimension + " values");
      }
      ensure(count + other.count);
      System.arraycopy(other.ids, 0, ids, count, other.count);
      System.arraycopy(other.coords, 0, coords, count * dimension, other.count * dimension);
      count += other.count;
      return this;
    }

    int size() {
      return count;
    }

    LeafBlock build(int tree, int leaf) {
      long[] keyed = new long[count];
      for (int i = 0; i < count; i++) {
        keyed[i] = ((long) ids[i] << 32) | i;
      }
      Arrays.sort(keyed);
      int[] sortedIds = new int[count];
      double[] sortedCoords = new double[count * dimension];
      for (int i = 0; i < count; i++) {
        int from = (int) keyed[i];
        sortedIds[i] = ids[from];
        System.arraycopy(coords, from * dimension, sortedCoords, i * dimension, dimension);
      }
      return new LeafBlock(tree, leaf, dimension, sortedIds, sortedCoords);
    }

    private void ensure(int needed) {
      if (needed <= ids.length) {
        return;
      }
      int capacity = Math.max(needed, ids.length + (ids.length >> 1));
      ids = Arrays.copyOf(ids, capacity);
      coords = Arrays.copyOf(coords, capacity * dimension);
    }
  }
}
