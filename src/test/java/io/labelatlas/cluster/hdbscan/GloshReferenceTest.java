package io.labelatlas.cluster.hdbscan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tribuo.MutableDataset;
import org.tribuo.clustering.ClusterID;
import org.tribuo.clustering.ClusteringFactory;
import org.tribuo.clustering.hdbscan.HdbscanModel;
import org.tribuo.clustering.hdbscan.HdbscanTrainer;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.distance.DistanceType;
import org.tribuo.math.neighbour.NeighboursQueryFactoryType;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * Labels, GLOSH outlier scores and membership probabilities against a second reference: Tribuo 4.3.1's
 * {@code HdbscanTrainer}, a port of Campello, Moulavi and Sander's own Java HDBSCAN* (test scope, Maven Central).
 *
 * <p>Parameters: Tribuo's {@code k} counts the point itself, so {@code k} = our {@code minSamples} (= Python
 * hdbscan's {@code min_samples}); {@code minClusterSize} means the same in both. Tribuo labels noise 0.
 *
 * <p>Where the two differ by definition: Tribuo removes all mutual-reachability edges of equal weight at once, as the
 * HDBSCAN* paper does, while we (like Python hdbscan, scikit-learn and R dbscan) merge them one at a time in a binary
 * single-linkage tree. With {@code minSamples > 1} such ties are common (an edge often weighs its end's core
 * distance). The binary tree then has points that leave a cluster at the very lambda the cluster is born, and
 * sometimes clusters born and dead at the same lambda. Those points get a different GLOSH score (their cluster in
 * Tribuo is the parent) and may be noise there; a zero-lifetime cluster can change excess-of-mass selection. With
 * {@code minSamples = 1} the graph is the Euclidean one, has no ties on continuous data, and all outputs agree.
 */
class GloshReferenceTest {
  private static final Logger TRIBUO_LOG = Logger.getLogger("org.tribuo");

  @BeforeAll
  static void quietTribuo() {
    TRIBUO_LOG.setLevel(Level.WARNING);
  }

  @ParameterizedTest(name = "seed {0}, {1} points in {2}-d, minClusterSize {3}")
  @CsvSource({"1, 240, 2, 9", "2, 170, 2, 4", "3, 200, 5, 15", "4, 120, 2, 2", "5, 300, 3, 12"})
  void withoutTiesEverythingAgrees(long seed, int n, int dims, int minClusterSize) {
    double[][] points = blobsWithNoise(seed, n, dims);
    HdbscanResult ours = Hdbscan.fit(points, minClusterSize, 1, SelectionMethod.EOM, 0, false);
    HdbscanModel tribuo = tribuo(points, minClusterSize, 1);

    LabelComparison.assertSameUpToRenaming(tribuoLabels(tribuo), ours.labels());
    assertScoresEqual(tribuo.getOutlierScores(), ours.outlierScores(), allPoints(n), seed);
    assertProbabilitiesOfLeafClustersAreOneMinusGlosh(ours, tribuo.getOutlierScores(), allPoints(n), seed);
  }

  @ParameterizedTest(name = "seed {0}, {1} points in {2}-d, minClusterSize {3}, minSamples {4}")
  @CsvSource({"11, 200, 2, 5, 4", "12, 130, 2, 5, 9", "13, 150, 2, 7, 6", "16, 210, 2, 2, 6", "17, 240, 5, 6, 6"})
  void withTiesEverythingAgreesAwayFromTiedMerges(long seed, int n, int dims, int minClusterSize, int minSamples) {
    double[][] points = blobsWithNoise(seed, n, dims);
    HdbscanResult ours = Hdbscan.fit(points, minClusterSize, minSamples, SelectionMethod.EOM, 0, false);
    HdbscanModel tribuo = tribuo(points, minClusterSize, minSamples);

    boolean[] comparable = notLeavingAtBirth(ours.condensedTree());
    int excluded = 0;
    for (boolean c : comparable) {
      excluded += c ? 0 : 1;
    }
    assertTrue(excluded < n / 10, "seed " + seed + ": " + excluded + " tied points left too little to compare");
    assertScoresEqual(tribuo.getOutlierScores(), ours.outlierScores(), comparable, seed);
    assertProbabilitiesOfLeafClustersAreOneMinusGlosh(ours, tribuo.getOutlierScores(), comparable, seed);
    if (!hasZeroLifetimeCluster(ours.condensedTree())) {
      LabelComparison.assertSameUpToRenaming(only(tribuoLabels(tribuo), comparable, 0),
          only(ours.labels(), comparable, -1));
    }
  }

  /** The documented difference is real: some point leaving its cluster at birth gets another score in Tribuo. */
  @Test
  void tiedMergesAreWhereTheTwoDefinitionsPart() {
    double[][] points = blobsWithNoise(16, 210, 2);
    HdbscanResult ours = Hdbscan.fit(points, 2, 6, SelectionMethod.EOM, 0, false);
    List<Double> scores = tribuo(points, 2, 6).getOutlierScores();
    boolean[] comparable = notLeavingAtBirth(ours.condensedTree());
    int differing = 0;
    for (int i = 0; i < points.length; i++) {
      differing += !comparable[i] && Math.abs(scores.get(i) - ours.outlierScores()[i]) > 1e-9 ? 1 : 0;
    }
    assertTrue(differing > 0, "no tied point scored differently; update the class comment");
  }

