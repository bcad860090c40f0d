package io.labelatlas.cluster.hdbscan.ml;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Chooses the bounded set of training points an {@link HDBSCANModel} keeps for approximate prediction: a quota per
 * label (noise included) proportional to the label's size but never below a floor, so that small clusters stay
 * predictable, and within a label the points of smallest seeded hash priority. The priority depends only on the seed
 * and the point's index, so the driver (exact mode) and a Spark pre-filter (partitioned mode) pick alike. Each kept
 * point gets a weight, the number of training points of its label it stands for.
 */
final class ReferenceSample {
  /** The floor of a label's quota (or all its points if it has fewer). */
  static final int MIN_PER_LABEL = 10;

  private ReferenceSample() {}

  /** @param positions ascending positions into the candidate arrays; {@code weights[i]} belongs to positions[i] */
  record Selection(int[] positions, double[] weights) {}

  /**
   * Points to keep per label. Labels are slots {@code label + 1} (slot 0 is noise). When the labels outnumber
   * {@code sampleSize}, every non-empty label still keeps one point, so the total can exceed {@code sampleSize}.
   */
  static long[] quotas(long[] counts, int sampleSize, int minPerLabel) {
    if (sampleSize < 1) {
      throw new IllegalArgumentException("'predictionSampleSize' must be at least 1, got " + sampleSize);
    }
    long total = Arrays.stream(counts).sum();
    if (total <= sampleSize) {
      return counts.clone();
    }
    long nonEmpty = Arrays.stream(counts).filter(c -> c > 0).count();
    long floor = Math.max(1, Math.min(minPerLabel, sampleSize / nonEmpty));
    long[] quotas = new long[counts.length];
    long rest = 0;
    for (int l = 0; l < counts.length; l++) {
      quotas[l] = Math.min(counts[l], floor);
      rest += counts[l] - quotas[l];
    }
    long budget = sampleSize - Arrays.stream(quotas).sum();
    if (budget <= 0 || rest == 0) {
      return quotas;
    }
    // Largest-remainder apportionment of the budget over what each label has left.
    double[] remainders = new double[counts.length];
    long given = 0;
    for (int l = 0; l < counts.length; l++) {
      double share = (double) budget * (counts[l] - quotas[l]) / rest;
      long whole = (long) Math.floor(share);
      quotas[l] += whole;
      given += whole;
      remainders[l] = share - whole;
    }
    Integer[] byRemainder = new Integer[counts.length];
    Arrays.setAll(byRemainder, l -> l);
    Arrays.sort(byRemainder, Comparator.comparingDouble((Integer l) -> -remainders[l]).thenComparingInt(l -> l));
    for (int at = 0; given < budget && at < byRemainder.length; at++) {
      int l = byRemainder[at];
      if (quotas[l] < counts[l]) {
        quotas[l]++;
        given++;
      }
    }
    return quotas;
  }

  /** A uniform number in [0, 1) fixed by the seed and the point's index (SplitMix64 finaliser). */
  static double priority(long seed, long pointIndex) {
    long z = seed + 0x9E3779B97F4A7C15L * (pointIndex + 1);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    z = z ^ (z >>> 31);
    return (z >>> 11) * 0x1.0p-53;
  }

  /**
   * The share of a label's points a Spark pre-filter on {@code priority < fraction} keeps, chosen so that at least
   * {@code quota} survive with overwhelming probability (mean plus six standard deviations, and some slack).
   */
  static double prefilterFraction(long count, long quota) {
    if (count == 0 || quota >= count) {
      return 1.0;
    }
    double wanted = quota + 6 * Math.sqrt(quota) + 20;
    return Math.min(1.0, wanted / count);
  }

  /**
   * Per label, the {@code quotas[label + 1]} candidates of smallest priority.
   *
   * @param pointIndices training-point index of each candidate
   * @param labels label of each candidate, -1 for noise
   * @param counts training points per label slot (all of them, not only the candidates), for the weights
   */
  static Selection select(long[] pointIndices, int[] labels, long[] counts, long[] quotas, long seed) {
    if (pointIndices.length != labels.length) {
      throw new IllegalArgumentException(
          pointIndices.length + " candidate indices but " + labels.length + " candidate labels");
    }
    List<List<Integer>> bySlot = new ArrayList<>();
    for (int l = 0; l < counts.length; l++) {
      bySlot.add(new ArrayList<>());
    }
    for (int i = 0; i < labels.length; i++) {
      int slot = labels[i] + 1;
      if (slot < 0 || slot >= counts.length) {
        throw new IllegalArgumentException("candidate " + pointIndices[i] + " has label " + labels[i]
            + " outside -1.." + (counts.length - 2));
      }
      bySlot.get(slot).add(i);
    }
    List<Integer> kept = new ArrayList<>();
    double[] weightOf = new double[labels.length];
    for (int slot = 0; slot < counts.length; slot++) {
      List<Integer> members = bySlot.get(slot);
      members.sort(Comparator.comparingDouble((Integer i) -> priority(seed, pointIndices[i]))
          .thenComparingLong(i -> pointIndices[i]));
      int take = (int) Math.min(members.size(), quotas[slot]);
      for (int at = 0; at < take; at++) {
        int i = members.get(at);
        kept.add(i);
        weightOf[i] = Math.max(1.0, (double) counts[slot] / take);
      }
    }
    kept.sort(Comparator.comparingLong(i -> pointIndices[i]));
    int[] positions = kept.stream().mapToInt(Integer::intValue).toArray();
    double[] weights = Arrays.stream(positions).mapToDouble(i -> weightOf[i]).toArray();
    return new Selection(positions, weights);
  }

  /** Points per label slot ({@code label + 1}) for labels in -1..numClusters-1. */
  static long[] counts(int[] labels, int numClusters) {
    long[] counts = new long[numClusters + 1];
    for (int label : labels) {
      if (label < -1 || label >= numClusters) {
        throw new IllegalArgumentException("label " + label + " outside -1.." + (numClusters - 1));
      }
      counts[label + 1]++;
    }
    return counts;
  }
}
