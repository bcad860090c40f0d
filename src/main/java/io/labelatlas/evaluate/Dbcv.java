package io.labelatlas.evaluate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Density-Based Clustering Validation (DBCV; Moulavi, Jaskowiak, Campello, Zimek and Sander, "Density-Based
 * Clustering Validation", SIAM SDM 2014), the validity index for density clusterings with noise (HDBSCAN*, DBSCAN),
 * with Euclidean distances in the points' own dimension d.
 *
 * <ol>
 *   <li>All-points core distance of o in its cluster C (size m): (sum over the other points p of C of
 *       (1 / ||o - p||)^d / (m - 1))^(-1/d), evaluated in log space so that large d neither overflows nor
 *       underflows. A point with a duplicate in its cluster has core distance 0 (the limit of the formula).
 *   <li>Mutual reachability distance: max(core(a), core(b), ||a - b||).
 *   <li>Per cluster, a minimum spanning tree of the mutual reachability graph (Prim, ties to the lower index). Its
 *       internal nodes have degree > 1; the density sparseness DSC is the largest weight of an edge between two
 *       internal nodes.
 *   <li>Density separation DSPC of two clusters: the smallest mutual reachability distance between an internal node
 *       of one and an internal node of the other.
 *   <li>Cluster validity V(C) = (min over other clusters of DSPC - DSC) / max(that minimum, DSC), in [-1, 1].
 *   <li>DBCV = sum over clusters of (|C| / n) V(C), with n counting noise points too, so noise lowers the score.
 * </ol>
 *
 * Two cases the paper leaves open are settled as the authors' MATLAB code (and the hdbscan package's
 * {@code validity_index}) settle the first: a tree without internal edges (clusters of 2 or 3 points, stars) takes
 * DSC over all its edges; and a tree without internal nodes (a cluster of 2 points) uses all its nodes for DSPC,
 * where hdbscan fails on an empty minimum. V(C) is 0 where DSC and DSPC are both 0 (coincident points). Labels below 0
 * are noise. There is no live reference: hdbscan's implementation cannot be installed here and R's dbscan (1.1-11)
 * has none, so the tests check hand-computed cases, invariants, and a numpy transcription of these steps in the
 * golden script. Time O(n^2 d), memory O(n).
 */
public final class Dbcv {
  private Dbcv() {}

  /** One cluster's part of the index. */
  public record ClusterValidity(int cluster, int size, double sparseness, double separation, double validity) {}

  /** The index, each cluster's validity in ascending cluster id, and the number of noise points. */
  public record Result(double score, List<ClusterValidity> clusters, int noise) {}

  public static double score(double[][] points, int[] labels) {
    return evaluate(points, labels).score();
  }

  public static Result evaluate(double[][] points, int[] labels) {
    int d = LabelledPoints.check(points, labels, "DBCV");
    int n = points.length;
    int[] ids = Arrays.stream(labels).filter(l -> l >= 0).distinct().sorted().toArray();
    if (ids.length < 2) {
      throw new IllegalArgumentException("DBCV needs at least 2 clusters (labels >= 0), got " + ids.length);
    }
    int[][] members = new int[ids.length][];
    int[] size = new int[ids.length];
    for (int label : labels) if (label >= 0) size[Arrays.binarySearch(ids, label)]++;
    for (int c = 0; c < ids.length; c++) {
      if (size[c] < 2) {
        throw new IllegalArgumentException("DBCV needs every cluster to hold at least 2 points; cluster " + ids[c]
            + " holds " + size[c]);
      }
      members[c] = new int[size[c]];
    }
    int[] filled = new int[ids.length];
    int noise = 0;
    for (int i = 0; i < n; i++) {
      if (labels[i] < 0) {
        noise++;
        continue;
      }
      int c = Arrays.binarySearch(ids, labels[i]);
      members[c][filled[c]++] = i;
    }

    double[] core = new double[n];
    double[] sparseness = new double[ids.length];
    int[][] internal = new int[ids.length][];
    for (int c = 0; c < ids.length; c++) {
      coreDistances(points, members[c], d, core);
      SpanningTree tree = SpanningTree.of(points, members[c], core);
      sparseness[c] = tree.sparseness();
      internal[c] = tree.internalNodes().length > 0 ? tree.internalNodes() : members[c];
    }
    double[] separation = new double[ids.length];
    Arrays.fill(separation, Double.POSITIVE_INFINITY);
    for (int a = 0; a < ids.length; a++) {
      for (int b = a + 1; b < ids.length; b++) {
        double s = separation(points, internal[a], internal[b], core);
        separation[a] = Math.min(separation[a], s);
        separation[b] = Math.min(separation[b], s);
      }
    }
    List<ClusterValidity> clusters = new ArrayList<>(ids.length);
    double score = 0;
    for (int c = 0; c < ids.length; c++) {
      double larger = Math.max(separation[c], sparseness[c]);
      double validity = larger == 0 ? 0.0 : (separation[c] - sparseness[c]) / larger;
      clusters.add(new ClusterValidity(ids[c], size[c], sparseness[c], separation[c], validity));
      score += size[c] / (double) n * validity;
    }
    return new Result(score, List.copyOf(clusters), noise);
  }

