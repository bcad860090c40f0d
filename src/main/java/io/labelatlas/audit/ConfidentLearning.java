package io.labelatlas.audit;

import io.labelatlas.evaluate.Multinomial;
import java.io.Serializable;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Confident learning (Northcutt, Jiang and Chuang, "Confident learning: estimating uncertainty in dataset labels",
 * JAIR 2021, sections 2-3; written from the paper, no cleanlab code): from out-of-fold class probabilities
 * {@code p_i} and given labels {@code y_i},
 * <ul>
 *   <li>per-class thresholds {@code t_j}: the mean of {@code p_i(j)} over the samples labelled j (the class's expected
 *       self-confidence; {@link SuspectScoring#thresholds});
 *   <li>the confident joint {@code C[i][j]}: samples labelled i whose confident class is j, where the confident class
 *       is the class of largest {@code p(j)} among those with {@code p(j) >= t_j}; a sample with no class above its
 *       threshold is not counted;
 *   <li>its calibration (eq. 3): each row rescaled to the number of samples carrying that label,
 *       {@code C~[i][j] = C[i][j] / sum_j C[i][j] * n_i}, whose off-diagonal cells estimate how many labels of class i
 *       are really j; the estimated joint {@code Q = C~ / n} and the noise matrix {@code P(given i | true j)};
 *   <li>the per-sample scores {@code self_confidence = p(y)} and {@code normalized_margin = p(y) - max_{j != y} p(j)}.
 * </ul>
 * Pure and small: the Spark stage ({@code ProbeStage}) aggregates the k x k counts and calls this.
 */
public final class ConfidentLearning {
  private ConfidentLearning() {}

  /** The confident class of a sample, or -1 when no class reaches its threshold. */
  public static int confidentClass(double[] p, double[] thresholds) {
    if (p.length != thresholds.length) {
      throw new IllegalArgumentException(p.length + " probabilities for " + thresholds.length + " thresholds");
    }
    int best = -1;
    for (int j = 0; j < p.length; j++) {
      if (thresholds[j] > 0 && p[j] >= thresholds[j] && (best < 0 || p[j] > p[best])) {
        best = j;
      }
    }
    return best;
  }

  /** {@code p(given)}: lower is more suspect. */
  public static double selfConfidence(int given, double[] p) {
    return p[given];
  }

  /** {@code p(given) - max_{j != given} p(j)}, in [-1, 1]: lower is more suspect. */
  public static double normalizedMargin(int given, double[] p) {
    double other = Double.NEGATIVE_INFINITY;
    for (int j = 0; j < p.length; j++) {
      if (j != given) {
        other = Math.max(other, p[j]);
      }
    }
    return p.length == 1 ? p[given] : p[given] - other;
  }

  /** The class with the largest probability (lowest index on ties). */
  public static int argmax(double[] p) {
    int best = 0;
    for (int j = 1; j < p.length; j++) {
      if (p[j] > p[best]) {
        best = j;
      }
    }
    return best;
  }

  /**
   * The confident joint as counts, with the number of samples per given label; built by {@link #add} and
   * {@link #merge} (Spark's tree aggregation) or all at once. A class, not a record: Spark ships it with Kryo.
   */
  public static final class Joint implements Serializable {
    private static final long serialVersionUID = 1L;
    private final long[][] counts;
    private final long[] labelled;

    public Joint(int classes) {
      if (classes < 1) {
        throw new IllegalArgumentException("the confident joint needs at least one class, got " + classes);
      }
      counts = new long[classes][classes];
      labelled = new long[classes];
    }

    /** Counts one sample labelled {@code given} whose confident class is {@code confident} (-1: none). */
    public Joint add(int given, int confident) {
      labelled[given]++;
      if (confident >= 0) {
        counts[given][confident]++;
      }
      return this;
    }

    public Joint merge(Joint other) {
      for (int i = 0; i < labelled.length; i++) {
        labelled[i] += other.labelled[i];
        for (int j = 0; j < labelled.length; j++) {
          counts[i][j] += other.counts[i][j];
        }
      }
      return this;
    }

    public int classes() {
      return labelled.length;
    }

    public long count(int given, int confident) {
      return counts[given][confident];
    }

    public long labelled(int given) {
      return labelled[given];
    }

    /** The samples of class i the joint counted (those with a confident class). */
    public long counted(int given) {
      return Arrays.stream(counts[given]).sum();
    }

    /** {@code C~}: each row rescaled to the samples carrying its label; a row with nothing counted stays 0. */
    public double[][] calibrated() {
      int k = classes();
      double[][] calibrated = new double[k][k];
      for (int i = 0; i < k; i++) {
        long counted = counted(i);
        for (int j = 0; j < k && counted > 0; j++) {
          calibrated[i][j] = counts[i][j] / (double) counted * labelled[i];
        }
      }
      return calibrated;
    }

    /**
     * The estimated share of class i's labels that are wrong, {@code 1 - C[i][i] / sum_j C[i][j]}; NaN where the joint
     * counted no sample of class i.
     */
    public double noiseRate(int given) {
      long counted = counted(given);
      return counted == 0 ? Double.NaN : 1 - counts[given][given] / (double) counted;
    }

    /**
     * The estimated share of all labels that are wrong: the off-diagonal mass of {@code C~} over its total (the paper's
     * Q = C~ / sum C~), i.e. over the crops of the classes the joint counted anything of.
     */
    public double overallNoiseRate() {
      double wrong = 0;
      long total = 0;
      double[][] calibrated = calibrated();
      for (int i = 0; i < classes(); i++) {
        total += counted(i) > 0 ? labelled[i] : 0;
        for (int j = 0; j < classes(); j++) {
          wrong += i == j ? 0 : calibrated[i][j];
        }
      }
      return total == 0 ? Double.NaN : wrong / total;
    }

    /** The class most of class i's probably wrong labels belong to: argmax over j != i of C[i][j]; -1 if none. */
    public int likelyTrueClass(int given) {
      int best = -1;
      for (int j = 0; j < classes(); j++) {
        if (j != given && counts[given][j] > 0 && (best < 0 || counts[given][j] > counts[given][best])) {
          best = j;
        }
      }
      return best;
    }

    /**
     * The noise matrix {@code P(given = i | true = j) = Q[i][j] / sum_i Q[i][j]}, column-stochastic; a column with no
     * mass is NaN.
     */
    public double[][] noiseMatrix() {
      double[][] calibrated = calibrated();
      int k = classes();
      double[][] matrix = new double[k][k];
      for (int j = 0; j < k; j++) {
        double column = 0;
        for (int i = 0; i < k; i++) {
          column += calibrated[i][j];
        }
        for (int i = 0; i < k; i++) {
          matrix[i][j] = column > 0 ? calibrated[i][j] / column : Double.NaN;
        }
      }
      return matrix;
    }

    /**
     * Percentile intervals of each class's noise rate (index 0..k-1) and the overall rate (index k) over
     * {@code resamples} multinomial resamples of each row of the joint (the label counts held fixed): the sampling
     * variability of the joint, not of the probe that produced it. Rows {@code {low, high}}; NaN where undefined.
     */
    public double[][] noiseRateIntervals(int resamples, double level, long seed) {
      if (resamples < 1 || !(level > 0 && level < 1)) {
        throw new IllegalArgumentException("need resamples >= 1 and a level in (0, 1), got " + resamples + ", "
            + level);
      }
      int k = classes();
      double[][] draws = new double[k + 1][resamples];
      SplittableRandom random = new SplittableRandom(seed);
      for (int b = 0; b < resamples; b++) {
        Joint resampled = new Joint(k);
        for (int i = 0; i < k; i++) {
          resampled.labelled[i] = labelled[i];
          Multinomial.sample(random, counted(i), counts[i], resampled.counts[i]);
          draws[i][b] = resampled.noiseRate(i);
        }
        draws[k][b] = resampled.overallNoiseRate();
      }
      double[][] intervals = new double[k + 1][];
      for (int r = 0; r <= k; r++) {
        intervals[r] = percentiles(draws[r], (1 - level) / 2, (1 + level) / 2);
      }
      return intervals;
    }

    private static double[] percentiles(double[] values, double low, double high) {
      double[] finite = Arrays.stream(values).filter(v -> !Double.isNaN(v)).sorted().toArray();
      if (finite.length == 0) {
        return new double[] {Double.NaN, Double.NaN};
      }
      return new double[] {quantile(finite, low), quantile(finite, high)};
    }

    private static double quantile(double[] sorted, double q) {
      double position = q * (sorted.length - 1);
      int below = (int) Math.floor(position);
      int above = Math.min(sorted.length - 1, below + 1);
      return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }
  }
}
