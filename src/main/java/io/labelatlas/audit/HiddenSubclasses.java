package io.labelatlas.audit;

import io.labelatlas.geometry.Euclidean;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Finds classes that the clustering splits into two or more clean parts: a "defect-free" class that is really three
 * board textures, a defect class with two distinct looks. Such a class may deserve sub-labels, and its parts explain
 * why a class-level metric (completeness, AMI) is low although every cluster is pure.
 *
 * <p>A part of class c is a cluster (noise excluded) that holds at least {@code minMembers} and at least
 * {@code minShare} of c's members, in which c is the strict majority with purity (c's members over the cluster's
 * labelled members) at least {@code minPurity}. Each part's separation is, over the class's other parts, the minimum
 * of the distance between the two parts' centroids over the root mean of their mean squared distances to their own
 * centroids: a between/within ratio in units of the parts' typical radius, so 2 means the centroids are two radii
 * apart. It follows the between/within scatter ratio of Calinski and Harabasz (1974) for one pair of groups.
 *
 * <p>Works on aggregates only (per class and cluster: count, centroid, mean squared distance), so it never sees
 * the samples.
 */
public final class HiddenSubclasses {
  /** A separation at or above this is reported as well separated. */
  public static final double WELL_SEPARATED = 2.0;

  /**
   * The members of one class in one cluster: their number, centroid and mean squared Euclidean distance to that
   * centroid. {@code cluster < 0} is noise.
   */
  public record Cell(String label, int cluster, long members, double[] centroid, double meanSquaredDistance) {
    public Cell {
      if (label == null) throw new IllegalArgumentException("class label is null");
      if (members < 1) throw new IllegalArgumentException("cell ('" + label + "', " + cluster + ") has " + members
          + " members; only non-empty cells are given");
      if (centroid == null) {
        throw new IllegalArgumentException("cell ('" + label + "', " + cluster + ") has no centroid");
      }
      if (!(meanSquaredDistance >= 0)) {
        throw new IllegalArgumentException("cell ('" + label + "', " + cluster + ") has mean squared distance "
            + meanSquaredDistance + "; it must be >= 0");
      }
    }
  }

  /** One part of a class that splits into {@code parts} parts. */
  public record Part(String label, int cluster, int parts, long classSize, long members, double shareOfClass,
      long clusterSize, double clusterPurity, double separation, int nearestPart, String detail) {}

  private final int minMembers;
  private final double minShare;
  private final double minPurity;

  public HiddenSubclasses(int minMembers, double minShare, double minPurity) {
    if (minMembers < 1) throw new IllegalArgumentException("min_members must be >= 1, got " + minMembers);
    if (!(minShare >= 0 && minShare <= 1)) {
      throw new IllegalArgumentException("min_share must be in [0, 1], got " + minShare);
    }
    if (!(minPurity > 0 && minPurity <= 1)) {
      throw new IllegalArgumentException("min_purity must be in (0, 1], got " + minPurity);
    }
    this.minMembers = minMembers;
    this.minShare = minShare;
    this.minPurity = minPurity;
  }

  /** min_members 10, min_share 0.10, min_purity 0.8. */
  public static HiddenSubclasses defaults() {
    return new HiddenSubclasses(10, 0.10, 0.8);
  }

  public int minMembers() {
    return minMembers;
  }

  public double minShare() {
    return minShare;
  }

  public double minPurity() {
    return minPurity;
  }

