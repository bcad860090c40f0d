package io.labelatlas.evaluate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Per-cluster and per-class views of a {@link ContingencyTable}: what a quality team reads to see which clusters are
 * clean, which are mixed, and which classes are scattered. Scikit-learn has no purity function; the golden script
 * checks these against a direct numpy computation on {@code contingency_matrix}.
 *
 * <ul>
 *   <li><b>Micro purity</b> = (sum over clusters of the cluster's majority-class count) / n: the share of samples
 *       that carry their cluster's majority label. Large clusters weigh more. Equal to
 *       {@link AgreementMetrics#purity}.
 *   <li><b>Macro purity</b> = mean over clusters of (majority-class count / cluster size): every cluster weighs the
 *       same, so many small mixed clusters pull it down even when one big clean cluster holds most samples.
 * </ul>
 *
 * Both treat every column of the table as a cluster; whether a noise column (negative id) is in the table is the
 * caller's choice, see {@link NoiseTreatment}. Entropies are in nats.
 */
public final class ClusterDiagnostics {
  private ClusterDiagnostics() {}

  /**
   * One cluster: its size, majority class (ties go to the first class in table order, as numpy's argmax), the share
   * of that class (the cluster's purity) and the entropy of its class mix (0 when pure).
   */
  public record ClusterProfile(long cluster, long size, String majorityLabel, long majorityCount, double purity,
      double entropy) {
    /** Noise (a negative cluster id) is shown but never ranked as a best or worst cluster. */
    public boolean isNoise() {
      return cluster < 0;
    }
  }

  /**
   * How one class spreads over clusters: its size, how many clusters hold at least {@code minShare} of it, the
   * entropy of its distribution over clusters (0 when it sits in one cluster), and its largest cluster with the
   * share that cluster holds (ties go to the smaller cluster id).
   */
  public record ClassSpread(String label, long size, double minShare, int clustersAtMinShare, double entropy,
      long mainCluster, double mainClusterShare) {}

  /** Profiles of all clusters, in ascending cluster id. */
  public static List<ClusterProfile> profiles(ContingencyTable table) {
    check(table);
    int k = table.numClusters();
    long[] best = new long[k];
    int[] bestRow = new int[k];
    Arrays.fill(bestRow, -1);
    List<List<Long>> columnCounts = new ArrayList<>(k);
    for (int j = 0; j < k; j++) columnCounts.add(new ArrayList<>());
    table.forEachCell((i, j, count) -> {
      columnCounts.get(j).add(count);
      if (count > best[j]) {
        best[j] = count;
        bestRow[j] = i;
      }
    });
    List<ClusterProfile> profiles = new ArrayList<>(k);
    for (int j = 0; j < k; j++) {
      long size = table.clusterTotal(j);
      long[] counts = columnCounts.get(j).stream().mapToLong(Long::longValue).toArray();
      profiles.add(new ClusterProfile(table.clusterId(j), size, table.className(bestRow[j]), best[j],
          best[j] / (double) size, AgreementMetrics.entropy(counts)));
    }
    return profiles;
  }

  /** Sum over clusters of the majority-class count, over n (the usual "purity"). */
  public static double microPurity(ContingencyTable table) {
    return AgreementMetrics.purity(table);
  }

  /** Mean over clusters of the cluster's purity. */
  public static double macroPurity(ContingencyTable table) {
    check(table);
    long[] best = new long[table.numClusters()];
    table.forEachCell((i, j, count) -> best[j] = Math.max(best[j], count));
    double sum = 0;
    for (int j = 0; j < best.length; j++) sum += best[j] / (double) table.clusterTotal(j);
    return sum / best.length;
  }

  /**
   * The {@code count} purest clusters of at least {@code minSize} samples, noise excluded: purity descending, then
   * size descending, then cluster id ascending.
   */
  public static List<ClusterProfile> best(List<ClusterProfile> profiles, int count, long minSize) {
    return ranked(profiles, count, minSize, Comparator.comparingDouble(ClusterProfile::purity).reversed());
  }

  /** The {@code count} least pure clusters of at least {@code minSize} samples, noise excluded. */
  public static List<ClusterProfile> worst(List<ClusterProfile> profiles, int count, long minSize) {
    return ranked(profiles, count, minSize, Comparator.comparingDouble(ClusterProfile::purity));
  }

  private static List<ClusterProfile> ranked(List<ClusterProfile> profiles, int count, long minSize,
      Comparator<ClusterProfile> byPurity) {
    if (count < 0) throw new IllegalArgumentException("count of clusters to rank must be >= 0, got " + count);
    return profiles.stream()
        .filter(p -> !p.isNoise() && p.size() >= minSize)
        .sorted(byPurity.thenComparing(Comparator.comparingLong(ClusterProfile::size).reversed())
            .thenComparingLong(ClusterProfile::cluster))
        .limit(count)
        .toList();
  }

  /** The spread of every class over the clusters, in table row order. */
  public static List<ClassSpread> classSpread(ContingencyTable table, double minShare) {
    check(table);
    if (!(minShare > 0 && minShare <= 1)) {
      throw new IllegalArgumentException("minShare must be in (0, 1], got " + minShare);
    }
    int r = table.numClasses();
    List<List<long[]>> rows = new ArrayList<>(r);
    for (int i = 0; i < r; i++) rows.add(new ArrayList<>());
    table.forEachCell((i, j, count) -> rows.get(i).add(new long[] {j, count}));
    List<ClassSpread> spreads = new ArrayList<>(r);
    for (int i = 0; i < r; i++) {
      long size = table.classTotal(i);
      long[] counts = new long[rows.get(i).size()];
      int atShare = 0;
      long mainCount = -1;
      int mainColumn = -1;
      for (int c = 0; c < counts.length; c++) {
        long[] cell = rows.get(i).get(c);
        counts[c] = cell[1];
        if (cell[1] / (double) size >= minShare) atShare++;
        if (cell[1] > mainCount) {
          mainCount = cell[1];
          mainColumn = (int) cell[0];
        }
      }
      spreads.add(new ClassSpread(table.className(i), size, minShare, atShare, AgreementMetrics.entropy(counts),
          table.clusterId(mainColumn), mainCount / (double) size));
    }
    return spreads;
  }

  private static void check(ContingencyTable table) {
    if (table == null) throw new IllegalArgumentException("contingency table is null");
    if (table.n() == 0) {
      throw new IllegalArgumentException("contingency table is empty (n = 0): no labelled samples to diagnose");
    }
  }
}
