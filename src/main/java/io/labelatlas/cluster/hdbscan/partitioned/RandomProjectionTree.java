package io.labelatlas.cluster.hdbscan.partitioned;

import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Random;

/**
 * A random-projection tree that cuts space into leaves of about {@code leafSize} points, fit on a sample and then
 * routing any point to its leaf. Each split is a hyperplane between the two centres of a short 2-means run on the
 * node's sample points, seeded from two of them at random (as Annoy does), placed at the median projection so that
 * both sides get half the node; splits stop when a node's expected size in the full data, its sample count times
 * {@code n / sampleSize}, is at most {@code leafSize}. RP trees adapt to the intrinsic dimension of the data (Dasgupta
 * and Freund, "Random projection trees and low dimensional manifolds", STOC 2008), so points close together share a
 * leaf with high probability, and independent trees rarely cut the same pair apart.
 */
final class RandomProjectionTree implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final int TWO_MEANS_ITERATIONS = 2;
  // Tries at a node whose random seeds coincide or whose projections tie, before it becomes a leaf.
  private static final int SPLIT_ATTEMPTS = 4;

  private final int dimension;
  // Internal node i: normal at normals[i * dimension ..], points with projection <= thresholds[i] go to below[i].
  // A child reference c >= 0 is internal node c; c < 0 is leaf ~c. root is such a reference too.
  private final double[] normals;
  private final double[] thresholds;
  private final int[] below;
  private final int[] above;
  private final int root;
  private final int leaves;

  private RandomProjectionTree(int dimension, double[] normals, double[] thresholds, int[] below, int[] above,
      int root, int leaves) {
    this.dimension = dimension;
    this.normals = normals;
    this.thresholds = thresholds;
    this.below = below;
    this.above = above;
    this.root = root;
    this.leaves = leaves;
  }

  /**
   * @param sample the points the splits are fit on, all of one length
   * @param n how many points the tree will route in all (at least the sample's size)
   * @param leafSize the most points a leaf should expect
   */
  static RandomProjectionTree fit(double[][] sample, long n, int leafSize, long seed) {
    if (sample.length == 0) {
      throw new IllegalArgumentException("a random-projection tree needs at least one sample point");
    }
    int dimension = sample[0].length;
    double pointsPerSample = Math.max(1.0, n / (double) sample.length);
    Random random = new Random(seed);
    List<double[]> normals = new ArrayList<>();
    List<Double> thresholds = new ArrayList<>();
    List<int[]> children = new ArrayList<>();
    int[] leafCount = {0};
    // Work items: the node's sample members and where to write the reference to it (-1: the root).
    record Pending(int[] members, int parent, boolean aboveSide) {}
    Deque<Pending> pending = new ArrayDeque<>();
    int[] all = new int[sample.length];
    Arrays.setAll(all, i -> i);
    pending.push(new Pending(all, -1, false));
    int root = 0;
    while (!pending.isEmpty()) {
      Pending node = pending.pop();
      int reference;
      Split split = node.members.length * pointsPerSample > leafSize
          ? split(sample, node.members, dimension, random) : null;
      if (split == null) {
        reference = ~leafCount[0]++;
      } else {
        reference = normals.size();
        normals.add(split.normal);
        thresholds.add(split.threshold);
        children.add(new int[2]);
        // Pushed above first so that the below side is numbered first.
        pending.push(new Pending(split.above, reference, true));
        pending.push(new Pending(split.below, reference, false));
      }
      if (node.parent < 0) {
        root = reference;
      } else {
        children.get(node.parent)[node.aboveSide ? 1 : 0] = reference;
      }
    }
    int internal = normals.size();
    double[] flatNormals = new double[internal * dimension];
    double[] flatThresholds = new double[internal];
    int[] belowRefs = new int[internal];
    int[] aboveRefs = new int[internal];
    for (int i = 0; i < internal; i++) {
      System.arraycopy(normals.get(i), 0, flatNormals, i * dimension, dimension);
      flatThresholds[i] = thresholds.get(i);
      belowRefs[i] = children.get(i)[0];
      aboveRefs[i] = children.get(i)[1];
    }
    return new RandomProjectionTree(dimension, flatNormals, flatThresholds, belowRefs, aboveRefs, root, leafCount[0]);
  }

  /** Number of leaves; {@link #leafOf} returns 0 up to this, exclusive. */
  int leaves() {
    return leaves;
  }

  int dimension() {
    return dimension;
  }

  int leafOf(double[] point) {
    return leafOf(point, 0);
  }

  /** The leaf of the point stored at {@code coords[offset .. offset + dimension)}. */
  int leafOf(double[] coords, int offset) {
    int node = root;
    while (node >= 0) {
      double projection = dot(normals, node * dimension, coords, offset, dimension);
      node = projection <= thresholds[node] ? below[node] : above[node];
    }
    return ~node;
  }

  private record Split(double[] normal, double threshold, int[] below, int[] above) {}

  private static Split split(double[][] sample, int[] members, int dimension, Random random) {
    if (members.length < 2) {
      return null;
    }
    for (int attempt = 0; attempt < SPLIT_ATTEMPTS; attempt++) {
      double[] normal = twoMeansNormal(sample, members, dimension, random);
      if (normal == null) {
        continue;
      }
      double[] projections = new double[members.length];
      for (int i = 0; i < members.length; i++) {
        projections[i] = dot(normal, 0, sample[members[i]], 0, dimension);
      }
      double[] sorted = projections.clone();
      Arrays.sort(sorted);
      int half = members.length / 2;
      double threshold = sorted[half - 1] + (sorted[half] - sorted[half - 1]) / 2;
      int belowCount = 0;
      for (double p : projections) {
        if (p <= threshold) {
          belowCount++;
        }
      }
      if (belowCount == 0 || belowCount == members.length) {
        continue;
      }
      int[] belowMembers = new int[belowCount];
      int[] aboveMembers = new int[members.length - belowCount];
      int b = 0;
      int a = 0;
      for (int i = 0; i < members.length; i++) {
        if (projections[i] <= threshold) {
          belowMembers[b++] = members[i];
        } else {
          aboveMembers[a++] = members[i];
        }
      }
      return new Split(normal, threshold, belowMembers, aboveMembers);
    }
    return null;
  }

  /** The difference of the two centres of a short 2-means run; null when the seeds coincide. */
  private static double[] twoMeansNormal(double[][] sample, int[] members, int dimension, Random random) {
    int first = random.nextInt(members.length);
    int second = random.nextInt(members.length - 1);
    if (second >= first) {
      second++;
    }
    double[] left = sample[members[first]].clone();
    double[] right = sample[members[second]].clone();
    if (Arrays.equals(left, right)) {
      return null;
    }
    for (int iteration = 0; iteration < TWO_MEANS_ITERATIONS; iteration++) {
      double[] leftSum = new double[dimension];
      double[] rightSum = new double[dimension];
      int leftCount = 0;
      int rightCount = 0;
      for (int member : members) {
        double[] point = sample[member];
        if (SquaredEuclidean.between(point, left) <= SquaredEuclidean.between(point, right)) {
          add(leftSum, point);
          leftCount++;
        } else {
          add(rightSum, point);
          rightCount++;
        }
      }
      if (leftCount == 0 || rightCount == 0) {
        break;
      }
      for (int d = 0; d < dimension; d++) {
        left[d] = leftSum[d] / leftCount;
        right[d] = rightSum[d] / rightCount;
      }
    }
    double[] normal = new double[dimension];
    boolean zero = true;
    for (int d = 0; d < dimension; d++) {
      normal[d] = right[d] - left[d];
      zero &= normal[d] == 0;
    }
    return zero ? null : normal;
  }

  private static void add(double[] sum, double[] point) {
    for (int d = 0; d < sum.length; d++) {
      sum[d] += point[d];
    }
  }

  private static double dot(double[] a, int aOffset, double[] b, int bOffset, int dimension) {
    double sum = 0;
    for (int d = 0; d < dimension; d++) {
      sum += a[aOffset + d] * b[bOffset + d];
    }
    return sum;
  }
}
