package io.labelatlas.review;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Label spreading (Zhou, Bousquet, Lal, Weston and Schoelkopf, "Learning with local and global consistency", NIPS
 * 2003) over a k-nearest-neighbour graph, one node at a time: {@code F(t+1) = alpha S F(t) + (1 - alpha) Y} with
 * {@code S = D^-1/2 W D^-1/2}, started from {@code F(0) = Y}. Affinities are Gaussian with local scaling
 * (Zelnik-Manor and Perona, 2004): {@code w_ij = exp(-d_ij^2 / (sigma_i sigma_j))}, sigma being a node's distance to
 * its {@link #SCALE_NEIGHBOUR}-th neighbour, and the graph is made symmetric by keeping the larger weight of a pair.
 * The Spark iteration is {@link PropagationStage}; this class holds its per-node arithmetic.
 *
 * @param alpha how much of a node's scores comes from its neighbours, in (0, 1)
 * @param maxIterations upper bound on the passes over the graph
 * @param tolerance stop when no node's scores change by more than this share of their sum
 * @param threshold confidence (the winning class's share of a node's scores) at or above which a label is written
 */
public record LabelSpreading(double alpha, int maxIterations, double tolerance, double threshold)
    implements Serializable {
  /** The neighbour whose distance sets a node's scale (the 7th, as Zelnik-Manor and Perona suggest). */
  public static final int SCALE_NEIGHBOUR = 7;

  public LabelSpreading {
    if (!(alpha > 0 && alpha < 1)) throw new IllegalArgumentException("alpha must lie in (0, 1), got " + alpha);
    if (maxIterations < 1) throw new IllegalArgumentException("maxIterations must be at least 1, got " + maxIterations);
    if (!(tolerance >= 0)) throw new IllegalArgumentException("tolerance must be >= 0, got " + tolerance);
    if (!(threshold >= 0 && threshold <= 1)) {
      throw new IllegalArgumentException("threshold must lie in [0, 1], got " + threshold);
    }
  }

  /**
   * alpha 0.8, at most 60 passes, tolerance 1e-3, labels written at confidence 0.8 and above. Once the seeds have
   * reached every crop they can, a pass changes the scores by about alpha^t, so alpha 0.8 settles to 1e-3 some 31
   * passes later where 0.99 (Zhou et al.'s) would need 690; each pass is a Spark join.
   */
  public static LabelSpreading defaults() {
    return new LabelSpreading(0.8, 60, 1e-3, 0.8);
  }

  /** A node's scale: the distance to its {@link #SCALE_NEIGHBOUR}-th neighbour (its farthest when it has fewer). */
  public static double scale(double[] neighbourDistances) {
    if (neighbourDistances.length == 0) return 0;
    double[] sorted = neighbourDistances.clone();
    Arrays.sort(sorted);
    return sorted[Math.min(SCALE_NEIGHBOUR, sorted.length) - 1];
  }

  /** The Gaussian affinity with local scaling; identical points (distance 0) have affinity 1. */
  public static double affinity(double distance, double scaleI, double scaleJ) {
    if (distance == 0) return 1;
    double scales = scaleI * scaleJ;
    return scales > 0 ? Math.exp(-distance * distance / scales) : 0;
  }

  /** The normalised edge weight {@code S_ij = w_ij / sqrt(D_i D_j)}. */
  public static double normalised(double weight, double degreeI, double degreeJ) {
    return weight / Math.sqrt(degreeI * degreeJ);
  }

  /** One node's next scores from the sum of its neighbours' {@code S_ij F_j} and its seed row (null when unseeded). */
  public double[] next(double[] spread, double[] seed, int classes) {
    double[] f = new double[classes];
    for (int c = 0; c < classes; c++) {
      f[c] = (spread == null ? 0 : alpha * spread[c]) + (seed == null ? 0 : (1 - alpha) * seed[c]);
    }
    return f;
  }

  /** The largest change of one score between two passes, as a share of the node's score sum now. */
  public static double relativeChange(double[] before, double[] after) {
    double change = 0;
    double sum = 0;
    for (int c = 0; c < after.length; c++) {
      change = Math.max(change, Math.abs(after[c] - (before == null ? 0 : before[c])));
      sum += after[c];
    }
    return sum > 0 ? change / sum : (change > 0 ? Double.POSITIVE_INFINITY : 0);
  }

  /** The winning class and its share of the scores; null when no seed reached the node. */
  public static Prediction predict(double[] scores) {
    double sum = 0;
    int best = -1;
    for (int c = 0; c < scores.length; c++) {
      sum += scores[c];
      if (best < 0 || scores[c] > scores[best]) best = c;
    }
    return sum > 0 ? new Prediction(best, scores[best] / sum) : null;
  }

  /** A node's spread label (an index into the classes) and its confidence. */
  public record Prediction(int labelIndex, double confidence) {}
}
