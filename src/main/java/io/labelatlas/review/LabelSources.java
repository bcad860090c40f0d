package io.labelatlas.review;

import java.util.List;

/**
 * The {@code labels.source} values a review writes and the order in which a crop's labels decide its current label: a
 * person's own decision on the crop, then a cluster a person confirmed, then the labels the audit ran on (the input's
 * {@code given} ones, or injected noise), then a propagated label. A machine never writes {@code human} or
 * {@code cluster_confirmed} rows, so no rerun can overrule a person.
 */
public final class LabelSources {
  public static final String HUMAN = "human";
  public static final String CLUSTER_CONFIRMED = "cluster_confirmed";
  public static final String GIVEN = "given";
  public static final String PROPAGATED = "propagated";

  private LabelSources() {}

  /** Sources from the strongest to the weakest, with {@code base} as the labels the review started from. */
  public static List<String> precedence(String base) {
    return List.of(HUMAN, CLUSTER_CONFIRMED, base, PROPAGATED);
  }

  /** Sources a person's decisions count as: spreading treats them as certain. */
  public static boolean decidedByPerson(String source) {
    return HUMAN.equals(source) || CLUSTER_CONFIRMED.equals(source);
  }
}