  /**
   * The parts of every class with at least two, by class then cluster. {@code cells} are the non-empty (class,
   * cluster) cells, noise included (it counts towards the class size); {@code clusterSizes} the size of every cluster
   * that has a cell, unlabelled members included.
   */
  public List<Part> find(List<Cell> cells, Map<Integer, Long> clusterSizes) {
    Map<Integer, Long> labelled = new HashMap<>();
    Map<Integer, List<Cell>> byCluster = new HashMap<>();
    TreeMap<String, TreeMap<Integer, Cell>> byClass = new TreeMap<>();
    int dimension = -1;
    for (Cell cell : cells) {
      if (dimension < 0) dimension = cell.centroid().length;
      if (cell.centroid().length != dimension) {
        throw new IllegalArgumentException("cell ('" + cell.label() + "', " + cell.cluster() + ") has a centroid of "
            + cell.centroid().length + " dimensions, others " + dimension);
      }
      if (byClass.computeIfAbsent(cell.label(), k -> new TreeMap<>()).put(cell.cluster(), cell) != null) {
        throw new IllegalArgumentException("cell ('" + cell.label() + "', " + cell.cluster() + ") is given twice");
      }
      labelled.merge(cell.cluster(), cell.members(), Long::sum);
      byCluster.computeIfAbsent(cell.cluster(), k -> new ArrayList<>()).add(cell);
    }
    for (Map.Entry<Integer, Long> cluster : labelled.entrySet()) {
      Long size = clusterSizes.get(cluster.getKey());
      if (size == null || size < cluster.getValue()) {
        throw new IllegalArgumentException("cluster " + cluster.getKey() + " has " + cluster.getValue()
            + " labelled members but its size is given as " + size);
      }
    }
    List<Part> out = new ArrayList<>();
    for (Map.Entry<String, TreeMap<Integer, Cell>> entry : byClass.entrySet()) {
      long classSize = entry.getValue().values().stream().mapToLong(Cell::members).sum();
      List<Cell> parts = new ArrayList<>();
      for (Cell cell : entry.getValue().values()) {
        if (isPart(cell, classSize, labelled.get(cell.cluster()), byCluster.get(cell.cluster()))) parts.add(cell);
      }
      if (parts.size() < 2) continue;
      for (int a = 0; a < parts.size(); a++) {
        Cell part = parts.get(a);
        double separation = Double.POSITIVE_INFINITY;
        int nearest = -1;
        for (int b = 0; b < parts.size(); b++) {
          if (b == a) continue;
          double ratio = separation(part, parts.get(b));
          if (nearest < 0 || ratio < separation) {
            separation = ratio;
            nearest = parts.get(b).cluster();
          }
        }
        long clusterSize = clusterSizes.get(part.cluster());
        double share = (double) part.members() / classSize;
        double purity = (double) part.members() / labelled.get(part.cluster());
        out.add(new Part(entry.getKey(), part.cluster(), parts.size(), classSize, part.members(), share, clusterSize,
            purity, separation, nearest,
            detail(entry.getKey(), a + 1, parts.size(), part, classSize, purity, nearest, separation)));
      }
    }
    return out;
  }

  /** Centroid distance over sqrt((msd_a + msd_b) / 2): 0 for equal centroids, infinite for distinct points. */
  static double separation(Cell a, Cell b) {
    double squared = Euclidean.squared(a.centroid(), b.centroid());
    if (squared == 0) return 0;
    return Math.sqrt(squared) / Math.sqrt((a.meanSquaredDistance() + b.meanSquaredDistance()) / 2);
  }

  private boolean isPart(Cell cell, long classSize, long clusterLabelled, List<Cell> clusterCells) {
    if (cell.cluster() < 0 || cell.members() < minMembers) return false;
    if ((double) cell.members() / classSize < minShare) return false;
    if ((double) cell.members() / clusterLabelled < minPurity) return false;
    for (Cell other : clusterCells) {
      if (other != cell && other.members() >= cell.members()) return false;
    }
    return true;
  }

  private static String detail(String label, int index, int parts, Cell part, long classSize, double purity,
      int nearest, double separation) {
    String verdict = separation >= WELL_SEPARATED ? "well separated, >= " + WELL_SEPARATED
        : "overlapping, < " + WELL_SEPARATED;
    return String.format(Locale.ROOT,
        "part %d of %d of '%s': %d of its %d members (%.1f%%) in cluster %d, purity %.3f; nearest other part is"
            + " cluster %d at separation %.2f (%s)",
        index, parts, label, part.members(), classSize, 100.0 * part.members() / classSize, part.cluster(), purity,
        nearest, separation, verdict);
  }
}
