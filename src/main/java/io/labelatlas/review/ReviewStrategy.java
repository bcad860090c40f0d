package io.labelatlas.review;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The order in which a simulated reviewer works through a run ({@link ReviewSimulation}). */
public enum ReviewStrategy {
  /** Crops one at a time in a random order, nothing propagated: labelling without the tool. */
  ONE_BY_ONE(false, false, false),
  /** Every cluster once, in a random order, then single crops from the {@link ReviewQueue}. */
  CLUSTERS_RANDOM(true, true, false),
  /** Every cluster once, largest first, then single crops from the queue. */
  CLUSTERS_LARGEST(true, true, false),
  /** Every cluster once, the least pure against the base labels first, then single crops from the queue. */
  CLUSTERS_WORST(true, true, true),
  /** Single crops from the queue only. */
  QUEUE(false, true, false),
  /** The run's suspects in their rank order, then the rest at random. */
  SUSPECTS(false, false, true),
  /** The run's suspects in the order of the plain 10-nearest-neighbour vote, then the rest at random. */
  KNN_VOTE(false, false, true);

  private final boolean clusters;
  private final boolean propagates;
  private final boolean needsBase;

  ReviewStrategy(boolean clusters, boolean propagates, boolean needsBase) {
    this.clusters = clusters;
    this.propagates = propagates;
    this.needsBase = needsBase;
  }

  /** True when the reviewer first confirms whole clusters. */
  public boolean clusters() {
    return clusters;
  }

  /** True when labels are propagated after each batch of decisions. */
  public boolean propagates() {
    return propagates;
  }

  /** True when the strategy needs the labels under audit (an audit, not a cold start). */
  public boolean needsBase() {
    return needsBase;
  }

  public String word() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public static ReviewStrategy parse(String word) {
    for (ReviewStrategy strategy : values()) {
      if (strategy.word().equals(word.strip())) return strategy;
    }
    throw new DecisionException("unknown review strategy '" + word + "': one of "
        + Arrays.stream(values()).map(ReviewStrategy::word).collect(Collectors.joining(", ")));
  }
}
