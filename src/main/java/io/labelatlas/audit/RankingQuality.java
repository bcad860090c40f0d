package io.labelatlas.audit;

import java.util.ArrayList;
import java.util.List;

/**
 * How well a ranking of samples puts the truly flipped labels first: precision@k and recall@k, scored from the head
 * of the ranking alone (whether each of its first max(k) samples is flipped) and two counts, so that a ranking too
 * large to hold is scored from the rows {@link SuspectQuality} collects, overall and within each class. A k
 * beyond the end of a ranking of n samples counts as n, so precision@k is then the share of flipped samples among all
 * n. Recall is NaN when nothing is flipped, precision when the ranking is empty.
 */
public final class RankingQuality {
  private RankingQuality() {}

  public record AtK(int k, double precision, double recall) {}

  /**
   * The measures at each k, in the order of {@code ks}.
   *
   * @param head whether each of the first ranks is flipped, first rank first; at least min(max(ks), samples) of them
   * @param samples how many samples the whole ranking holds
   * @param flipped how many of them are flipped
   */
  public static List<AtK> fromHead(boolean[] head, long samples, long flipped, int[] ks) {
    List<AtK> measures = new ArrayList<>(ks.length);
    for (int k : ks) {
      long taken = Math.min(k, samples);
      if (head.length < taken) {
        throw new IllegalArgumentException("precision@" + k + " needs the first " + taken + " ranks, got "
            + head.length);
      }
      long hits = 0;
      for (int r = 0; r < taken; r++) {
        hits += head[r] ? 1 : 0;
      }
      measures.add(atK(k, hits, samples, flipped));
    }
    return List.copyOf(measures);
  }

  /**
   * Precision and recall at {@code k} from counts alone: {@code hits} flipped among the first {@code min(k, samples)}
   * of {@code samples}, {@code flipped} in all.
   */
  public static AtK atK(int k, long hits, long samples, long flipped) {
    if (k < 1) {
      throw new IllegalArgumentException("k must be at least 1, got " + k);
    }
    long taken = Math.min(k, samples);
    if (hits < 0 || hits > taken || hits > flipped || flipped > samples) {
      throw new IllegalArgumentException("inconsistent counts: " + hits + " flipped in the top " + taken + " of "
          + samples + " samples, " + flipped + " flipped in all");
    }
    return new AtK(k, taken == 0 ? Double.NaN : hits / (double) taken,
        flipped == 0 ? Double.NaN : hits / (double) flipped);
  }

  /**
   * Measures of a whole ranking: precision at k = the number flipped (R-precision: "if I review as many as are wrong,
   * how many are wrong?"), average precision (the mean, over the flipped samples, of the precision at each one's rank)
   * and AUROC (the chance that a flipped sample ranks above a correct one; tied scores count in rank order). NaN where
   * undefined (nothing flipped; AUROC also when everything is).
   */
  public record Whole(double precisionAtFlipped, double averagePrecision, double auroc) {}

  /**
   * From the sums a distributed pass produces over the flipped samples only, the j-th of them (1-based, in rank order)
   * at rank {@code r_j}: {@code precisionTerms} = sum of j / r_j, {@code correctAbove} = sum of (r_j - j), the
   * correct samples ranked above each flipped one, and {@code hitsAtFlipped} = the flipped samples with rank <= flipped.
   */
  public static Whole whole(long samples, long flipped, double precisionTerms, long correctAbove, long hitsAtFlipped) {
    if (flipped < 0 || flipped > samples || hitsAtFlipped < 0 || hitsAtFlipped > flipped || correctAbove < 0
        || correctAbove > flipped * (samples - flipped)) {
      throw new IllegalArgumentException("inconsistent counts: " + flipped + " flipped of " + samples + ", "
          + hitsAtFlipped + " in the top " + flipped + ", " + correctAbove + " correct above flipped ones");
    }
    if (flipped == 0) {
      return new Whole(Double.NaN, Double.NaN, Double.NaN);
    }
    long correct = samples - flipped;
    double auroc = correct == 0 ? Double.NaN : 1 - correctAbove / ((double) flipped * correct);
    return new Whole(hitsAtFlipped / (double) flipped, precisionTerms / flipped, auroc);
  }

  /** {@link #whole} from the ranks (1-based, distinct) of the flipped samples in a ranking of {@code samples}. */
  public static Whole fromFlippedRanks(long[] flippedRanks, long samples) {
    long[] ranks = flippedRanks.clone();
    java.util.Arrays.sort(ranks);
    double terms = 0;
    long above = 0;
    long hits = 0;
    for (int j = 1; j <= ranks.length; j++) {
      long rank = ranks[j - 1];
      if (rank < j || rank > samples) {
        throw new IllegalArgumentException("rank " + rank + " is not a distinct rank of " + samples + " samples");
      }
      terms += j / (double) rank;
      above += rank - j;
      hits += rank <= ranks.length ? 1 : 0;
    }
    return whole(samples, ranks.length, terms, above, hits);
  }
}
