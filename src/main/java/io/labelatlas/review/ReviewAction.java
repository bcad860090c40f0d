package io.labelatlas.review;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What a reviewer did, as written in {@code decisions.action}, and the label source it writes. */
public enum ReviewAction {
  /** The cluster's members carry this label (its majority label, or the one given). */
  CONFIRM(true, LabelSources.CLUSTER_CONFIRMED),
  /** As confirm, with a label other than the cluster's majority. */
  RENAME(true, LabelSources.CLUSTER_CONFIRMED),
  /** Two or more clusters are one class: every member gets the label. */
  MERGE(true, LabelSources.CLUSTER_CONFIRMED),
  /** Single crops get a label of their own. */
  RELABEL(false, LabelSources.HUMAN),
  /** The reviewer cannot tell: recorded, no label written, the crops stay for review. */
  UNSURE(false, null);

  private final boolean clusterLevel;
  private final String labelSource;

  ReviewAction(boolean clusterLevel, String labelSource) {
    this.clusterLevel = clusterLevel;
    this.labelSource = labelSource;
  }

  /** True when the action names clusters of one clustering rather than crops. */
  public boolean clusterLevel() {
    return clusterLevel;
  }

  /** The {@code labels.source} the action writes; null for {@link #UNSURE}. */
  public String labelSource() {
    return labelSource;
  }

  public String word() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static ReviewAction parse(String word) {
    for (ReviewAction action : values()) {
      if (action.word().equals(word)) return action;
    }
    throw new DecisionException("unknown review action '" + word + "': one of "
        + Arrays.stream(values()).map(ReviewAction::word).collect(Collectors.joining(", ")));
  }
}
