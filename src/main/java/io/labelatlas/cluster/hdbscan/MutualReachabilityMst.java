package io.labelatlas.cluster.hdbscan;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Minimum spanning tree of the mutual-reachability graph, {@code max(core(a), core(b), d(a, b))} (Campello, Moulavi,
 * Sander 2013, Sec. 2.2), found by Prim's algorithm on the implicit complete graph: O(n^2) time, O(n) memory, the
 * distances recomputed rather than stored.
 *
 * @param from one end of each edge
 * @param to the other end
 * @param weight mutual-reachability distance, ascending
 */
public record MutualReachabilityMst(int[] from, int[] to, double[] weight) {

  public int size() {
    return weight.length;
  }

  public static MutualReachabilityMst compute(double[][] points, double[] coreDistances) {
    int n = points.length;
    int[] from = new int[Math.max(n - 1, 0)];
    int[] to = new int[from.length];
    double[] weight = new double[from.length];
    boolean[] inTree = new boolean[n];
    double[] best = new double[n];
    int[] bestFrom = new int[n];
    Arrays.fill(best, Double.POSITIVE_INFINITY);
    int current = 0;
    for (int edge = 0; edge < n - 1; edge++) {
      inTree[current] = true;
      int next = -1;
      for (int j = 0; j < n; j++) {
        if (inTree[j]) {
          continue;
        }
        double reach = Math.max(CoreDistances.distance(points[current], points[j]),
            Math.max(coreDistances[current], coreDistances[j]));
        if (reach < best[j]) {
          best[j] = reach;
          bestFrom[j] = current;
        }
        if (next < 0 || best[j] < best[next]) {
          next = j;
        }
      }
      from[edge] = bestFrom[next];
      to[edge] = next;
      weight[edge] = best[next];
      current = next;
    }
    return sortedByWeight(from, to, weight);
  }

  static MutualReachabilityMst sortedByWeight(int[] from, int[] to, double[] weight) {
    int[] order = IntStream.range(0, weight.length).boxed()
        .sorted(Comparator.comparingDouble(e -> weight[e])).mapToInt(Integer::intValue).toArray();
    int[] f = new int[order.length];
    int[] t = new int[order.length];
    double[] w = new double[order.length];
    for (int e = 0; e < order.length; e++) {
      f[e] = from[order[e]];
      t[e] = to[order[e]];
      w[e] = weight[order[e]];
    }
    return new MutualReachabilityMst(f, t, w);
  }
}
