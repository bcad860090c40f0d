package io.labelatlas.evaluate;

import java.util.Arrays;
import java.util.function.BiFunction;
import java.util.stream.IntStream;

/**
 * The two ways to score a clustering whose noise points (HDBSCAN*, DBSCAN) carry a negative cluster id, -1 by
 * convention. Reports must say which one a number used; {@link #both} gives both at once.
 *
 * <ul>
 *   <li>{@link #CLUSTERED_ONLY}: metrics over the clustered points alone, always reported with the coverage (the
 *       fraction of points clustered), since dropping hard points flatters any score.
 *   <li>{@link #NOISE_AS_ONE_CLUSTER}: every noise point goes into one extra cluster (id -1), which penalises noise
 *       the way an impure cluster is penalised. This is what scikit-learn computes when given labels with -1.
 * </ul>
 *
 * DBCV needs neither: noise enters it by definition (see {@link Dbcv}).
 */
public enum NoiseTreatment {
  CLUSTERED_ONLY,
  NOISE_AS_ONE_CLUSTER;

  /** The cluster id noise gets under {@link #NOISE_AS_ONE_CLUSTER}; every negative id counts as noise. */
  public static final int NOISE = -1;

  /**
   * A metric both ways. {@code clusteredOnly} is null when the metric is undefined on the clustered points (none
   * clustered, or too few clusters for a geometric metric); likewise {@code noiseAsOneCluster}.
   */
  public record BothWays<T>(T clusteredOnly, double coverage, long clustered, long noise, T noiseAsOneCluster) {}

  /** The table under this treatment: noise columns dropped, or merged into one column -1. */
  public ContingencyTable apply(ContingencyTable table) {
    if (table == null) throw new IllegalArgumentException("contingency table is null");
    ContingencyTable.Builder builder = ContingencyTable.builder();
    table.forEachCell((i, j, count) -> {
      long id = table.clusterId(j);
      if (id >= 0) {
        builder.add(table.className(i), id, count);
      } else if (this == NOISE_AS_ONE_CLUSTER) {
        builder.add(table.className(i), NOISE, count);
      }
    });
    return builder.build();
  }

  /** The indices of the samples this treatment scores: the clustered ones, or all. */
  public int[] sampleIndices(int[] clusters) {
    checkClusters(clusters);
    if (this == NOISE_AS_ONE_CLUSTER) return IntStream.range(0, clusters.length).toArray();
    return IntStream.range(0, clusters.length).filter(i -> clusters[i] >= 0).toArray();
  }

  /** The cluster ids of {@link #sampleIndices} under this treatment (noise ids mapped to -1 in the second). */
  public int[] labels(int[] clusters) {
    int[] indices = sampleIndices(clusters);
    int[] labels = new int[indices.length];
    for (int s = 0; s < indices.length; s++) labels[s] = Math.max(clusters[indices[s]], NOISE);
    return labels;
  }

  /** Fraction of samples in a cluster (not noise). */
  public static double coverage(int[] clusters) {
    checkClusters(clusters);
    if (clusters.length == 0) throw new IllegalArgumentException("no samples: coverage is undefined");
    return Arrays.stream(clusters).filter(c -> c >= 0).count() / (double) clusters.length;
  }

  /** Agreement with the classes both ways, from a table whose noise columns have negative ids. */
  public static BothWays<AgreementScores> agreement(ContingencyTable table) {
    if (table == null || table.n() == 0) throw new IllegalArgumentException("contingency table is null or empty");
    ContingencyTable clusteredOnly = CLUSTERED_ONLY.apply(table);
    long clustered = clusteredOnly.n();
    return new BothWays<>(clustered == 0 ? null : AgreementMetrics.score(clusteredOnly), clustered / (double) table.n(),
        clustered, table.n() - clustered, AgreementMetrics.score(NOISE_AS_ONE_CLUSTER.apply(table)));
  }

  /** Agreement with the classes both ways, from per-sample class and cluster labels. */
  public static BothWays<AgreementScores> agreement(int[] classes, int[] clusters) {
    return agreement(ContingencyTable.fromLabels(classes, clusters));
  }

  public static BothWays<AgreementScores> agreement(String[] classes, int[] clusters) {
    return agreement(ContingencyTable.fromLabels(classes, clusters));
  }

  /** {@link DaviesBouldin} both ways. */
  public static BothWays<Double> daviesBouldin(double[][] points, int[] clusters) {
    return geometric(points, clusters, DaviesBouldin::score);
  }

  /** {@link Silhouette} both ways. */
  public static BothWays<Double> silhouette(double[][] points, int[] clusters) {
    return geometric(points, clusters, Silhouette::score);
  }

  /** Any metric of (points, labels) that needs 2 to n - 1 distinct labels, both ways. */
  public static BothWays<Double> geometric(double[][] points, int[] clusters,
      BiFunction<double[][], int[], Double> metric) {
    checkClusters(clusters);
    if (clusters.length == 0) throw new IllegalArgumentException("no samples to score");
    if (points == null || points.length != clusters.length) {
      throw new IllegalArgumentException("points and cluster labels differ in length: "
          + (points == null ? "no" : points.length) + " points, " + clusters.length + " labels");
    }
    Double[] values = new Double[2];
    long clustered = 0;
    for (NoiseTreatment treatment : values()) {
      int[] indices = treatment.sampleIndices(clusters);
      int[] labels = treatment.labels(clusters);
      if (treatment == CLUSTERED_ONLY) clustered = indices.length;
      long distinct = Arrays.stream(labels).distinct().count();
      if (distinct < 2 || distinct > labels.length - 1) continue;
      double[][] subset = new double[indices.length][];
      for (int s = 0; s < indices.length; s++) subset[s] = points[indices[s]];
      values[treatment.ordinal()] = metric.apply(subset, labels);
    }
    return new BothWays<>(values[0], clustered / (double) clusters.length, clustered, clusters.length - clustered,
        values[1]);
  }

  private static void checkClusters(int[] clusters) {
    if (clusters == null) throw new IllegalArgumentException("cluster labels are null");
  }
}
