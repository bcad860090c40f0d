package io.labelatlas.audit;

import java.util.ArrayList;
import java.util.List;

/**
 * How well a ranking of samples puts the truly flipped labels first: precision@k and recall@k, scored from the head
 * of the ranking alone (whether each of its first max(k) samples is flipped) and two counts, so that a ranking too
 * large to hold is scored from the rows {@link SuspectStage#quality} collects, overall and within each class. A k
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
}
