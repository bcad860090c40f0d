package io.labelatlas.cluster.hdbscan;

/**
 * What {@link Hdbscan#fit} returns.
 *
 * @param labels cluster per point, 0..k-1, -1 for noise
 * @param probabilities membership strength in [0, 1] as hdbscan's {@code probabilities_}; 0 for noise
 * @param outlierScores GLOSH score in [0, 1] per point
 * @param coreDistances distance to the {@code minSamples}-th nearest neighbour, the point itself counted
 * @param condensedTree the hierarchy the labels were read from
 */
public record HdbscanResult(int[] labels, double[] probabilities, double[] outlierScores, double[] coreDistances,
    CondensedTree condensedTree) {

  public int numClusters() {
    int max = -1;
    for (int label : labels) {
      max = Math.max(max, label);
    }
    return max + 1;
  }
}
