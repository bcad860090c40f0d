package io.labelatlas.cluster.dbscan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Runs scikit-learn's DBSCAN and NearestNeighbors through {@code /usr/bin/python3} on freshly drawn data and compares.
 * Skipped, with a message, when that interpreter or scikit-learn is missing. The seed is in every failure message.
 */
class SklearnDbscanCrossCheckTest {
  private static final String PYTHON = "/usr/bin/python3";

  /** Reads blocks of "eps minSamples k n" and n rows; prints labels, core flags and k-distances per block. */
  private static final String SCRIPT = String.join("\n",
      "import sys, numpy as np",
      "from sklearn.cluster import DBSCAN",
      "from sklearn.neighbors import NearestNeighbors",
      "lines = [l for l in sys.stdin.read().split('\\n') if l.strip()]",
      "at = 0",
      "while at < len(lines):",
      "    eps, ms, k, n = lines[at].split(); eps, ms, k, n = float(eps), int(ms), int(k), int(n)",
      "    x = np.array([[float(v) for v in l.split()] for l in lines[at + 1:at + 1 + n]]); at += 1 + n",
      "    m = DBSCAN(eps=eps, min_samples=ms).fit(x)",
      "    core = np.zeros(len(x), dtype=int); core[m.core_sample_indices_] = 1",
      "    d = NearestNeighbors(n_neighbors=k).fit(x).kneighbors(x)[0][:, k - 1]",
      "    print(' '.join(map(str, m.labels_)))",
      "    print(' '.join(map(str, core)))",
      "    print(' '.join(repr(float(v)) for v in d))",
      "");

  private record Case(double[][] points, double eps, int minSamples, String message) {}

  @Test
  void matchesLiveSklearnOnFreshData() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(Path.of(PYTHON)), PYTHON + " is missing; live cross-check skipped");
    long seed = System.nanoTime();
    Random random = new Random(seed);
    Case[] cases = new Case[3];
    int[] dims = {2, 6, 3};
    for (int c = 0; c < cases.length; c++) {
      int dim = dims[c];
      int n = 300 + random.nextInt(400);
      double eps = (dim == 2 ? 0.25 : 0.8) * (0.6 + random.nextDouble());
      int minSamples = 1 + random.nextInt(14);
      cases[c] = new Case(blobsWithNoise(random, n, dim), eps, minSamples,
          "seed " + seed + " dim " + dim + " n " + n + " eps " + eps + " minSamples " + minSamples);
    }
    String[] out = runSklearn(cases);
    for (int c = 0; c < cases.length; c++) {
      Case test = cases[c];
      int n = test.points().length;
      int[] labels = Arrays.stream(out[3 * c].trim().split(" ")).mapToInt(Integer::parseInt).toArray();
      int[] core = Arrays.stream(out[3 * c + 1].trim().split(" ")).mapToInt(Integer::parseInt).toArray();
      double[] kDistance = SklearnDbscanGolden.parseDoubles(out[3 * c + 2]);

      DbscanLabels result = Dbscan.fit(test.points(), test.eps(), test.minSamples());
      assertArrayEquals(labels, result.labels(), test.message());
      for (int i = 0; i < n; i++) {
        assertEquals(core[i] == 1, result.coreSamples()[i], test.message() + " point " + i);
      }
      assertArrayEquals(kDistance, KDistanceCurve.perPoint(test.points(), test.minSamples()), 1e-12, test.message());
    }
  }

  private static double[][] blobsWithNoise(Random random, int n, int dim) {
    int centers = 2 + random.nextInt(3);
    double[][] center = new double[centers][dim];
    double[] spread = new double[centers];
    for (int c = 0; c < centers; c++) {
      for (int d = 0; d < dim; d++) {
        center[c][d] = 8 * random.nextDouble() - 4;
      }
      spread[c] = 0.2 + 0.6 * random.nextDouble();
    }
    double[][] points = new double[n][dim];
    for (int i = 0; i < n; i++) {
      boolean noise = random.nextDouble() < 0.15;
      int c = random.nextInt(centers);
      for (int d = 0; d < dim; d++) {
        points[i][d] = noise ? 12 * random.nextDouble() - 6 : center[c][d] + spread[c] * random.nextGaussian();
      }
    }
    return points;
  }

  /** Double.toString round-trips, and Python's float() parses it to the same double. */
  private static String[] runSklearn(Case[] cases) throws Exception {
    StringBuilder input = new StringBuilder();
    for (Case test : cases) {
      input.append(test.eps()).append(' ').append(test.minSamples()).append(' ').append(test.minSamples()).append(' ')
          .append(test.points().length).append('\n');
      for (double[] p : test.points()) {
        for (int d = 0; d < p.length; d++) {
          input.append(d == 0 ? "" : " ").append(p[d]);
        }
        input.append('\n');
      }
    }
    Process process = new ProcessBuilder(PYTHON, "-c", SCRIPT).start();
    try (OutputStream stdin = process.getOutputStream()) {
      stdin.write(input.toString().getBytes(StandardCharsets.UTF_8));
    }
    String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("scikit-learn run timed out");
    }
    Assumptions.assumeFalse(stderr.contains("No module named"),
        PYTHON + " lacks scikit-learn or numpy; live cross-check skipped: " + stderr.strip());
    if (process.exitValue() != 0) {
      throw new AssertionError("scikit-learn run failed: " + stderr);
    }
    String[] lines = stdout.split("\n");
    assertEquals(3 * cases.length, lines.length, "unexpected scikit-learn output: " + stdout + stderr);
    return lines;
  }
}
