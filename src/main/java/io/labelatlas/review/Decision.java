package io.labelatlas.review;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

/**
 * One reviewer action on one run: clusters of one clustering (confirm, rename, merge, unsure) or single crops
 * (relabel, unsure). Its id hashes everything it says, time included, so the same request sent twice is one decision.
 *
 * @param algorithm the clustering whose cluster ids {@code clusters} are; null for crop actions
 * @param labelBefore what the targets showed before (a cluster's majority label, a crop's current label), or null
 * @param labelAfter the label the targets get; null only for {@link ReviewAction#UNSURE}
 */
public record Decision(String runId, String algorithm, String reviewer, Instant decidedAt, ReviewAction action,
    List<Integer> clusters, List<String> cropIds, String labelBefore, String labelAfter) {
  /** Longest label accepted, in characters. */
  public static final int MAX_LABEL_LENGTH = 200;

  public Decision {
    require(runId != null && !runId.isBlank(), "a decision needs the run id");
    require(reviewer != null && !reviewer.isBlank(), "a decision needs the reviewer's name");
    require(decidedAt != null && action != null, "a decision needs its time and action");
    clusters = clusters == null ? List.of() : List.copyOf(clusters);
    cropIds = cropIds == null ? List.of() : List.copyOf(cropIds);
    labelAfter = label(labelAfter);
    require(cropIds.stream().distinct().count() == cropIds.size(), "a crop is named twice");
    if (action.clusterLevel()) {
      require(algorithm != null && !algorithm.isBlank(), action.word() + " names clusters: give the algorithm");
      require(cropIds.isEmpty(), action.word() + " names clusters, not crops");
      require(action == ReviewAction.MERGE ? clusters.size() >= 2 : clusters.size() == 1,
          action == ReviewAction.MERGE ? "merge needs two or more clusters" : action.word() + " names one cluster");
      require(clusters.stream().distinct().count() == clusters.size(), "a cluster is named twice");
      require(clusters.stream().allMatch(c -> c >= 0), action.word() + " names clusters, not noise (cluster -1): "
          + "relabel noise crops one by one");
    } else if (action == ReviewAction.RELABEL) {
      require(!cropIds.isEmpty() && clusters.isEmpty(), "relabel names crops");
    } else {
      require(clusters.isEmpty() != cropIds.isEmpty(), "unsure names either clusters or crops");
      require(clusters.isEmpty() || algorithm != null, "unsure about clusters: give the algorithm");
    }
    require((labelAfter == null) == (action == ReviewAction.UNSURE),
        action == ReviewAction.UNSURE ? "unsure sets no label" : action.word() + " needs the new label");
  }

  private static String label(String label) {
    if (label == null) return null;
    String trimmed = label.strip();
    require(!trimmed.isEmpty(), "a label cannot be blank");
    require(trimmed.length() <= MAX_LABEL_LENGTH, "a label is at most " + MAX_LABEL_LENGTH + " characters");
    require(trimmed.chars().noneMatch(Character::isISOControl), "a label cannot hold control characters");
    return trimmed;
  }

  private static void require(boolean condition, String message) {
    if (!condition) throw new DecisionException(message);
  }

  /** 32 hex of the sha256 of every field: stable across retries of the same request. */
  public String decisionId() {
    String text = String.join("\u0000", runId, String.valueOf(algorithm), reviewer, decidedAt.toString(),
        action.word(), clusters.toString(), cropIds.toString(), String.valueOf(labelBefore),
        String.valueOf(labelAfter));
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
