package io.labelatlas.audit;

import java.io.Serializable;
import java.util.Arrays;

/**
 * What the labels around one labelled sample say about its class: the label shares among its nearest labelled
 * neighbours, the leave-one-out label shares of its cluster, and their mixture
 * {@code p(j) = alpha * cluster share of j + (1 - alpha) * neighbour share of j}, the class-probability estimate that
 * {@link SuspectScoring} calibrates. Classes are indices {@code 0 .. classes - 1}; a tie for a majority goes to the
 * lowest index.
 *
 * <p>Both sources leave the sample out (the neighbours exclude it; the cluster counts are taken minus its own label),
 * so p is an out-of-sample estimate as confident learning needs (Northcutt, Jiang and Chuang, "Confident learning:
 * estimating uncertainty in dataset labels", JAIR 2021). A noise point (no cluster) takes the label shares of all
 * labelled samples, again without itself, as its context: with neighbours alone its estimate would be a share of k
 * votes, which is exactly 0 far more often than a mixture, and noise points then crowd the top of the ranking (in
 * our synthetic experiment with a diffuse rare class precision@10 fell from 0.98 to 0.56; see
 * {@link SuspectScoring}). The cluster columns still describe the cluster only: none for a noise point.
 */
public final class LabelEvidence implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int given;
  private final double[] neighbourShares;
  private final double[] contextShares;
  private final double[] probabilities;
  private final int labelledNeighbours;
  private final int neighbourMajority;
  private final double neighbourMajorityShare;
  private final int clusterMajority;
  private final double clusterMajorityShare;

  private LabelEvidence(int given, double[] neighbourShares, double[] contextShares, double[] probabilities,
      int labelledNeighbours, int neighbourMajority, double neighbourMajorityShare, int clusterMajority,
      double clusterMajorityShare) {
    this.given = given;
    this.neighbourShares = neighbourShares;
    this.contextShares = contextShares;
    this.probabilities = probabilities;
    this.labelledNeighbours = labelledNeighbours;
    this.neighbourMajority = neighbourMajority;
    this.neighbourMajorityShare = neighbourMajorityShare;
    this.clusterMajority = clusterMajority;
    this.clusterMajorityShare = clusterMajorityShare;
  }

  /**
   * @param given the sample's label
   * @param neighbourLabels the labels of its nearest neighbours that have one (any order; may be empty)
   * @param clusterCounts label counts of the sample's cluster, the sample itself included; null for a noise point
   * @param allCounts label counts of all labelled samples, the sample itself included (the context of noise points)
   * @param clusterWeight alpha in [0, 1]
   */
  public static LabelEvidence of(int given, int[] neighbourLabels, long[] clusterCounts, long[] allCounts,
      double clusterWeight) {
    int classes = allCounts.length;
    if (given < 0 || given >= classes) {
      throw new IllegalArgumentException("given label " + given + " is not a class index below " + classes);
    }
    if (!(clusterWeight >= 0 && clusterWeight <= 1)) {
      throw new IllegalArgumentException("the cluster weight must be in [0, 1], got " + clusterWeight);
    }
    if (clusterCounts != null && clusterCounts.length != classes) {
      throw new IllegalArgumentException("cluster counts hold " + clusterCounts.length + " classes, not " + classes);
    }

    long[] votes = new long[classes];
    for (int label : neighbourLabels) {
      if (label < 0 || label >= classes) {
        throw new IllegalArgumentException("neighbour label " + label + " is not a class index below " + classes);
      }
      votes[label]++;
    }
    double[] neighbourShares = shares(votes, neighbourLabels.length);
    int neighbourMajority = neighbourShares == null ? -1 : argmax(votes);

    double[] clusterShares = clusterCounts == null ? null : leaveOneOutShares(clusterCounts, given, "cluster");
    double[] contextShares = clusterCounts == null ? leaveOneOutShares(allCounts, given, "all") : clusterShares;
    int clusterMajority = clusterShares == null ? -1 : ConfidentLearning.argmax(clusterShares);

    double[] probabilities = new double[classes];
    if (neighbourShares != null && contextShares != null) {
      for (int j = 0; j < classes; j++) {
        probabilities[j] = clusterWeight * contextShares[j] + (1 - clusterWeight) * neighbourShares[j];
      }
    } else if (neighbourShares != null || contextShares != null) {
      System.arraycopy(neighbourShares != null ? neighbourShares : contextShares, 0, probabilities, 0, classes);
    }
    return new LabelEvidence(given, neighbourShares, contextShares, probabilities, neighbourLabels.length,
        neighbourMajority, neighbourMajority < 0 ? Double.NaN : neighbourShares[neighbourMajority],
        clusterMajority, clusterMajority < 0 ? Double.NaN : clusterShares[clusterMajority]);
  }

  private static double[] shares(long[] counts, long total) {
    if (total <= 0) {
      return null;
    }
    double[] shares = new double[counts.length];
    for (int j = 0; j < counts.length; j++) {
      shares[j] = counts[j] / (double) total;
    }
    return shares;
  }

  /** Shares of the counts without one sample of {@code given}; null when no other sample is left. */
  private static double[] leaveOneOutShares(long[] counts, int given, String what) {
    if (counts[given] < 1) {
      throw new IllegalArgumentException("the " + what + " label counts " + Arrays.toString(counts)
          + " do not include the sample itself (class " + given + ")");
    }
    long[] others = counts.clone();
    others[given]--;
    return shares(others, Arrays.stream(others).sum());
  }

  private static int argmax(long[] values) {
    int best = 0;
    for (int j = 1; j < values.length; j++) {
      if (values[j] > values[best]) {
        best = j;
      }
    }
    return best;
  }


  public int given() {
    return given;
  }

  public int classes() {
    return probabilities.length;
  }

  /** p(j), the mixture; all 0 when the sample has neither labelled neighbours nor another labelled sample. */
  public double probability(int label) {
    return probabilities[label];
  }

  public double[] probabilities() {
    return probabilities.clone();
  }

  /** Whether any label besides the sample's own informs p. */
  public boolean hasEvidence() {
    return neighbourShares != null || contextShares != null;
  }

  /** p_nb(j): share of j among the labelled neighbours; NaN when there are none. */
  public double neighbourShare(int label) {
    return neighbourShares == null ? Double.NaN : neighbourShares[label];
  }

  /** p_cl(j): leave-one-out share of j in the cluster, or among all labelled samples for a noise point. */
  public double contextShare(int label) {
    return contextShares == null ? Double.NaN : contextShares[label];
  }

  public int labelledNeighbours() {
    return labelledNeighbours;
  }

  /** The most frequent label among the labelled neighbours, -1 when there are none. */
  public int neighbourMajority() {
    return neighbourMajority;
  }

  public double neighbourMajorityShare() {
    return neighbourMajorityShare;
  }

  /** The most frequent label among the other members of the cluster; -1 for noise or a cluster of one. */
  public int clusterMajority() {
    return clusterMajority;
  }

  public double clusterMajorityShare() {
    return clusterMajorityShare;
  }
}
