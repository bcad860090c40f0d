package io.labelatlas.cluster.dbscan;

import java.util.Arrays;

/**
 * The outcome of {@link Dbscan#fit} or {@link SpanningTreeCut#cut}: one label per point ({@link #NOISE} or a cluster
 * {@code 0..clusterCount-1}) and whether each point is a core sample. Arrays are shared, not copied; records compare
 * them by identity.
 */
public record DbscanLabels(int[] labels, boolean[] coreSamples, int clusterCount) {
  public static final int NOISE = -1;

  /** DBSCAN*'s labels: these, with every non-core (border) point made noise; a new array. */
  public int[] coreOnly() {
    int[] out = Arrays.copyOf(labels, labels.length);
    for (int p = 0; p < out.length; p++) {
      if (!coreSamples[p]) {
        out[p] = NOISE;
      }
    }
    return out;
  }
}