  /** Fills core[i] for the members of one cluster. */
  static void coreDistances(double[][] points, int[] members, int d, double[] core) {
    int m = members.length;
    double[] logInverse = new double[m];
    for (int a = 0; a < m; a++) {
      // log of the mean of (1 / distance)^d over the other members, as log-sum-exp of -d log(distance).
      int count = 0;
      boolean duplicate = false;
      for (int b = 0; b < m; b++) {
        if (b == a) continue;
        double distance = LabelledPoints.distance(points[members[a]], points[members[b]]);
        if (distance == 0) {
          duplicate = true;
          break;
        }
        logInverse[count++] = -d * Math.log(distance);
      }
      if (duplicate) {
        core[members[a]] = 0.0;
        continue;
      }
      double max = Double.NEGATIVE_INFINITY;
      for (int t = 0; t < count; t++) max = Math.max(max, logInverse[t]);
      double sum = 0;
      for (int t = 0; t < count; t++) sum += Math.exp(logInverse[t] - max);
      double logMean = max + Math.log(sum) - Math.log(m - 1);
      core[members[a]] = Math.exp(-logMean / d);
    }
  }

  static double mutualReachability(double[][] points, int a, int b, double[] core) {
    return Math.max(Math.max(core[a], core[b]), LabelledPoints.distance(points[a], points[b]));
  }

  private static double separation(double[][] points, int[] first, int[] second, double[] core) {
    double min = Double.POSITIVE_INFINITY;
    for (int a : first) {
      for (int b : second) min = Math.min(min, mutualReachability(points, a, b, core));
    }
    return min;
  }

  /** A cluster's minimum spanning tree over mutual reachability distances, reduced to what DBCV reads. */
  record SpanningTree(int[] internalNodes, double sparseness) {
    static SpanningTree of(double[][] points, int[] members, double[] core) {
      int m = members.length;
      double[] key = new double[m];
      int[] parent = new int[m];
      boolean[] inTree = new boolean[m];
      Arrays.fill(key, Double.POSITIVE_INFINITY);
      Arrays.fill(parent, -1);
      key[0] = 0;
      int[] degree = new int[m];
      int[][] edges = new int[m - 1][];
      double[] weights = new double[m - 1];
      int edgeCount = 0;
      for (int step = 0; step < m; step++) {
        int next = -1;
        for (int v = 0; v < m; v++) {
          if (!inTree[v] && (next < 0 || key[v] < key[next])) next = v;
        }
        inTree[next] = true;
        if (parent[next] >= 0) {
          edges[edgeCount] = new int[] {parent[next], next};
          weights[edgeCount++] = key[next];
          degree[parent[next]]++;
          degree[next]++;
        }
        for (int v = 0; v < m; v++) {
          if (inTree[v]) continue;
          double w = mutualReachability(points, members[next], members[v], core);
          if (w < key[v]) {
            key[v] = w;
            parent[v] = next;
          }
        }
      }
      double internalMax = Double.NEGATIVE_INFINITY;
      double allMax = Double.NEGATIVE_INFINITY;
      for (int e = 0; e < edgeCount; e++) {
        allMax = Math.max(allMax, weights[e]);
        if (degree[edges[e][0]] > 1 && degree[edges[e][1]] > 1) internalMax = Math.max(internalMax, weights[e]);
      }
      int[] internal = new int[m];
      int count = 0;
      for (int v = 0; v < m; v++) if (degree[v] > 1) internal[count++] = members[v];
      return new SpanningTree(Arrays.copyOf(internal, count),
          internalMax > Double.NEGATIVE_INFINITY ? internalMax : allMax);
    }
  }
}
