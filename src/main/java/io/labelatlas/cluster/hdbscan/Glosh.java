package io.labelatlas.cluster.hdbscan;

/**
 * GLOSH outlier scores (Campello, Moulavi, Zimek, Sander 2015, "Hierarchical density estimates for data clustering,
 * visualization, and outlier detection", Def. 5.1): {@code 1 - lambda(x) / lambda_max(C)}, where {@code lambda(x)} is
 * where point {@code x} leaves cluster {@code C} of the condensed tree and {@code lambda_max(C)} the largest lambda
 * reached by any point in {@code C} or its descendant clusters.
 */
public final class Glosh {
  private Glosh() {}

  public static double[] scores(CondensedTree tree) {
    double[] deaths = ClusterSelection.directDeaths(tree);
    // Cluster ids grow with depth, so visiting child clusters in descending id carries maxima up the whole tree.
    int[] clusterRows = java.util.stream.IntStream.range(0, tree.rows())
        .filter(i -> tree.child()[i] >= tree.numPoints())
        .boxed().sorted((a, b) -> Integer.compare(tree.child()[b], tree.child()[a]))
        .mapToInt(Integer::intValue).toArray();
    for (int i : clusterRows) {
      deaths[tree.parent()[i]] = Math.max(deaths[tree.parent()[i]], deaths[tree.child()[i]]);
    }
    double[] scores = new double[tree.numPoints()];
    for (int i = 0; i < tree.rows(); i++) {
      int point = tree.child()[i];
      if (point >= tree.numPoints()) {
        continue;
      }
      double maxLambda = deaths[tree.parent()[i]];
      double lambda = tree.lambda()[i];
      scores[point] = maxLambda == 0.0 || Double.isInfinite(lambda) ? 0.0 : (maxLambda - lambda) / maxLambda;
    }
    return scores;
  }
}
