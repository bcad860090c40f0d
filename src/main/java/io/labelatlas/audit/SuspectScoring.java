package io.labelatlas.audit;

import java.io.Serializable;
import java.util.List;

/**
 * Turns {@link LabelEvidence} into a label-error score, calibrated per class in the manner of confident learning
 * (Northcutt, Jiang and Chuang, "Confident learning: estimating uncertainty in dataset labels", JAIR 2021): class j's
 * threshold {@code t_j} is the mean of {@code p_i(j)} over the samples labelled j, its expected self-confidence, and
 * evidence counts relative to it. A sample's score is {@code 1 - p_i(y_i) / t_(y_i)} (higher is more suspect; above 0
 * when its own class gets less support than that class usually does), its suggested label the other class with the
 * largest {@code p_i(j) / t_j}, and it is flagged when that ratio exceeds its own class's. The calibration is what lets
 * rare classes compete: a correct sample of a rare, diffuse class gets few votes from its neighbours, but so do the
 * other members of its class, so its ratio stays near 1. The baseline is the plain k-nearest-neighbour vote
 * {@code 1 - share of the labelled neighbours carrying y_i}, with no cluster evidence and no calibration.
 *
 * <p>Why this form. A seeded synthetic experiment (Gaussian classes with sub-clusters in 10 and 16 dimensions,
 * 10% uniformly flipped labels, k-means clusters with the 8% farthest points made noise, 10 exact neighbours, alpha
 * 0.5, 8 seeds, precision at 10/25/50/100/200; scenarios: 6 balanced classes, NEU-DET-like sizes, a compact rare
 * class of 7%, a diffuse rare class of 3%) gave, for the NEU-DET-like sizes, kNN vote 0.89 0.89 0.91 0.91 0.91 and
 * this score 0.98 0.99 0.97 0.97 0.96; with the diffuse rare class 0.93 0.86 0.85 0.87 0.87 against 0.98 0.99 0.98
 * 0.98 0.97, and the rare class's R-precision rose from 0.71 to 0.77. Variations tried: the uncalibrated mixture
 * {@code 1 - p_i(y_i)} was as good or slightly better where the rare class is compact (it then receives nearly as many
 * flipped labels as it has correct ones, which lowers its threshold) and worse where it is diffuse (0.99 0.95 0.95 0.97
 * 0.96), which is the case the field data shows; the geometric mean of calibrated neighbour and cluster evidence was
 * no better than the vote at small k; giving noise points neighbours only, instead of the global label shares (see
 * {@link LabelEvidence}), dropped precision@10 to 0.56 with the diffuse rare class. Within one class every variant
 * ranks by {@code p_i(y_i)}, so per-class gains come from the cluster evidence, the calibration decides how the
 * classes interleave.
 *
 * <p>Equal scores are ordered by {@link #tieBreak}, a seeded hash of the crop id, then the id: deterministic, and
 * unrelated to how ids were assigned, since the vote's many ties (shares are multiples of 1/k) would otherwise be
 * ordered by whatever the ids encode. {@link RankKey} is that order; the Spark stage ranks by it.
 */
public final class SuspectScoring {
  private SuspectScoring() {}

  /**
   * One sample's verdict.
   *
   * @param score {@code 1 - p(y) / t_y}; 0 when the sample has no evidence
   * @param suggested the other class with the largest calibrated probability, -1 when no other class has any
   * @param flag whether the suggested class's calibrated probability exceeds the given class's
   */
  public record Suspect(double score, int suggested, boolean flag) {}

  /**
   * Per-class thresholds from per-class aggregates: {@code t_j = sum_j / count_j}, where {@code sum_j} adds
   * {@code p_i(j)} over the samples labelled j; NaN for a class without samples.
   */
  public static double[] thresholds(double[] ownProbabilitySums, long[] counts) {
    if (ownProbabilitySums.length != counts.length) {
      throw new IllegalArgumentException(ownProbabilitySums.length + " sums for " + counts.length + " counts");
    }
    double[] thresholds = new double[counts.length];
    for (int j = 0; j < counts.length; j++) {
      thresholds[j] = counts[j] > 0 ? ownProbabilitySums[j] / counts[j] : Double.NaN;
    }
    return thresholds;
  }

