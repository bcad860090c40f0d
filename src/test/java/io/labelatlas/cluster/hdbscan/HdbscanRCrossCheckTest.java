package io.labelatlas.cluster.hdbscan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Runs R dbscan::hdbscan ({@code golden/hdbscan/live.R}) on fresh random blobs and compares, when R is installed.
 *
 * <p>R dbscan 1.1-11 condenses the tree differently from HDBSCAN* (see {@link RDbscanClusterTree}): points of a
 * spurious part stay in their cluster until they become singletons, which inflates leaf stabilities. On most data the
 * selection is the same; on the seeds in {@link #R_LEAF_RULE_SEEDS} (scanned: seeds 1-300) it is not, and R then
 * prefers the leaves (seed 25: 6 clusters and 34 noise points where HDBSCAN* has 3 and 15). Every seed checks that
 * R's rule applied to our own single-linkage tree reproduces R's labels, so the difference is that rule and nothing
 * else (for seeds 25 and 71 the core distances and the multiset of MST weights were also compared: equal).
 */
class HdbscanRCrossCheckTest {
  /** Seeds in 1-300 where R's leaf rule changes the selected clusters; all others agree with R exactly. */
  static final Set<Long> R_LEAF_RULE_SEEDS = Set.of(25L, 71L, 270L);

  @Test
  void freshRandomBlobsMatchR() throws Exception {
    Assumptions.assumeTrue(rDbscanAvailable(), "Rscript with the dbscan package is not installed; skipping live check");
    for (long seed : seeds()) matchesR(seed);
  }

  /** Fixed seeds keep CI reproducible; -Dhdbscan.crosscheck.seeds=1-300 (ranges and commas) scans more. */
  private static long[] seeds() {
    String spec = System.getProperty("hdbscan.crosscheck.seeds", "1-6,25,71");
    return java.util.Arrays.stream(spec.split(",")).flatMapToLong(range -> {
      String[] ends = range.trim().split("-");
      long from = Long.parseLong(ends[0]);
      long to = ends.length > 1 ? Long.parseLong(ends[1]) : from;
      return java.util.stream.LongStream.rangeClosed(from, to);
    }).toArray();
  }

  private static void matchesR(long seed) throws Exception {
    Random random = new Random(seed);
    int perBlob = 60;
    double[][] points = new double[3 * perBlob + 20][];
    for (int i = 0; i < points.length; i++) {
      int blob = i / perBlob;
      points[i] = blob < 3
          ? new double[] {6 * blob + random.nextGaussian() * (0.4 + 0.4 * blob), 3 * blob + random.nextGaussian()}
          : new double[] {random.nextDouble() * 20 - 4, random.nextDouble() * 14 - 4};
    }
    int minPts = 4 + random.nextInt(5);

    Path dir = Files.createTempDirectory("hdbscan-r");
    Path input = dir.resolve("points.txt");
    Path output = dir.resolve("r.txt");
    StringBuilder text = new StringBuilder();
    for (double[] p : points) {
      text.append(String.format(java.util.Locale.ROOT, "%.17g %.17g%n", p[0], p[1]));
    }
    Files.writeString(input, text);
    Process r = new ProcessBuilder("Rscript", liveScript().toString(), input.toString(), Integer.toString(minPts),
        output.toString()).redirectErrorStream(true).start();
    String log = new String(r.getInputStream().readAllBytes());
    assertEquals(0, r.waitFor(), "Rscript failed: " + log);

    // Re-read our own text so both sides cluster the very same doubles.
    List<String> rows = Files.readAllLines(input);
    double[][] parsed = new double[rows.size()][];
    for (int i = 0; i < parsed.length; i++) {
      String[] f = rows.get(i).trim().split("\\s+");
      parsed[i] = new double[] {Double.parseDouble(f[0]), Double.parseDouble(f[1])};
    }
    List<String> rOut = Files.readAllLines(output);
    int[] rCluster = new int[rOut.size()];
    double[] rProb = new double[rOut.size()];
    for (int i = 0; i < rCluster.length; i++) {
      String[] f = rOut.get(i).trim().split("\\s+");
      rCluster[i] = (int) Double.parseDouble(f[0]);
      rProb[i] = Double.parseDouble(f[1]);
    }
    HdbscanResult ours = Hdbscan.fit(parsed, minPts, minPts, SelectionMethod.EOM, 0, false);
    SingleLinkageTree hierarchy =
        SingleLinkageTree.fromSortedMst(MutualReachabilityMst.compute(parsed, ours.coreDistances()));
    int[] rRuleLabels = RDbscanClusterTree.of(hierarchy, minPts).labels();
    String where = "seed " + seed + ", minPts " + minPts + ": ";
    try {
      LabelComparison.assertSameUpToRenaming(rCluster, rRuleLabels);
    } catch (AssertionError e) {
      throw new AssertionError(where + "R's condensation rule on our tree does not explain R: " + e.getMessage(), e);
    }
    if (R_LEAF_RULE_SEEDS.contains(seed)) {
      assertThrows(AssertionError.class, () -> LabelComparison.assertSameUpToRenaming(rCluster, ours.labels()),
          where + "listed as changed by R's leaf rule, but R now agrees with HDBSCAN*");
    } else {
      try {
        LabelComparison.assertSameUpToRenaming(rCluster, ours.labels());
      } catch (AssertionError e) {
        throw new AssertionError(where + e.getMessage(), e);
      }
    }
    org.junit.jupiter.api.Assertions.assertArrayEquals(rProb,
        HdbscanGoldenTest.rMembershipProb(rRuleLabels, ours.coreDistances()), 1e-9, where + "membership_prob");
  }

  private static Path liveScript() throws Exception {
    return Paths.get(HdbscanRCrossCheckTest.class.getResource("/golden/hdbscan/live.R").toURI());
  }

  private static boolean rDbscanAvailable() {
    try {
      Process p = new ProcessBuilder("Rscript", "-e", "library(dbscan)").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
