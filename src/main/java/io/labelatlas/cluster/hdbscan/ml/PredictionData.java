package io.labelatlas.cluster.hdbscan.ml;

import io.labelatlas.cluster.hdbscan.ClusterSelection;
import io.labelatlas.cluster.hdbscan.HdbscanResult;
import java.io.Serializable;
import java.util.Arrays;

/**
 * What an {@link HDBSCANModel} keeps of its training run to assign new points: a bounded reference set of training
 * points (see {@link ReferenceSample}) with what the condensed tree said about each, and two lambdas per selected
 * cluster. Arrays are held as given, not copied. Row {@code i} describes reference point {@code i}.
 *
 * @param points the reference points' feature vectors, all of one dimension
 * @param trainingIndices each reference point's index among the training rows (its {@code point_index})
 * @param labels each reference point's training label, -1 for noise
 * @param coreDistances each reference point's core distance, computed on the whole training set
 * @param exitLambdas the lambda at which each reference point leaves the condensed tree
 * @param exitClusterMaxLambdas the largest lambda reached in (or below) the cluster each reference point leaves
 * @param weights how many training points of its label each reference point stands for (1 when all were kept)
 * @param clusterBirthLambdas per label {@code 0..k-1}, the lambda at which the selected cluster was born
 * @param clusterMaxLambdas per label, the largest lambda among the selected cluster's own condensed-tree rows
 */
public record PredictionData(double[][] points, long[] trainingIndices, int[] labels, double[] coreDistances,
    double[] exitLambdas, double[] exitClusterMaxLambdas, double[] weights, double[] clusterBirthLambdas,
    double[] clusterMaxLambdas) implements Serializable {

  public PredictionData {
    if (points == null || points.length == 0) {
      throw new IllegalArgumentException("prediction data needs at least one reference point");
    }
    int m = points.length;
    requireLength("trainingIndices", trainingIndices.length, m);
    requireLength("labels", labels.length, m);
    requireLength("coreDistances", coreDistances.length, m);
    requireLength("exitLambdas", exitLambdas.length, m);
    requireLength("exitClusterMaxLambdas", exitClusterMaxLambdas.length, m);
    requireLength("weights", weights.length, m);
    if (clusterBirthLambdas.length != clusterMaxLambdas.length) {
      throw new IllegalArgumentException("prediction data has " + clusterBirthLambdas.length
          + " cluster birth lambdas but " + clusterMaxLambdas.length + " cluster max lambdas");
    }
    int width = points[0].length;
    for (int i = 0; i < m; i++) {
      if (points[i].length != width) {
        throw new IllegalArgumentException(
            "reference point " + i + " has " + points[i].length + " values but point 0 has " + width);
      }
      if (labels[i] < -1 || labels[i] >= clusterMaxLambdas.length) {
        throw new IllegalArgumentException("reference point " + i + " has label " + labels[i] + " but there are "
            + clusterMaxLambdas.length + " clusters");
      }
      if (!(weights[i] >= 1.0)) {
        throw new IllegalArgumentException("reference point " + i + " has weight " + weights[i] + ", below 1");
      }
    }
  }

  private static void requireLength(String name, int length, int expected) {
    if (length != expected) {
      throw new IllegalArgumentException(
          "prediction data has " + expected + " reference points but " + length + " " + name);
    }
  }

  /**
   * Gathers the reference set's rows, looking each point up in the tree by its training index.
   *
   * @param points the kept points' vectors; the other arrays run parallel to it
   */
  static PredictionData of(double[][] points, long[] trainingIndices, int[] labels, double[] coreDistances,
      double[] weights, TreeLambdas lambdas) {
    double[] exit = new double[points.length];
    double[] exitMax = new double[points.length];
    for (int i = 0; i < points.length; i++) {
      long index = trainingIndices[i];
      if (index < 0 || index >= lambdas.exitLambdas().length) {
        throw new IllegalArgumentException("reference point " + i + " has training index " + index
            + " but the condensed tree holds " + lambdas.exitLambdas().length + " points");
      }
      exit[i] = lambdas.exitLambdas()[(int) index];
      exitMax[i] = lambdas.exitClusterMaxLambdas()[(int) index];
    }
    return new PredictionData(points, trainingIndices, labels, coreDistances, exit, exitMax, weights,
        lambdas.clusterBirthLambdas(), lambdas.clusterMaxLambdas());
  }

  /**
   * The reference set of an exact fit: at most about {@code sampleSize} of the training points (see
   * {@link ReferenceSample}).
   *
   * @param selectedClusters condensed-tree id of each label, as {@link ClusterSelection#selectedClusters()}
   */
  public static PredictionData fromFit(double[][] points, HdbscanResult fit, int[] selectedClusters, int sampleSize,
      long seed) {
    long[] indices = new long[points.length];
    Arrays.setAll(indices, i -> i);
    return sampled(indices, fit.labels(), points, fit.coreDistances(),
        ReferenceSample.counts(fit.labels(), selectedClusters.length),
        TreeLambdas.of(fit.condensedTree(), selectedClusters), sampleSize, seed);
  }

  /**
   * The reference set chosen among candidate training points (all of them, or a pre-filtered share).
   *
   * @param counts training points per label slot {@code label + 1}, all of them, not only the candidates
   */
  static PredictionData sampled(long[] indices, int[] labels, double[][] points, double[] coreDistances,
      long[] counts, TreeLambdas lambdas, int sampleSize, long seed) {
    long[] quotas = ReferenceSample.quotas(counts, sampleSize, ReferenceSample.MIN_PER_LABEL);
    ReferenceSample.Selection chosen = ReferenceSample.select(indices, labels, counts, quotas, seed);
    int[] at = chosen.positions();
    double[][] keptPoints = new double[at.length][];
    long[] keptIndices = new long[at.length];
    int[] keptLabels = new int[at.length];
    double[] keptCore = new double[at.length];
    for (int i = 0; i < at.length; i++) {
      keptPoints[i] = points[at[i]];
      keptIndices[i] = indices[at[i]];
      keptLabels[i] = labels[at[i]];
      keptCore[i] = coreDistances[at[i]];
    }
    return of(keptPoints, keptIndices, keptLabels, keptCore, chosen.weights(), lambdas);
  }

  public int size() {
    return points.length;
  }

  public int dimension() {
    return points[0].length;
  }

  public int numClusters() {
    return clusterMaxLambdas.length;
  }
}