  /** Guards the mapping: only k = minSamples reproduces our scores (minSamples 3 here, no tie in the way). */
  @Test
  void tribuoKIsOurMinSamples() {
    double[][] points = blobsWithNoise(21, 150, 2);
    HdbscanResult ours = Hdbscan.fit(points, 5, 3, SelectionMethod.EOM, 0, false);
    boolean[] comparable = notLeavingAtBirth(ours.condensedTree());
    List<Integer> matching = new ArrayList<>();
    for (int k = 1; k <= 5; k++) {
      List<Double> scores = tribuo(points, 5, k).getOutlierScores();
      boolean same = true;
      for (int i = 0; i < points.length; i++) {
        same &= !comparable[i] || Math.abs(scores.get(i) - ours.outlierScores()[i]) < 1e-9;
      }
      if (same) {
        matching.add(k);
      }
    }
    assertEquals(List.of(3), matching);
  }

  /**
   * A selected cluster without child clusters keeps all of its points to the end, so hdbscan's membership
   * probability {@code lambda / lambda_max(C)} is exactly one minus the point's GLOSH score there.
   */
  private static void assertProbabilitiesOfLeafClustersAreOneMinusGlosh(HdbscanResult ours, List<Double> glosh,
      boolean[] comparable, long seed) {
    CondensedTree tree = ours.condensedTree();
    boolean[] hasChildCluster = new boolean[tree.clusterEnd()];
    for (int i = 0; i < tree.rows(); i++) {
      if (tree.child()[i] >= tree.numPoints()) {
        hasChildCluster[tree.parent()[i]] = true;
      }
    }
    int[] selected = ClusterSelection.select(tree, SelectionMethod.EOM, 0, false).selectedClusters();
    int checked = 0;
    for (int i = 0; i < ours.labels().length; i++) {
      int label = ours.labels()[i];
      if (label >= 0 && comparable[i] && !hasChildCluster[selected[label]]) {
        assertEquals(1 - glosh.get(i), ours.probabilities()[i], 1e-9, "seed " + seed + ", point " + i);
        checked++;
      }
    }
    assertTrue(checked > 0, "seed " + seed + ": no point in a selected leaf cluster");
  }

  private static void assertScoresEqual(List<Double> expected, double[] actual, boolean[] comparable, long seed) {
    for (int i = 0; i < actual.length; i++) {
      if (comparable[i]) {
        assertEquals(expected.get(i), actual[i], 1e-9, "seed " + seed + ", GLOSH of point " + i);
      }
    }
  }

  /** False for points that leave their condensed-tree cluster at the lambda the cluster was born. */
  private static boolean[] notLeavingAtBirth(CondensedTree tree) {
    double[] birth = birthLambdas(tree);
    boolean[] comparable = new boolean[tree.numPoints()];
    for (int i = 0; i < tree.rows(); i++) {
      if (tree.child()[i] < tree.numPoints()) {
        comparable[tree.child()[i]] = tree.lambda()[i] != birth[tree.parent()[i]];
      }
    }
    return comparable;
  }

  private static boolean hasZeroLifetimeCluster(CondensedTree tree) {
    double[] birth = birthLambdas(tree);
    double[] death = ClusterSelection.directDeaths(tree);
    for (int c = tree.root() + 1; c < tree.clusterEnd(); c++) {
      if (death[c] == birth[c]) {
        return true;
      }
    }
    return false;
  }

  private static double[] birthLambdas(CondensedTree tree) {
    double[] birth = new double[tree.clusterEnd()];
    for (int i = 0; i < tree.rows(); i++) {
      if (tree.child()[i] >= tree.numPoints()) {
        birth[tree.child()[i]] = tree.lambda()[i];
      }
    }
    return birth;
  }

  private static int[] only(int[] labels, boolean[] keep, int dropped) {
    int[] kept = labels.clone();
    for (int i = 0; i < kept.length; i++) {
      if (!keep[i]) {
        kept[i] = dropped;
      }
    }
    return kept;
  }

  private static boolean[] allPoints(int n) {
    boolean[] all = new boolean[n];
    java.util.Arrays.fill(all, true);
    return all;
  }

  private static HdbscanModel tribuo(double[][] points, int minClusterSize, int k) {
    ClusteringFactory factory = new ClusteringFactory();
    MutableDataset<ClusterID> data = new MutableDataset<>(new SimpleDataSourceProvenance("blobs", factory), factory);
    String[] names = new String[points[0].length];
    for (int d = 0; d < names.length; d++) {
      names[d] = "x" + d;
    }
    for (double[] p : points) {
      data.add(new ArrayExample<>(ClusteringFactory.UNASSIGNED_CLUSTER_ID, names, p));
    }
    HdbscanTrainer trainer =
        new HdbscanTrainer(minClusterSize, DistanceType.L2.getDistance(), k, 1, NeighboursQueryFactoryType.BRUTE_FORCE);
    return trainer.train(data);
  }

  private static int[] tribuoLabels(HdbscanModel model) {
    return model.getClusterLabels().stream().mapToInt(Integer::intValue).toArray();
  }

  /** Three Gaussian blobs of unequal spread in the first two dimensions plus a quarter of uniform noise. */
  private static double[][] blobsWithNoise(long seed, int n, int dims) {
    Random random = new Random(seed);
    double[][] points = new double[n][dims];
    for (int i = 0; i < n; i++) {
      int blob = random.nextInt(4);
      for (int d = 0; d < dims; d++) {
        points[i][d] = blob < 3
            ? (d == 0 ? 6 * blob : d == 1 ? 3 * blob : 0) + random.nextGaussian() * (0.4 + 0.4 * blob)
            : random.nextDouble() * 20 - 4;
      }
    }
    return points;
  }
}
