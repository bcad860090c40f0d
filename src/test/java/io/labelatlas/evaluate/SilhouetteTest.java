package io.labelatlas.evaluate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

class SilhouetteTest {

  /** A silhouette case of cases.txt: points, labels, sklearn's per-sample values and mean. */
  record GoldenCase(String name, double[][] points, int[] labels, double[] samples, double score) {}

  static List<GoldenCase> goldenCases() throws IOException {
    List<GoldenCase> cases = new ArrayList<>();
    String name = null;
    List<double[]> points = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    List<Double> samples = new ArrayList<>();
    double score = Double.NaN;
    for (String line : AgreementMetricsTest.goldenLines()) {
      String[] f = line.split(" ");
      switch (f[0]) {
        case "silhouette_case" -> {
          name = f[1];
          points.clear();
          labels.clear();
          samples.clear();
        }
        case "point" -> {
          labels.add(Integer.parseInt(f[1]));
          samples.add(Double.parseDouble(f[2]));
          double[] x = new double[f.length - 3];
          for (int t = 0; t < x.length; t++) x[t] = Double.parseDouble(f[3 + t]);
          points.add(x);
        }
        case "silhouette" -> score = Double.parseDouble(f[1]);
        case "end" -> {
          if (name != null) {
            cases.add(new GoldenCase(name, points.toArray(new double[0][]),
                labels.stream().mapToInt(Integer::intValue).toArray(),
                samples.stream().mapToDouble(Double::doubleValue).toArray(), score));
          }
          name = null;
        }
        default -> { }
      }
    }
    return cases;
  }

  @Test
  void matchesScikitLearnOnGoldenCases() throws IOException {
    List<GoldenCase> cases = goldenCases();
    assertEquals(3, cases.size());
    double worst = 0;
    for (GoldenCase c : cases) {
      double[] samples = Silhouette.samples(c.points(), c.labels());
      for (int i = 0; i < samples.length; i++) {
        assertEquals(c.samples()[i], samples[i], 1e-9, c.name() + " sample " + i);
        worst = Math.max(worst, Math.abs(c.samples()[i] - samples[i]));
      }
      double score = Silhouette.score(c.points(), c.labels());
      assertEquals(c.score(), score, 1e-9, c.name());
      worst = Math.max(worst, Math.abs(c.score() - score));
    }
    System.out.printf("silhouette: max |java - sklearn| = %.3g%n", worst);
  }

  @Test
  void equalsTheTextbookDefinition() {
    SplittableRandom random = new SplittableRandom(3);
    for (int trial = 0; trial < 10; trial++) {
      int n = 3 + random.nextInt(150), d = 1 + random.nextInt(9), k = 2 + random.nextInt(Math.min(n - 2, 8));
      double[][] x = randomPoints(random, n, d);
      int[] labels = new int[n];
      for (int i = 0; i < n; i++) labels[i] = i < k ? i : random.nextInt(k); // every label used at least once
      assertArrayEquals(naive(x, labels), Silhouette.samples(x, labels), 1e-12, "trial " + trial);
    }
  }

  /** The definition with a full distance matrix. */
  static double[] naive(double[][] x, int[] labels) {
    int n = x.length;
    double[] s = new double[n];
    for (int i = 0; i < n; i++) {
      Map<Integer, double[]> byCluster = new TreeMap<>();
      for (int j = 0; j < n; j++) {
        double d = 0;
        for (int t = 0; t < x[i].length; t++) d += (x[i][t] - x[j][t]) * (x[i][t] - x[j][t]);
        double[] acc = byCluster.computeIfAbsent(labels[j], l -> new double[2]);
        acc[0] += Math.sqrt(d);
        acc[1]++;
      }
      double[] own = byCluster.get(labels[i]);
      if (own[1] == 1) continue;
      double a = own[0] / (own[1] - 1);
      double b = Double.POSITIVE_INFINITY;
      for (var e : byCluster.entrySet()) {
        if (e.getKey() != labels[i]) b = Math.min(b, e.getValue()[0] / e.getValue()[1]);
      }
      s[i] = (b - a) / Math.max(a, b);
    }
    return s;
  }

  static double[][] randomPoints(SplittableRandom random, int n, int d) {
    double[][] x = new double[n][d];
    for (double[] row : x) for (int t = 0; t < d; t++) row[t] = random.nextDouble() * 10 - 5;
    return x;
  }

