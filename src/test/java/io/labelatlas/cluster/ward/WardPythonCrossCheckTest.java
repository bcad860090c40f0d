package io.labelatlas.cluster.ward;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Runs scipy/sklearn ({@code golden/ward/generate.py --live}) on fresh random blobs, when they are installed. */
class WardPythonCrossCheckTest {

  private static final String PYTHON = "/usr/bin/python3";

  @Test
  void freshRandomBlobsMatchScipyAndSklearn() throws Exception {
    Assumptions.assumeTrue(sklearnAvailable(), PYTHON + " with scikit-learn and scipy is not installed; skipping");
    long seed = System.nanoTime();
    Random random = new Random(seed);
    int n = 150 + random.nextInt(150);
    int d = 1 + random.nextInt(8);
    int blobs = 2 + random.nextInt(4);
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < n; i++) {
      int blob = random.nextInt(blobs);
      for (int c = 0; c < d; c++) {
        text.append(String.format(Locale.ROOT, c == 0 ? "%.17g" : " %.17g", 5.0 * blob * (c % 2 == 0 ? 1 : -0.5)
            + random.nextGaussian()));
      }
      text.append('\n');
    }
    Path dir = Files.createTempDirectory("ward-live");
    Path input = dir.resolve("points.txt");
    Path output = dir.resolve("golden.txt");
    Files.writeString(input, text);
    Process python = new ProcessBuilder(PYTHON, script().toString(), "--live", input.toString(), output.toString(),
        "1", "2", "3", Integer.toString(blobs), "7").redirectErrorStream(true).start();
    String log = new String(python.getInputStream().readAllBytes());
    assertEquals(0, python.waitFor(), "generate.py --live failed: " + log);
    // The golden file carries the points as Python parsed them, so both sides cluster the same doubles.
    WardAssertions.assertMatches(WardGolden.file(output), "live seed " + seed + " n=" + n + " d=" + d);
  }

  private static Path script() {
    Path fromRoot = Paths.get("src/test/resources/golden/ward/generate.py");
    if (Files.exists(fromRoot)) {
      return fromRoot;
    }
    try {
      return Paths.get(WardPythonCrossCheckTest.class.getResource("/golden/ward/generate.py").toURI());
    } catch (Exception e) {
      throw new IllegalStateException("cannot find golden/ward/generate.py", e);
    }
  }

  private static boolean sklearnAvailable() {
    try {
      Process p = new ProcessBuilder(PYTHON, "-c", "import sklearn.cluster, scipy.cluster.hierarchy")
          .redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (Exception e) {
      return false;
    }
  }
}
