package io.labelatlas.cluster.hdbscan.ml;

import io.labelatlas.geometry.Euclidean;
import java.io.Serializable;

/**
 * Assigns a new point to the clusters of a fitted HDBSCAN* model without refitting, following hdbscan's
 * {@code approximate_predict} and {@code approximate_predict_scores} (McInnes, Healy, Astels 2017,
 * {@code hdbscan/prediction.py}): the new point {@code x} is attached to the condensed tree where its nearest
 * mutual-reachability neighbour sits.
 *
 * <ol>
 *   <li>{@code core(x)}: the distance from {@code x} to its {@code minSamples}-th nearest neighbour among the
 *       reference points, {@code x} itself counted first (as training core distances count the point itself); a
 *       reference point at distance 0 is taken to be {@code x} itself, so a training point predicted again gets
 *       its training core distance, its own row as neighbour and so its training label, probability and score.
 *   <li>The neighbour {@code r} minimises {@code mrd(x, r) = max(core(x), core(r), d(x, r))} (ties: smaller
 *       {@code d}, then lower index); {@code lambda_x = 1 / mrd}.
 *   <li>{@code lambda = min(lambda_x, exit lambda of r)}: the new point leaves the tree no later than its neighbour
 *       (hdbscan's {@code _extend_condensed_tree}); a training point thus gets back its training probability.
 *   <li>If {@code r} is noise, or {@code lambda_x} is below the birth lambda of {@code r}'s cluster {@code c}, the
 *       point is noise (hdbscan walks up past {@code c} then). Otherwise its label is {@code c} with probability
 *       {@code min(lambda, maxLambda(c)) / maxLambda(c)} ({@code _find_cluster_and_probability}).
 *   <li>Outlier score, GLOSH-style as {@code approximate_predict_scores}: {@code 1 - lambda / lambdaMax}, where
 *       {@code lambdaMax} is the largest lambda reached in or below the condensed-tree cluster {@code r} leaves;
 *       clipped to [0, 1].
 * </ol>
 *
 * <p>Deviations from Python hdbscan, on purpose: (a) the reference set is a bounded sample of the training points
 * ({@link ReferenceSample}), not all of them, so the model stays small; to keep {@code core(x)} comparable with the
 * training core distances, each reference point counts as the number of training points of its label it stands for
 * (its weight), and {@code core(x)} is the distance at which {@code 1 + sum of weights} reaches {@code minSamples}
 * (with every point kept, all weights are 1 and this is the plain {@code minSamples}-th neighbour). A sparse
 * reference set still lengthens {@code d(x, r)}, so probabilities run lower, and border points turn noise more often,
 * than with every point kept ({@code predictionSampleSize} trades this against model size); (b) the
 * neighbour is searched among all reference points by brute force, not only among the {@code 2 minSamples} nearest by
 * raw distance; (c) for a point not in the training data hdbscan does not count {@code x} itself in {@code core(x)};
 * we do, as training does; (d) the probability uses the lambda capped at the neighbour's exit lambda (step 3),
 * hdbscan's uses {@code lambda_x}.
 *
 * <p>Cost: O(m d) per point for m reference points of dimension d. Thread-safe; holds only arrays, so Spark can
 * broadcast it with Kryo.
 */
public final class ApproximatePredictor implements Serializable {
  private final int minSamples;
  private final double[][] points;
  private final int[] labels;
  private final double[] coreDistances;
  private final double[] exitLambdas;
  private final double[] exitClusterMaxLambdas;
  private final double[] weights;
  private final double[] clusterBirthLambdas;
  private final double[] clusterMaxLambdas;

  /**
   * @param cluster training label, -1 for noise
   * @param probability membership strength in [0, 1], 0 for noise
   * @param outlierScore GLOSH-style, in [0, 1]
   */
  public record Prediction(int cluster, double probability, double outlierScore) {}