  /** The thresholds of a set of samples held in memory (the Spark stage aggregates instead). */
  public static double[] thresholds(List<LabelEvidence> samples, int classes) {
    double[] sums = new double[classes];
    long[] counts = new long[classes];
    for (LabelEvidence sample : samples) {
      sums[sample.given()] += sample.probability(sample.given());
      counts[sample.given()]++;
    }
    return thresholds(sums, counts);
  }

  public static Suspect score(LabelEvidence evidence, double[] thresholds) {
    if (!evidence.hasEvidence()) {
      return new Suspect(0, -1, false);
    }
    return score(evidence.given(), evidence.probabilities(), thresholds);
  }

  /**
   * The calibrated score of a sample labelled {@code given} with class probabilities {@code p}. A class whose own
   * samples have no evidence for it ({@code t_j = 0}) gets ratio 0: it cannot be suggested, and a sample carrying it
   * scores 1.
   */
  public static Suspect score(int given, double[] p, double[] thresholds) {
    if (p.length != thresholds.length) {
      throw new IllegalArgumentException(p.length + " probabilities for " + thresholds.length + " thresholds");
    }
    double own = ratio(p[given], thresholds[given]);
    int suggested = -1;
    double best = 0;
    for (int j = 0; j < p.length; j++) {
      double ratio = j == given ? 0 : ratio(p[j], thresholds[j]);
      if (ratio > best) {
        best = ratio;
        suggested = j;
      }
    }
    return new Suspect(1 - own, suggested, suggested >= 0 && best > own);
  }

  private static double ratio(double probability, double threshold) {
    return threshold > 0 ? probability / threshold : 0;
  }

  /**
   * The plain kNN vote: 1 minus the share of the labelled neighbours that carry the given label; 0 (no evidence
   * against the label) without labelled neighbours.
   */
  public static double baselineScore(int given, int[] neighbourLabels) {
    if (neighbourLabels.length == 0) {
      return 0;
    }
    int agreeing = 0;
    for (int label : neighbourLabels) {
      if (label == given) {
        agreeing++;
      }
    }
    return 1 - agreeing / (double) neighbourLabels.length;
  }

  /** A seeded 64-bit hash of the crop id (FNV-1a over its chars, then the SplitMix64 finaliser): the tie order. */
  public static long tieBreak(String cropId, long seed) {
    long hash = 0xcbf29ce484222325L;
    for (int i = 0; i < cropId.length(); i++) {
      hash ^= cropId.charAt(i);
      hash *= 0x100000001b3L;
    }
    long z = hash + seed * 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /**
   * A sample's place in a ranking, most suspect first: by score descending, then {@link #tieBreak} ascending, then
   * crop id. {@code SuspectStage} sorts its rows by these keys, so this is the order of the {@code rank} columns. A
   * class, not a record: Spark shuffles it with Kryo, which cannot build records.
   */
  public static final class RankKey implements Comparable<RankKey>, Serializable {
    private static final long serialVersionUID = 1L;
    private final double score;
    private final long tie;
    private final String cropId;

    public RankKey(double score, String cropId, long seed) {
      if (cropId == null) {
        throw new IllegalArgumentException("a ranked sample needs a crop id");
      }
      this.score = score;
      this.tie = tieBreak(cropId, seed);
      this.cropId = cropId;
    }

    @Override
    public int compareTo(RankKey other) {
      int byScore = Double.compare(other.score, score);
      if (byScore != 0) {
        return byScore;
      }
      int byTie = Long.compare(tie, other.tie);
      return byTie != 0 ? byTie : cropId.compareTo(other.cropId);
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof RankKey key && Double.compare(score, key.score) == 0 && tie == key.tie
          && cropId.equals(key.cropId);
    }

    @Override
    public int hashCode() {
      return Double.hashCode(score) * 31 + cropId.hashCode();
    }

    @Override
    public String toString() {
      return cropId + " (score " + score + ", tie " + tie + ")";
    }
  }
}