  @Test
  void singletonsAndCoincidentPointsScoreZero() {
    double[][] x = {{0, 0}, {0, 0}, {5, 5}, {5, 5}, {9, 9}};
    int[] labels = {1, 1, 2, 2, 3};
    double[] s = Silhouette.samples(x, labels);
    assertEquals(0.0, s[4], 0.0); // singleton
    assertEquals(1.0, s[0], 0.0); // a = 0 < b
    // Coincident points in two clusters: a = b = 0, and sklearn's 0/0 becomes 0.
    double[][] same = {{1, 1}, {1, 1}, {1, 1}, {1, 1}, {3, 3}};
    double[] t = Silhouette.samples(same, new int[] {0, 0, 1, 1, 2});
    assertArrayEquals(new double[] {0, 0, 0, 0, 0}, t, 0.0);
    assertEquals(0.8, Silhouette.score(x, labels), 1e-15);
  }

  @Test
  void labelValuesDoNotMatter() {
    SplittableRandom random = new SplittableRandom(8);
    double[][] x = randomPoints(random, 50, 4);
    int[] labels = new int[50];
    int[] renamed = new int[50];
    for (int i = 0; i < 50; i++) {
      labels[i] = i % 4;
      renamed[i] = new int[] {-1, 1000, 7, Integer.MIN_VALUE}[labels[i]];
    }
    assertArrayEquals(Silhouette.samples(x, labels), Silhouette.samples(x, renamed), 0.0);
  }

  @Test
  void rejectsBadInput() {
    double[][] x = {{0.0}, {1.0}, {2.0}};
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Silhouette.score(x, new int[] {4, 4, 4}));
    assertTrue(e.getMessage().startsWith("Number of labels is 1. Valid values are 2 to n_samples - 1 (inclusive)"),
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Silhouette.score(x, new int[] {0, 1, 2}));
    assertTrue(e.getMessage().startsWith("Number of labels is 3."), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Silhouette.score(x, new int[] {0, 1}));
    assertTrue(e.getMessage().contains("3 points, 2 labels"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> Silhouette.score(new double[][] {{0, 0}, {1}, {2, 2}}, new int[] {0, 0, 1}));
    assertTrue(e.getMessage().contains("point 1 has 1 coordinates"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> Silhouette.score(new double[][] {{0}, {Double.NaN}, {2}}, new int[] {0, 0, 1}));
    assertTrue(e.getMessage().contains("NaN"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Silhouette.score(new double[0][], new int[0]));
    assertThrows(IllegalArgumentException.class, () -> Silhouette.score(null, new int[0]));
    assertThrows(IllegalArgumentException.class, () -> Silhouette.score(new double[][] {{}, {}, {}}, new int[3]));
  }

  @Test
  @Tag("slow")
  void fiveThousandRandomlyLabelledPointsScoreNearZero() {
    SplittableRandom random = new SplittableRandom(1);
    double[][] x = randomPoints(random, 5000, 50);
    int[] labels = new int[5000];
    for (int i = 0; i < labels.length; i++) labels[i] = random.nextInt(12);
    Silhouette.score(Arrays.copyOf(x, 500), Arrays.copyOf(labels, 500)); // warm up the JIT
    long start = System.nanoTime();
    double score = Silhouette.score(x, labels);
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf("silhouette n=5000 d=50: %.2f s (information only; timings belong in benchmarks)%n", seconds);
    assertTrue(Math.abs(score) < 0.05, "random labels should score near 0, got " + score);
  }

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
      int n = 3 + random.nextInt(400), d = 1 + random.nextInt(20), k = 2 + random.nextInt(Math.min(n - 2, 15));
      double[][] x = randomPoints(random, n, d);
      int[] labels = new int[n];
      for (int i = 0; i < n; i++) {
        labels[i] = i < k ? i : random.nextInt(k);
        x[i][0] += 3 * labels[i];
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
        "from sklearn.metrics import silhouette_score",
        "lines = sys.stdin.read().strip().split('\\n')",
        "at = 0",
        "while at < len(lines):",
        "    n, d = map(int, lines[at].split())",
        "    labels = np.array(lines[at + 1].split(), dtype=int)",
        "    x = np.array([list(map(float, l.split())) for l in lines[at + 2:at + 2 + n]])",
        "    at += 2 + n",
        "    print(repr(float(silhouette_score(x, labels, metric='euclidean'))))");
    List<String> output = AgreementMetricsTest.runPython(script, input.toString(), 300);
    assertEquals(sets.size(), output.size(), "python output: " + output);
    for (int trial = 0; trial < sets.size(); trial++) {
      assertEquals(Double.parseDouble(output.get(trial)), Silhouette.score(sets.get(trial), labelSets.get(trial)),
          1e-9, "seed " + seed + ", set " + trial);
    }
  }
}
