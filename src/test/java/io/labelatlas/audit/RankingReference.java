package io.labelatlas.audit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The tests' measure of a whole ranking held in memory, overall and within each class (the ranking restricted to the
 * samples whose given label is that class): precision@k and recall@k by the production arithmetic
 * ({@link RankingQuality#fromHead} over the full ranking), plus R-precision (precision at k = the number of flipped
 * samples) and average precision (the mean of the precision at the rank of each flipped sample), which need the
 * whole ranking and so are not computed by the audit. Measures that divide by the number of flipped samples are NaN
 * when that is 0.
 */
final class RankingReference {
  private RankingReference() {}

  /**
   * @param samples how many samples the ranking holds
   * @param flipped how many of them are flipped
   */
  record Summary(int samples, int flipped, List<RankingQuality.AtK> atK, double rPrecision,
      double averagePrecision) {}

  /** @param byClass one summary per class index present in the data, ascending */
  record Report(Summary overall, Map<Integer, Summary> byClass) {}

  /**
   * @param scores higher is ranked first; equal scores keep the order of the arrays
   * @param flipped whether each sample's label was flipped
   * @param classes each sample's given class (any int)
   */
  static Report evaluate(double[] scores, boolean[] flipped, int[] classes, int[] ks) {
    if (scores.length != flipped.length || scores.length != classes.length) {
      throw new IllegalArgumentException(scores.length + " scores, " + flipped.length + " truth flags and "
          + classes.length + " classes: they must be as many");
    }
    Integer[] boxed = new Integer[scores.length];
    Arrays.setAll(boxed, i -> i);
    Arrays.sort(boxed, Comparator.comparingDouble(i -> -scores[i]));
    int[] order = Arrays.stream(boxed).mapToInt(Integer::intValue).toArray();

    Map<Integer, List<Integer>> members = new TreeMap<>();
    for (int i : order) {
      members.computeIfAbsent(classes[i], c -> new ArrayList<>()).add(i);
    }
    Map<Integer, Summary> byClass = new TreeMap<>();
    for (Map.Entry<Integer, List<Integer>> entry : members.entrySet()) {
      byClass.put(entry.getKey(), summarize(entry.getValue().stream().mapToInt(Integer::intValue).toArray(), flipped,
          ks));
    }
    return new Report(summarize(order, flipped, ks), Collections.unmodifiableMap(byClass));
  }

  /** The measures of the ranking {@code order} (sample indices, first ranked first). */
  static Summary summarize(int[] order, boolean[] flipped, int[] ks) {
    int n = order.length;
    boolean[] ranked = new boolean[n];
    int total = 0;
    for (int r = 0; r < n; r++) {
      ranked[r] = flipped[order[r]];
      total += ranked[r] ? 1 : 0;
    }
    List<RankingQuality.AtK> atK = RankingQuality.fromHead(ranked, n, total, ks);
    double rPrecision = total == 0 ? Double.NaN : hitsInTop(ranked, total) / (double) total;
    double precisionSum = 0;
    int hits = 0;
    for (int r = 0; r < n; r++) {
      if (ranked[r]) {
        hits++;
        precisionSum += hits / (double) (r + 1);
      }
    }
    double averagePrecision = total == 0 ? Double.NaN : precisionSum / total;
    return new Summary(n, total, atK, rPrecision, averagePrecision);
  }

  private static long hitsInTop(boolean[] ranked, int k) {
    long hits = 0;
    for (int r = 0; r < Math.min(k, ranked.length); r++) {
      hits += ranked[r] ? 1 : 0;
    }
    return hits;
  }
}
