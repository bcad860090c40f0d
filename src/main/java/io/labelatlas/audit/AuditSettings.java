package io.labelatlas.audit;

import java.util.ArrayList;
import java.util.List;

/**
 * Settings of the label audit, validated on construction; each message names the job key it comes from.
 *
 * @param neighbours k of the k-nearest-neighbour evidence ({@code audit.neighbours})
 * @param clusterWeight alpha: weight of the cluster's label shares against the neighbours' in the class-probability
 *     estimate, in [0, 1] ({@code audit.cluster_weight})
 * @param ks the cut-offs of precision@k and recall@k, ascending, distinct ({@code audit.ks})
 * @param maxSuspects the most suspects written to the {@code suspects} table ({@code audit.max_suspects})
 * @param seed seeds the neighbour search and the tie-breaking of equal scores ({@code audit.seed})
 */
public record AuditSettings(int neighbours, double clusterWeight, List<Integer> ks, int maxSuspects, long seed) {
  public static final int DEFAULT_NEIGHBOURS = 10;
  public static final double DEFAULT_CLUSTER_WEIGHT = 0.5;
  public static final List<Integer> DEFAULT_KS = List.of(10, 25, 50, 100, 200);
  public static final int DEFAULT_MAX_SUSPECTS = 10_000;
  /** The largest k: quality() brings the top k of each ranking (per class too) to the driver. */
  public static final int MAX_K = 100_000;
  static final int MAX_NEIGHBOURS = 1_000;

  public AuditSettings {
    if (neighbours < 1 || neighbours > MAX_NEIGHBOURS) {
      throw new IllegalArgumentException("audit.neighbours must be between 1 and " + MAX_NEIGHBOURS + ", got "
          + neighbours);
    }
    if (!(clusterWeight >= 0 && clusterWeight <= 1)) {
      throw new IllegalArgumentException("audit.cluster_weight must be between 0 and 1, got " + clusterWeight);
    }
    if (ks == null || ks.isEmpty()) {
      throw new IllegalArgumentException("audit.ks must list at least one k, got " + ks);
    }
    List<Integer> sorted = new ArrayList<>(ks.size());
    for (Integer k : ks) {
      if (k == null || k < 1 || k > MAX_K) {
        throw new IllegalArgumentException("audit.ks must hold whole numbers between 1 and " + MAX_K + ", got " + k
            + " in " + ks);
      }
      if (sorted.contains(k)) {
        throw new IllegalArgumentException("audit.ks lists " + k + " twice: " + ks);
      }
      sorted.add(k);
    }
    sorted.sort(null);
    ks = List.copyOf(sorted);
    if (maxSuspects < 1) {
      throw new IllegalArgumentException("audit.max_suspects must be at least 1, got " + maxSuspects);
    }
  }

  public static AuditSettings defaults() {
    return new AuditSettings(DEFAULT_NEIGHBOURS, DEFAULT_CLUSTER_WEIGHT, DEFAULT_KS, DEFAULT_MAX_SUSPECTS, 0L);
  }

  public int[] ksArray() {
    return ks.stream().mapToInt(Integer::intValue).toArray();
  }

  public int maxK() {
    return ks.get(ks.size() - 1);
  }
}
