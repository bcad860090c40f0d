package io.labelatlas.cluster.hdbscan.ml;

import io.labelatlas.cluster.hdbscan.CondensedTree;
import java.util.Arrays;

/**
 * The lambdas of a fitted condensed tree that approximate prediction needs, as hdbscan's {@code PredictionData}
 * gathers them (McInnes, Healy, Astels 2017, {@code prediction.py}).
 *
 * @param exitLambdas per training point, the lambda at which it leaves the condensed tree
 * @param exitClusterMaxLambdas per training point, the largest lambda reached in the cluster it leaves or below it:
 *     GLOSH's {@code lambda_max} (Campello, Moulavi, Zimek, Sander 2015), as hdbscan's
 *     {@code approximate_predict_scores} uses it
 * @param clusterBirthLambdas per label {@code 0..k-1}, the lambda at which that selected cluster split off (0 for the
 *     root)
 * @param clusterMaxLambdas per label, the largest lambda among the selected cluster's own rows: hdbscan's
 *     {@code max_lambdas}, the denominator of membership probabilities
 */
record TreeLambdas(double[] exitLambdas, double[] exitClusterMaxLambdas, double[] clusterBirthLambdas,
    double[] clusterMaxLambdas) {

  /** @param selectedClusters condensed-tree ids of the selected clusters; label {@code i} is entry {@code i} */
  static TreeLambdas of(CondensedTree tree, int[] selectedClusters) {
    int n = tree.numPoints();
    int end = tree.clusterEnd();
    double[] direct = new double[end];
    double[] birth = new double[end];
    int[] clusterParent = new int[end];
    Arrays.fill(clusterParent, -1);
    double[] exit = new double[n];
    int[] exitCluster = new int[n];
    Arrays.fill(exitCluster, -1);
    for (int i = 0; i < tree.rows(); i++) {
      int parent = tree.parent()[i];
      int child = tree.child()[i];
      double lambda = tree.lambda()[i];
      direct[parent] = Math.max(direct[parent], lambda);
      if (child < n) {
        exit[child] = lambda;
        exitCluster[child] = parent;
      } else {
        birth[child] = lambda;
        clusterParent[child] = parent;
      }
    }
    // Child clusters have larger ids than their parents, so a descending sweep carries maxima up the whole tree.
    double[] subtree = direct.clone();
    for (int c = end - 1; c > n; c--) {
      if (clusterParent[c] >= 0) {
        subtree[clusterParent[c]] = Math.max(subtree[clusterParent[c]], subtree[c]);
      }
    }
    double[] exitMax = new double[n];
    for (int p = 0; p < n; p++) {
      if (exitCluster[p] < 0) {
        throw new IllegalArgumentException("condensed tree has no row for point " + p + " of " + n);
      }
      exitMax[p] = subtree[exitCluster[p]];
    }
    double[] clusterBirth = new double[selectedClusters.length];
    double[] clusterMax = new double[selectedClusters.length];
    for (int label = 0; label < selectedClusters.length; label++) {
      int c = selectedClusters[label];
      if (c < n || c >= end) {
        throw new IllegalArgumentException("selected cluster " + c + " (label " + label
            + ") is not a cluster id of the condensed tree, which has ids " + n + ".." + (end - 1));
      }
      clusterBirth[label] = birth[c];
      clusterMax[label] = direct[c];
    }
    return new TreeLambdas(exit, exitMax, clusterBirth, clusterMax);
  }
}