  public ApproximatePredictor(PredictionData data, int minSamples) {
    if (minSamples < 1) {
      throw new IllegalArgumentException("'minSamples' must be at least 1, got " + minSamples);
    }
    this.minSamples = minSamples;
    this.points = data.points();
    this.labels = data.labels();
    this.coreDistances = data.coreDistances();
    this.exitLambdas = data.exitLambdas();
    this.exitClusterMaxLambdas = data.exitClusterMaxLambdas();
    this.weights = data.weights();
    this.clusterBirthLambdas = data.clusterBirthLambdas();
    this.clusterMaxLambdas = data.clusterMaxLambdas();
  }

  public int dimension() {
    return points[0].length;
  }

  public Prediction predict(double[] x) {
    if (x.length != points[0].length) {
      throw new IllegalArgumentException(
          "the point has " + x.length + " values but the model was fit on " + points[0].length);
    }
    int m = points.length;
    double[] distances = new double[m];
    for (int j = 0; j < m; j++) {
      distances[j] = Euclidean.distance(x, points[j]);
    }
    double core = coreDistance(distances);
    int nearest = -1;
    double bestReach = Double.POSITIVE_INFINITY;
    double bestDistance = Double.POSITIVE_INFINITY;
    for (int j = 0; j < m; j++) {
      double reach = Math.max(core, Math.max(coreDistances[j], distances[j]));
      if (nearest < 0 || reach < bestReach || (reach == bestReach && distances[j] < bestDistance)) {
        nearest = j;
        bestReach = reach;
        bestDistance = distances[j];
      }
    }
    double lambdaX = bestReach > 0 ? 1.0 / bestReach : Double.POSITIVE_INFINITY;
    double lambda = Math.min(lambdaX, exitLambdas[nearest]);
    double outlierMax = exitClusterMaxLambdas[nearest];
    double outlierScore = outlierMax <= 0 || Double.isInfinite(lambda)
        ? 0.0 : Math.min(1.0, Math.max(0.0, 1.0 - lambda / outlierMax));
    int cluster = labels[nearest];
    if (cluster < 0 || lambdaX < clusterBirthLambdas[cluster]) {
      return new Prediction(-1, 0.0, outlierScore);
    }
    double maxLambda = clusterMaxLambdas[cluster];
    // The same expression as training probabilities (ClusterSelection), so training points get theirs back.
    double probability = maxLambda == 0.0 || Double.isInfinite(lambda) ? 1.0 : Math.min(lambda, maxLambda) / maxLambda;
    return new Prediction(cluster, probability, outlierScore);
  }

  /** The distance at which x plus the weights of its nearest reference points reach {@code minSamples}. */
  private double coreDistance(double[] distances) {
    if (minSamples == 1) {
      return 0.0;
    }
    // Weights are at least 1, so x's own row (if there) and minSamples - 1 others always suffice; kept ascending.
    int k = minSamples;
    double[] nearDistance = new double[k];
    double[] nearWeight = new double[k];
    int filled = 0;
    for (int j = 0; j < distances.length; j++) {
      double d = distances[j];
      if (filled == k && d >= nearDistance[k - 1]) {
        continue;
      }
      int at = filled < k ? filled++ : k - 1;
      while (at > 0 && nearDistance[at - 1] > d) {
        nearDistance[at] = nearDistance[at - 1];
        nearWeight[at] = nearWeight[at - 1];
        at--;
      }
      nearDistance[at] = d;
      nearWeight[at] = weights[j];
    }
    double count = 1.0;
    boolean selfSeen = false;
    for (int i = 0; i < filled; i++) {
      // A reference point at distance 0 is x itself (a training point predicted again), already counted once.
      boolean self = !selfSeen && nearDistance[i] == 0.0;
      selfSeen |= self;
      count += self ? nearWeight[i] - 1 : nearWeight[i];
      if (count >= minSamples) {
        return nearDistance[i];
      }
    }
    // Fewer reference points than minSamples: the farthest one is the best estimate there is.
    return nearDistance[filled - 1];
  }
}
