package io.labelatlas.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class AgreementMetricsTest {
  static final String GOLDEN = "/golden/metrics/cases.txt";
  static final String PYTHON = "/usr/bin/python3";
  static final double TOLERANCE = 1e-9;
  static final String[] METRICS = {"purity", "nmi", "ami", "ari", "homogeneity", "completeness", "v_measure"};

  /** One agreement case of cases.txt: a table and sklearn's scores for it. */
  record GoldenCase(String name, ContingencyTable table, Map<String, Double> expected) {}

  static List<GoldenCase> goldenCases() throws IOException {
    List<GoldenCase> cases = new ArrayList<>();
    String name = null;
    String[] trueTokens = null;
    String trueKind = null;
    String[] predTokens = null;
    ContingencyTable.Builder cells = null;
    Map<String, Double> expected = new LinkedHashMap<>();
    for (String line : goldenLines()) {
      String[] f = line.split(" ");
      switch (f[0]) {
        case "case" -> {
          name = f[1];
          trueTokens = predTokens = null;
          cells = null;
          expected = new LinkedHashMap<>();
        }
        case "true" -> {
          trueKind = f[1];
          trueTokens = Arrays.copyOfRange(f, 2, f.length);
        }
        case "pred" -> predTokens = Arrays.copyOfRange(f, 1, f.length);
        case "cell" -> {
          if (cells == null) cells = ContingencyTable.builder();
          cells.add(f[1], Long.parseLong(f[2]), Long.parseLong(f[3]));
        }
        case "end" -> {
          if (name == null) break; // end of a silhouette case
          ContingencyTable table;
          if (cells != null) {
            table = cells.build();
          } else if (trueKind.equals("int")) {
            table = ContingencyTable.fromLabels(ints(trueTokens), ints(predTokens));
          } else {
            table = ContingencyTable.fromLabels(trueTokens, ints(predTokens));
          }
          cases.add(new GoldenCase(name, table, expected));
          name = null;
        }
        case "silhouette_case" -> name = null;
        default -> {
          if (name != null && f.length == 2) expected.put(f[0], Double.parseDouble(f[1]));
        }
      }
    }
    return cases;
  }

  static List<String> goldenLines() throws IOException {
    List<String> lines = new ArrayList<>();
    try (InputStream in = AgreementMetricsTest.class.getResourceAsStream(GOLDEN)) {
      if (in == null) throw new IOException(GOLDEN + " is not on the test classpath");
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (!line.isBlank() && !line.startsWith("#")) lines.add(line.strip());
      }
    }
    return lines;
  }

  static int[] ints(String[] tokens) {
    int[] values = new int[tokens.length];
    for (int i = 0; i < tokens.length; i++) values[i] = Integer.parseInt(tokens[i]);
    return values;
  }

  static double[] asArray(AgreementScores s) {
    return new double[] {s.purity(), s.nmi(), s.ami(), s.ari(), s.homogeneity(), s.completeness(), s.vMeasure()};
  }

  @Test
  void matchesScikitLearnOnGoldenCases() throws IOException {
    List<GoldenCase> cases = goldenCases();
    assertTrue(cases.size() >= 12, "expected at least a dozen golden cases, found " + cases.size());
    double worst = 0;
    String worstAt = "";
    for (GoldenCase c : cases) {
      double[] actual = asArray(AgreementMetrics.score(c.table()));
      for (int m = 0; m < METRICS.length; m++) {
        double expected = c.expected().get(METRICS[m]);
        assertEquals(expected, actual[m], TOLERANCE, c.name() + " " + METRICS[m]);
        if (Math.abs(expected - actual[m]) > worst) {
          worst = Math.abs(expected - actual[m]);
          worstAt = c.name() + " " + METRICS[m];
        }
      }
    }
    System.out.printf("agreement metrics: max |java - sklearn| = %.3g (%s)%n", worst, worstAt);
  }

  @Test
  void singleMetricFunctionsAgreeWithScore() throws IOException {
    for (GoldenCase c : goldenCases()) {
      ContingencyTable t = c.table();
      AgreementScores s = AgreementMetrics.score(t);
      assertEquals(s.purity(), AgreementMetrics.purity(t), c.name());
      assertEquals(s.nmi(), AgreementMetrics.nmi(t), c.name());
      assertEquals(s.ami(), AgreementMetrics.ami(t), c.name());
      assertEquals(s.ari(), AgreementMetrics.ari(t), c.name());
      assertEquals(s.homogeneity(), AgreementMetrics.homogeneity(t), c.name());
      assertEquals(s.completeness(), AgreementMetrics.completeness(t), c.name());
      assertEquals(s.vMeasure(), AgreementMetrics.vMeasure(t), c.name());
    }
  }

  @Test
  void rowAndColumnOrderDoNotChangeTheScores() throws IOException {
    // Int labels read as strings sort differently ("10" < "2"): same table up to a permutation.
    for (GoldenCase c : goldenCases()) {
      ContingencyTable t = c.table();
      ContingencyTable.Builder renamed = ContingencyTable.builder();
      t.forEachCell((i, j, count) -> renamed.add("class " + (t.numClasses() - i), -t.clusterId(j), count));
      double[] a = asArray(AgreementMetrics.score(t));
      double[] b = asArray(AgreementMetrics.score(renamed.build()));
      for (int m = 0; m < METRICS.length; m++) assertEquals(a[m], b[m], 1e-12, c.name() + " " + METRICS[m]);
    }
  }

  @Test
  void documentedScikitLearnExamples() {
    assertEquals(0.5714285714285715, ari(new int[] {0, 0, 1, 2}, new int[] {0, 0, 1, 1}), 1e-15);
    assertEquals(0.5714285714285715, ari(new int[] {0, 0, 1, 1}, new int[] {0, 0, 1, 2}), 1e-15);
    assertEquals(0.0, ari(new int[] {0, 0, 0, 0}, new int[] {0, 1, 2, 3}), 0.0);
    assertEquals(-0.5, ari(new int[] {0, 0, 1, 1}, new int[] {0, 1, 0, 1}), 0.0);
    ContingencyTable split = ContingencyTable.fromLabels(new int[] {0, 0, 0, 0}, new int[] {0, 1, 2, 3});
    assertEquals(0.0, AgreementMetrics.nmi(split), 0.0);
    assertEquals(0.0, AgreementMetrics.ami(split), 0.0);
    assertEquals(1.0, AgreementMetrics.homogeneity(split), 0.0);
    assertEquals(0.0, AgreementMetrics.completeness(split), 0.0);
    ContingencyTable swapped = ContingencyTable.fromLabels(new int[] {0, 0, 1, 1}, new int[] {1, 1, 0, 0});
    for (double v : asArray(AgreementMetrics.score(swapped))) assertEquals(1.0, v, 1e-15);
  }

  @Test
  void oneClassInOneClusterIsAPerfectMatch() {
    ContingencyTable t = ContingencyTable.builder().add("only", 3, 1_000_000_000L).build();
    for (double v : asArray(AgreementMetrics.score(t))) assertEquals(1.0, v, 0.0);
    ContingencyTable one = ContingencyTable.fromLabels(new int[] {7}, new int[] {-1});
    for (double v : asArray(AgreementMetrics.score(one))) assertEquals(1.0, v, 0.0);
  }

  @Test
  void allSingletonsFollowScikitLearnsRoundingOfZeroOverZero() {
    // sklearn 1.2.1: adjusted_mutual_info_score(range(n), range(n)) is 0.0 for n = 2 and 4, 1.0 for other n.
    for (int n = 2; n <= 300; n++) {
      int[] ids = new int[n];
      for (int i = 0; i < n; i++) ids[i] = i;
      AgreementScores s = AgreementMetrics.score(ContingencyTable.fromLabels(ids, ids));
      assertEquals(n == 2 || n == 4 ? 0.0 : 1.0, s.ami(), 0.0, "n=" + n);
      assertEquals(1.0, s.nmi(), 0.0);
      assertEquals(1.0, s.ari(), 0.0);
      assertEquals(1.0, s.vMeasure(), 0.0);
    }
    int n = 5000;
    ContingencyTable.Builder big = ContingencyTable.builder();
    for (int i = 0; i < n; i++) big.add("s" + i, i, 1);
    assertEquals(1.0, AgreementMetrics.ami(big.build()), 0.0);
  }

  @Test
  void emptyAndNullTablesAreRejected() {
    ContingencyTable empty = ContingencyTable.fromLabels(new int[0], new int[0]);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AgreementMetrics.score(empty));
    assertTrue(e.getMessage().contains("empty"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> AgreementMetrics.ari(null));
    assertTrue(e.getMessage().contains("null"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> AgreementMetrics.ami(ContingencyTable.builder().build()));
  }

  @Test
  void logFactorialIsAccurate() {
    // Reference values: Python math.lgamma(k + 1).
    assertEquals(0.0, LogFactorials.logFactorial(0), 0.0);
    assertEquals(0.0, LogFactorials.logFactorial(1), 0.0);
    assertEquals(42.335616460753485, LogFactorials.logFactorial(20), 1e-15 * 42.3);
    assertEquals(45.38013889847691, LogFactorials.logFactorial(21), 1e-15 * 45.4);
    assertEquals(363.73937555556347, LogFactorials.logFactorial(100), 1e-15 * 363.7);
    assertEquals(12815518.384658169, LogFactorials.logFactorial(1_000_000), 1e-15 * 1.3e7);
    assertEquals(19723265848.226982, LogFactorials.logFactorial(1_000_000_000), 1e-15 * 2e10);
    // Against a compensated sum of logs.
    double sum = 0, compensation = 0;
    for (int k = 1; k <= 5000; k++) {
      double y = Math.log(k) - compensation;
      double t = sum + y;
      compensation = (t - sum) - y;
      sum = t;
      assertEquals(sum, LogFactorials.logFactorial(k), 1e-15 * Math.max(1, sum), "k=" + k);
    }
    assertThrows(IllegalArgumentException.class, () -> LogFactorials.logFactorial(-1));
  }

  @Test
  void expectedMutualInformationEqualsTheFullSum() {
    SplittableRandom random = new SplittableRandom(11);
    for (int trial = 0; trial < 30; trial++) {
      int n = 2 + random.nextInt(400);
      int[] classes = new int[n], clusters = new int[n];
      int kTrue = 1 + random.nextInt(8), kPred = 1 + random.nextInt(25);
      for (int s = 0; s < n; s++) {
        classes[s] = random.nextInt(kTrue);
        clusters[s] = random.nextInt(3) == 0 ? random.nextInt(kPred) : classes[s] * 2;
      }
      ContingencyTable t = ContingencyTable.fromLabels(classes, clusters);
      double expected = fullEmiSum(t);
      assertEquals(expected, AgreementMetrics.expectedMutualInformation(t), 1e-13 * Math.max(1, expected),
          "trial " + trial);
    }
  }

  /** sklearn's Cython loop verbatim: every row, column and n_ij, no grouping or truncation. */
  static double fullEmiSum(ContingencyTable t) {
    if (t.numClasses() == 1 || t.numClusters() == 1) return 0.0;
    long[] a = t.classTotals(), b = t.clusterTotals();
    double n = t.n();
    double emi = 0;
    for (long ai : a) {
      for (long bj : b) {
        for (long k = Math.max(1, ai + bj - t.n()); k <= Math.min(ai, bj); k++) {
          double gln = LogFactorials.logFactorial(ai) + LogFactorials.logFactorial(bj)
              + LogFactorials.logFactorial(t.n() - ai) + LogFactorials.logFactorial(t.n() - bj)
              - LogFactorials.logFactorial(t.n()) - LogFactorials.logFactorial(k)
              - LogFactorials.logFactorial(ai - k) - LogFactorials.logFactorial(bj - k)
              - LogFactorials.logFactorial(t.n() - ai - bj + k);
          emi += k / n * (Math.log(n) + Math.log(k) - Math.log(ai) - Math.log(bj)) * Math.exp(gln);
        }
      }
    }
    return emi;
  }

  @Test
  void billionSampleTablesStayExact() {
    long[][] base = {{700, 20, 5, 0}, {30, 410, 60, 9}, {1, 40, 300, 120}, {0, 3, 17, 95}};
    long scale = 550_000; // n ~ 1e9
    ContingencyTable small = table(base, 1);
    ContingencyTable large = table(base, scale);
    assertTrue(large.n() > 900_000_000L && large.n() < 2_000_000_000L, "n=" + large.n());

    AgreementScores s = AgreementMetrics.score(large);

    // Scaling every count keeps all proportions, so these do not move.
    AgreementScores reference = AgreementMetrics.score(small);
    assertEquals(reference.purity(), s.purity(), 1e-15);
    assertEquals(reference.nmi(), s.nmi(), 1e-12);
    assertEquals(reference.homogeneity(), s.homogeneity(), 1e-12);
    assertEquals(reference.completeness(), s.completeness(), 1e-12);
    assertEquals(reference.vMeasure(), s.vMeasure(), 1e-12);
    assertEquals(exactAri(large), s.ari(), 1e-15);
    assertEquals(exactAri(small), reference.ari(), 1e-15);
    // For large n, EMI -> (R - 1)(C - 1) / (2n) (Vinh et al. 2010), so AMI -> NMI.
    double emi = AgreementMetrics.expectedMutualInformation(large);
    assertEquals(1.0, emi * 2 * large.n() / (3 * 3), 1e-3);
    assertEquals(s.nmi(), s.ami(), 1e-7);
  }

  static ContingencyTable table(long[][] counts, long scale) {
    ContingencyTable.Builder b = ContingencyTable.builder();
    for (int i = 0; i < counts.length; i++) {
      for (int j = 0; j < counts[i].length; j++) b.add("c" + i, j, counts[i][j] * scale);
    }
    return b.build();
  }

  /** Hubert and Arabie's ARI from pair counts C(x, 2), in exact decimal arithmetic. */
  static double exactAri(ContingencyTable t) {
    BigInteger index = BigInteger.ZERO, rows = BigInteger.ZERO, columns = BigInteger.ZERO;
    long[][] dense = t.toDense();
    for (long[] row : dense) for (long c : row) index = index.add(pairs(c));
    for (long a : t.classTotals()) rows = rows.add(pairs(a));
    for (long b : t.clusterTotals()) columns = columns.add(pairs(b));
    MathContext mc = new MathContext(60);
    BigDecimal expected = new BigDecimal(rows.multiply(columns)).divide(new BigDecimal(pairs(t.n())), mc);
    BigDecimal max = new BigDecimal(rows.add(columns)).divide(BigDecimal.valueOf(2), mc);
    return new BigDecimal(index).subtract(expected).divide(max.subtract(expected), mc).doubleValue();
  }

  static BigInteger pairs(long x) {
    return BigInteger.valueOf(x).multiply(BigInteger.valueOf(x - 1)).shiftRight(1);
  }

  @Test
  void numpySumMatchesPairwiseOrder() {
    // np.sum([0.1] * 10) == 1.0 under numpy's pairwise order, 0.9999999999999999 summed left to right.
    double[] tenths = new double[10];
    Arrays.fill(tenths, 0.1);
    assertEquals(1.0, AgreementMetrics.numpySum(tenths), 0.0);
    double[] values = new double[1000];
    for (int i = 0; i < values.length; i++) values[i] = i * 0.25;
    assertEquals(999 * 1000 / 2 * 0.25, AgreementMetrics.numpySum(values), 0.0);
  }

  @Test
  void liveCrossCheckAgainstScikitLearn() throws Exception {
    Assumptions.assumeTrue(pythonWithSklearn(), PYTHON + " with scikit-learn is not available; skipping live check");
    long seed = System.nanoTime();
    SplittableRandom random = new SplittableRandom(seed);
    List<int[][]> labelings = new ArrayList<>();
    StringBuilder input = new StringBuilder();
    for (int trial = 0; trial < 25; trial++) {
      int n = 2 + random.nextInt(trial < 5 ? 12 : 2500);
      int kTrue = 1 + random.nextInt(Math.min(n, 1 + random.nextInt(30)));
      int kPred = 1 + random.nextInt(Math.min(n, 1 + random.nextInt(300)));
      double follow = random.nextDouble();
      int[] classes = new int[n], clusters = new int[n];
      for (int s = 0; s < n; s++) {
        classes[s] = random.nextInt(kTrue);
        clusters[s] = random.nextDouble() < follow ? (classes[s] * 7) % kPred - 1 : random.nextInt(kPred) - 1;
      }
      labelings.add(new int[][] {classes, clusters});
      input.append(join(classes)).append('\n').append(join(clusters)).append('\n');
    }
    String script = String.join("\n",
        "import sys, warnings",
        "warnings.simplefilter('ignore')",
        "import numpy as np",
        "from sklearn.metrics import adjusted_mutual_info_score, adjusted_rand_score,"
            + " homogeneity_completeness_v_measure, normalized_mutual_info_score",
        "from sklearn.metrics.cluster import contingency_matrix",
        "lines = sys.stdin.read().strip().split('\\n')",
        "for t, p in zip(lines[0::2], lines[1::2]):",
        "    t = np.array(t.split(), dtype=int); p = np.array(p.split(), dtype=int)",
        "    c = contingency_matrix(t, p)",
        "    h, comp, v = homogeneity_completeness_v_measure(t, p)",
        "    values = [c.max(axis=0).sum() / c.sum(), normalized_mutual_info_score(t, p),",
        "              adjusted_mutual_info_score(t, p), adjusted_rand_score(t, p), h, comp, v]",
        "    print(' '.join(repr(float(x)) for x in values))");
    List<String> output = runPython(script, input.toString(), 300);
    assertEquals(labelings.size(), output.size(), "python output: " + output);
    double worst = 0;
    for (int trial = 0; trial < labelings.size(); trial++) {
      int[][] l = labelings.get(trial);
      double[] actual = asArray(AgreementMetrics.score(ContingencyTable.fromLabels(l[0], l[1])));
      String[] expected = output.get(trial).split(" ");
      for (int m = 0; m < METRICS.length; m++) {
        double e = Double.parseDouble(expected[m]);
        assertEquals(e, actual[m], TOLERANCE,
            "seed " + seed + ", labeling " + trial + " (n=" + l[0].length + "), " + METRICS[m]);
        worst = Math.max(worst, Math.abs(e - actual[m]));
      }
    }
    System.out.printf("live sklearn cross-check (seed %d): max |java - sklearn| = %.3g%n", seed, worst);
  }

  static double ari(int[] classes, int[] clusters) {
    return AgreementMetrics.ari(ContingencyTable.fromLabels(classes, clusters));
  }

  static String join(int[] values) {
    StringBuilder sb = new StringBuilder();
    for (int v : values) sb.append(sb.length() == 0 ? "" : " ").append(v);
    return sb.toString();
  }

  static boolean pythonWithSklearn() {
    return io.labelatlas.testing.ReferencePython.has("sklearn, numpy");
  }

  /** Runs a Python script with the given standard input; returns its standard output lines. */
  static List<String> runPython(String script, String stdin, int timeoutSeconds) throws Exception {
    Path err = Files.createTempFile("labelatlas-python", ".err");
    try {
      Process p = new ProcessBuilder(PYTHON, "-c", script).redirectError(err.toFile()).start();
      Thread feeder = new Thread(() -> {
        try (OutputStream out = p.getOutputStream()) {
          out.write(stdin.getBytes(StandardCharsets.UTF_8));
        } catch (IOException ignored) {
          // The process died early; its exit status and stderr say why.
        }
      });
      feeder.start();
      String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      boolean finished = p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
      feeder.join();
      if (!finished) p.destroyForcibly();
      assertTrue(finished, "python timed out");
      assertEquals(0, p.exitValue(), "python failed: " + Files.readString(err));
      List<String> lines = new ArrayList<>();
      for (String line : stdout.split("\n")) if (!line.isBlank()) lines.add(line.strip());
      assertFalse(lines.isEmpty(), "python printed nothing; stderr: " + Files.readString(err));
      return lines;
    } finally {
      Files.deleteIfExists(err);
    }
  }
}
