package io.labelatlas.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class DaviesBouldinTest {
  static final double TOLERANCE = 1e-9;

  @Test
  void matchesScikitLearnOnGoldenCases() {
    List<AuditCases.Block> cases = AuditCases.blocks("davies_bouldin");
    assertEquals(3, cases.size());
    for (AuditCases.Block c : cases) {
      assertEquals(c.value("davies_bouldin"), DaviesBouldin.score(c.points(), c.pointLabels()), TOLERANCE, c.name());
    }
  }

  @Test
  void equalsTheDefinitionByHand() {
    // Two clusters on a line: {0, 2} (centroid 1, spread 1) and {10, 14} (centroid 12, spread 2).
    // R = (1 + 2) / 11 for both clusters, so DB = 3 / 11.
    double[][] x = {{0}, {2}, {10}, {14}};
    assertEquals(3.0 / 11, DaviesBouldin.score(x, new int[] {7, 7, -1, -1}), 1e-15);
    // A third cluster {20, 22} (centroid 21, spread 1): R1 = max(3/11, 2/20), R2 = max(3/11, 3/9), R3 = 3/9.
    double[][] y = {{0}, {2}, {10}, {14}, {20}, {22}};
    double expected = (3.0 / 11 + 3.0 / 9 + 3.0 / 9) / 3;
    assertEquals(expected, DaviesBouldin.score(y, new int[] {0, 0, 1, 1, 2, 2}), 1e-15);
  }

  @Test
  void separatedBlobsScoreLowAndRandomLabelsHigh() {
    SplittableRandom random = new SplittableRandom(11);
    int n = 400;
    double[][] x = new double[n][3];
    int[] labels = new int[n];
    int[] shuffled = new int[n];
    for (int i = 0; i < n; i++) {
      labels[i] = i % 4;
      shuffled[i] = random.nextInt(4);
      for (int t = 0; t < 3; t++) x[i][t] = 20 * labels[i] * (t == 0 ? 1 : 0) + random.nextGaussian();
    }
    double separated = DaviesBouldin.score(x, labels);
    double random4 = DaviesBouldin.score(x, shuffled);
    assertTrue(separated < 0.2, "separated blobs: " + separated);
    assertTrue(random4 > 5 * separated, "random labels " + random4 + " vs blobs " + separated);
  }

  @Test
  void rejectsBadInput() {
    double[][] x = {{0.0}, {1.0}, {2.0}};
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> DaviesBouldin.score(x, new int[] {4, 4, 4}));
    assertTrue(e.getMessage().startsWith("Number of labels is 1."), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> DaviesBouldin.score(x, new int[] {0, 1, 2}));
    e = assertThrows(IllegalArgumentException.class, () -> DaviesBouldin.score(x, new int[] {0, 1}));
    assertTrue(e.getMessage().contains("3 points, 2 labels"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> DaviesBouldin.score(new double[][] {{0}, {Double.NaN}, {2}}, new int[] {0, 0, 1}));
    assertTrue(e.getMessage().contains("NaN"), e.getMessage());
  }

  @Test
  void aSingletonClusterHasZeroSpread() {
    // Clusters {0, 2} (spread 1) and the singleton {10} (spread 0; sklearn's expanded distance gives ~1e-7 |x|):
    // R = (1 + 0) / 9 for both, DB = 1/9.
    assertEquals(1.0 / 9, DaviesBouldin.score(new double[][] {{0, 3}, {2, 3}, {10, 3}}, new int[] {0, 0, 1}), 1e-15);
  }

  /** Live check on random data where every cluster has at least 2 points (singletons: see DaviesBouldin). */
  @Test
  void liveCrossCheckAgainstScikitLearn() throws Exception {
    Assumptions.assumeTrue(AgreementMetricsTest.pythonWithSklearn(),
        AgreementMetricsTest.PYTHON + " with scikit-learn is not available; skipping live check");
    long seed = System.nanoTime();
    SplittableRandom random = new SplittableRandom(seed);
    List<double[][]> sets = new ArrayList<>();
    List<int[]> labelSets = new ArrayList<>();
    StringBuilder input = new StringBuilder();
    for (int trial = 0; trial < 6; trial++) {
      int n = 5 + random.nextInt(300), d = 1 + random.nextInt(12), k = 2 + random.nextInt(Math.min(n / 2 - 1, 10));
      double[][] x = SilhouetteTest.randomPoints(random, n, d);
      int[] labels = new int[n];
      for (int i = 0; i < n; i++) {
        labels[i] = i < 2 * k ? i % k - 1 : random.nextInt(k) - 1;
        x[i][0] += 4 * labels[i];
      }
      sets.add(x);
      labelSets.add(labels);
      input.append(n).append(' ').append(d).append('\n').append(AgreementMetricsTest.join(labels)).append('\n');
      for (double[] row : x) {
        StringBuilder sb = new StringBuilder();
        for (double v : row) sb.append(sb.length() == 0 ? "" : " ").append(v);
        input.append(sb).append('\n');
      }
    }
    String script = String.join("\n",
        "import sys",
        "import numpy as np",
        "from sklearn.metrics import davies_bouldin_score",
        "lines = sys.stdin.read().strip().split('\\n')",
        "at = 0",
        "while at < len(lines):",
        "    n, d = map(int, lines[at].split())",
        "    labels = np.array(lines[at + 1].split(), dtype=int)",
        "    x = np.array([list(map(float, l.split())) for l in lines[at + 2:at + 2 + n]])",
        "    at += 2 + n",
        "    print(repr(float(davies_bouldin_score(x, labels))))");
    List<String> output = AgreementMetricsTest.runPython(script, input.toString(), 120);
    assertEquals(sets.size(), output.size(), "python output: " + output);
    for (int trial = 0; trial < sets.size(); trial++) {
      assertEquals(Double.parseDouble(output.get(trial)), DaviesBouldin.score(sets.get(trial), labelSets.get(trial)),
          TOLERANCE, "seed " + seed + ", set " + trial);
    }
  }
}
