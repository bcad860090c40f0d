package io.labelatlas.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class CohenKappaTest {
  static final double TOLERANCE = 1e-12;

  @Test
  void matchesScikitLearnOnGoldenCases() {
    List<AuditCases.Block> cases = AuditCases.blocks("kappa");
    assertEquals(8, cases.size());
    for (AuditCases.Block c : cases) {
      CohenKappa.Weighting weighting = CohenKappa.Weighting.valueOf(c.header()[1].toUpperCase(Locale.ROOT));
      String[] first = c.tokens("first", 0);
      String[] second = c.tokens("second", 0);
      double actual = c.header()[2].equals("int")
          ? CohenKappa.score(AgreementMetricsTest.ints(first), AgreementMetricsTest.ints(second), weighting)
          : CohenKappa.score(first, second, weighting);
      double expected = c.value("kappa");
      if (Double.isNaN(expected)) {
        assertTrue(Double.isNaN(actual), c.name() + ": expected NaN, got " + actual);
      } else {
        assertEquals(expected, actual, TOLERANCE, c.name() + " " + weighting);
      }
    }
  }

  @Test
  void equalsTheTextbookFormula() {
    // Observed agreement 0.7, chance agreement 0.5 * 0.6 + 0.5 * 0.4 = 0.5: kappa = (0.7 - 0.5) / (1 - 0.5) = 0.4.
    long[][] confusion = {{40, 10}, {20, 30}};
    assertEquals(0.4, CohenKappa.fromConfusion(confusion, CohenKappa.Weighting.NONE), 1e-15);
    int[] a = new int[100];
    int[] b = new int[100];
    for (int s = 0; s < 100; s++) {
      a[s] = s < 50 ? 0 : 1;
      b[s] = s < 40 || (s >= 50 && s < 70) ? 0 : 1;
    }
    assertEquals(0.4, CohenKappa.score(a, b), 1e-15);
    // Two labels: every weighting is the same.
    assertEquals(0.4, CohenKappa.score(a, b, CohenKappa.Weighting.QUADRATIC), 1e-15);
  }

  @Test
  void stringAndIntegerLabelsAgree() {
    SplittableRandom random = new SplittableRandom(4);
    int[] a = new int[300];
    int[] b = new int[300];
    String[] sa = new String[300];
    String[] sb = new String[300];
    for (int s = 0; s < a.length; s++) {
      a[s] = random.nextInt(5);
      b[s] = random.nextDouble() < 0.6 ? a[s] : random.nextInt(5);
      sa[s] = "label" + a[s];
      sb[s] = "label" + b[s];
    }
    for (CohenKappa.Weighting w : CohenKappa.Weighting.values()) {
      assertEquals(CohenKappa.score(a, b, w), CohenKappa.score(sa, sb, w), 0.0, w.name());
    }
    assertEquals(CohenKappa.score(a, b), CohenKappa.score(b, a), 1e-15);
  }

  @Test
  void rejectsBadInput() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> CohenKappa.score(new int[] {1, 2}, new int[] {1}));
    assertTrue(e.getMessage().contains("2 and 1"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> CohenKappa.score(new int[0], new int[0]));
    e = assertThrows(IllegalArgumentException.class,
        () -> CohenKappa.score(new String[] {"a", "b"}, new String[] {"a", null}));
    assertTrue(e.getMessage().contains("sample 1"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> CohenKappa.fromConfusion(new long[][] {{1, 2}, {3}}, CohenKappa.Weighting.NONE));
    assertTrue(e.getMessage().contains("square"), e.getMessage());
  }

  @Test
  void liveCrossCheckAgainstScikitLearn() throws Exception {
    Assumptions.assumeTrue(AgreementMetricsTest.pythonWithSklearn(),
        AgreementMetricsTest.PYTHON + " with scikit-learn is not available; skipping live check");
    long seed = System.nanoTime();
    SplittableRandom random = new SplittableRandom(seed);
    List<int[][]> pairs = new ArrayList<>();
    StringBuilder input = new StringBuilder();
    for (int trial = 0; trial < 12; trial++) {
      int n = 2 + random.nextInt(600);
      int k = 2 + random.nextInt(8);
      double agree = random.nextDouble();
      int[] a = new int[n];
      int[] b = new int[n];
      for (int s = 0; s < n; s++) {
        a[s] = random.nextInt(k) * 3 - 2;
        b[s] = random.nextDouble() < agree ? a[s] : random.nextInt(k + 1) * 3 - 2;
      }
      a[0] = -2; // keep at least two labels in the union, so kappa is defined
      b[0] = 1;
      pairs.add(new int[][] {a, b});
      input.append(AgreementMetricsTest.join(a)).append('\n').append(AgreementMetricsTest.join(b)).append('\n');
    }
    String script = String.join("\n",
        "import sys",
        "import numpy as np",
        "from sklearn.metrics import cohen_kappa_score",
        "lines = sys.stdin.read().strip().split('\\n')",
        "for a, b in zip(lines[0::2], lines[1::2]):",
        "    a = np.array(a.split(), dtype=int); b = np.array(b.split(), dtype=int)",
        "    print(' '.join(repr(float(cohen_kappa_score(a, b, weights=w))) for w in (None, 'linear', 'quadratic')))");
    List<String> output = AgreementMetricsTest.runPython(script, input.toString(), 120);
    assertEquals(pairs.size(), output.size(), "python output: " + output);
    for (int trial = 0; trial < pairs.size(); trial++) {
      String[] expected = output.get(trial).split(" ");
      for (CohenKappa.Weighting w : CohenKappa.Weighting.values()) {
        assertEquals(Double.parseDouble(expected[w.ordinal()]),
            CohenKappa.score(pairs.get(trial)[0], pairs.get(trial)[1], w), TOLERANCE,
            "seed " + seed + ", pair " + trial + ", " + w);
      }
    }
  }
}
