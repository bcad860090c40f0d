package io.labelatlas.cluster.dbscan;

/**
 * The outcome of {@link Dbscan#fit}: one label per point ({@link #NOISE} or a cluster {@code 0..clusterCount-1}) and
 * whether each point is a core sample. Arrays are shared, not copied; records compare them by identity.
 */
public record DbscanLabels(int[] labels, boolean[] coreSamples, int clusterCount) {
  public static final int NOISE = -1;
}
