package io.labelatlas.evaluate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BootstrapTest {
  static Bootstrap.IndexStatistic mean(double[] x) {
    return indices -> {
      double sum = 0;
      for (int i : indices) sum += x[i];
      return sum / indices.length;
    };
  }

  static Bootstrap.IndexStatistic standardDeviation(double[] x) {
    return indices -> {
      double sum = 0;
      for (int i : indices) sum += x[i];
      double mean = sum / indices.length;
      double squares = 0;
      for (int i : indices) squares += (x[i] - mean) * (x[i] - mean);
      return Math.sqrt(squares / (indices.length - 1));
    };
  }

  static Bootstrap.IndexStatistic statistic(String name, double[] x) {
    return switch (name) {
      case "mean" -> mean(x);
      case "std" -> standardDeviation(x);
      default -> throw new IllegalArgumentException(name);
    };
  }

  @Test
  void sameReplicatesGiveScipysIntervals() {
    // scipy.stats.bootstrap's own bootstrap distribution (B = 2000) through our interval formulas and our jackknife:
    // percentile interpolation, z0 with ties, the acceleration and the BCa levels must reproduce scipy's endpoints.
    List<AuditCases.Block> cases = AuditCases.blocks("bootstrap");
    assertEquals(2, cases.size());
    for (AuditCases.Block c : cases) {
      double[] sample = c.doubles("sample");
      double[] distribution = c.doubles("distribution");
      Bootstrap.IndexStatistic statistic = statistic(c.name(), sample);
      BootstrapSettings settings = BootstrapSettings.of(distribution.length, 1);
      Bootstrap.Jackknife jackknife = Bootstrap.jackknife(sample.length, List.of(statistic), settings);
      assertEquals(sample.length, jackknife.values()[0].length, "leave-one-out below jackknifeGroups");
      double estimate = c.value("estimate");
      assertEquals(estimate, statistic.of(java.util.stream.IntStream.range(0, sample.length).toArray()), 1e-14);
      BootstrapInterval interval = Bootstrap.fromReplicates(estimate, distribution, jackknife.values()[0], null,
          0.95);
      double[] percentile = c.doubles("percentile");
      double[] bca = c.doubles("bca");
      double[] basic = c.doubles("basic");
      double[] jackknifeReference = c.doubles("jackknife");
      assertEquals(basic[0], interval.basicLow(), 1e-13, c.name());
      assertEquals(basic[1], interval.basicHigh(), 1e-13, c.name());
      assertEquals(jackknifeReference[0], interval.jackknifeBias(), 1e-12, c.name());
      assertEquals(jackknifeReference[1], interval.jackknifeStandardError(), 1e-13, c.name());
      assertEquals(percentile[0], interval.percentileLow(), 1e-13, c.name());
      assertEquals(percentile[1], interval.percentileHigh(), 1e-13, c.name());
      assertEquals(bca[0], interval.bcaLow(), 1e-12, c.name());
      assertEquals(bca[1], interval.bcaHigh(), 1e-12, c.name());
      assertEquals(percentile[2], interval.standardError(), 1e-13, c.name());
    }
  }

  @Test
  void ownResamplesAgreeWithScipyWithinMonteCarloError() {
    // Our resampling (SplittableRandom) cannot replay numpy's, so compare endpoints in distribution. An endpoint from
    // B replicates has Monte Carlo sd s_B; we measure it from R = 20 independent runs of B = 2000 rather than trusting
    // a normal approximation (BCa's adjusted levels reach far into the tails). The scipy reference used B = 20000,
    // so its sd is s_2000 * sqrt(2000 / 20000). The mean of our runs minus the reference then has sd
    // s_2000 * sqrt(1 / R + 0.1), and 4 of those is the tolerance (a false failure about 1 time in 15,000).
    int runs = 20;
    int resamples = 2000;
    for (AuditCases.Block c : AuditCases.blocks("bootstrap")) {
      double[] sample = c.doubles("sample");
      Bootstrap.IndexStatistic statistic = statistic(c.name(), sample);
      double[][] endpoints = new double[5][runs];
      for (int r = 0; r < runs; r++) {
        BootstrapInterval interval = Bootstrap.interval(sample.length, statistic,
            BootstrapSettings.of(resamples, 1000 + r));
        endpoints[0][r] = interval.percentileLow();
        endpoints[1][r] = interval.percentileHigh();
        endpoints[2][r] = interval.bcaLow();
        endpoints[3][r] = interval.bcaHigh();
        endpoints[4][r] = interval.standardError();
      }
      double[] percentile = c.doubles("reference_percentile");
      double[] bca = c.doubles("reference_bca");
      double[] reference = {percentile[0], percentile[1], bca[0], bca[1], percentile[2]};
      String[] names = {"percentile low", "percentile high", "BCa low", "BCa high", "standard error"};
      for (int e = 0; e < reference.length; e++) {
        double mean = Arrays.stream(endpoints[e]).average().orElseThrow();
        double sd = Math.sqrt(Arrays.stream(endpoints[e]).map(v -> (v - mean) * (v - mean)).sum() / (runs - 1));
        double tolerance = 4 * sd * Math.sqrt(1.0 / runs + (double) resamples / 20000);
        assertEquals(reference[e], mean, tolerance, c.name() + " " + names[e] + " (Monte Carlo sd " + sd + ")");
        // A tolerance that is not small against the interval would make the check empty.
        assertTrue(tolerance < 0.25 * (reference[1] - reference[0]), c.name() + " " + names[e] + ": " + tolerance);
      }
    }
  }

  @Test
  void intervalsForTheMeanCoverTheTrueMeanAboutNinetyFivePercentOfTheTime() {
    SplittableRandom random = new SplittableRandom(2024);
    int repetitions = 200;
    int percentileHits = 0;
    int bcaHits = 0;
    double trueMean = 3.0;
    for (int rep = 0; rep < repetitions; rep++) {
      double[] x = new double[50];
      for (int i = 0; i < x.length; i++) x[i] = trueMean + 2 * random.nextGaussian();
      BootstrapInterval interval = Bootstrap.interval(x.length, mean(x), BootstrapSettings.of(1000, rep));
      if (interval.percentileLow() <= trueMean && trueMean <= interval.percentileHigh()) percentileHits++;
      if (interval.bcaLow() <= trueMean && trueMean <= interval.bcaHigh()) bcaHits++;
    }
    double percentileCoverage = percentileHits / (double) repetitions;
    double bcaCoverage = bcaHits / (double) repetitions;
    assertTrue(percentileCoverage >= 0.88 && percentileCoverage <= 0.99, "percentile coverage " + percentileCoverage);
    assertTrue(bcaCoverage >= 0.88 && bcaCoverage <= 0.99, "BCa coverage " + bcaCoverage);
  }

  @Test
  void bcaEqualsPercentileForASymmetricUnbiasedStatistic() {
    // The mean of a sample symmetric about its centre: the jackknife has no skewness (a = 0) and the bootstrap
    // distribution is symmetric about the estimate (z0 = 0 up to Monte Carlo error), so BCa reduces to percentile.
    SplittableRandom random = new SplittableRandom(6);
    double[] x = new double[60];
    for (int i = 0; i < 30; i++) {
      x[i] = 5 + random.nextGaussian();
      x[30 + i] = 10 - x[i];
    }
    BootstrapInterval interval = Bootstrap.interval(x.length, mean(x), BootstrapSettings.of(4000, 3));
    assertEquals(0.0, interval.acceleration(), 1e-12);
    // z0's Monte Carlo sd is about 1.25 / sqrt(B) = 0.02; it moves each endpoint by about 2 z0 standard errors.
    assertEquals(0.0, interval.biasCorrection(), 0.08);
    assertEquals(interval.percentileLow(), interval.bcaLow(), 0.2 * interval.standardError());
    assertEquals(interval.percentileHigh(), interval.bcaHigh(), 0.2 * interval.standardError());
    // With replicates exactly symmetric about the estimate, z0 = 0 and a = 0 make them equal to rounding.
    double[] symmetric = new double[2000];
    for (int b = 0; b < 1000; b++) {
      symmetric[b] = 5 + random.nextGaussian();
      symmetric[1000 + b] = 10 - symmetric[b];
    }
    BootstrapInterval exact = Bootstrap.fromReplicates(5.0, symmetric, 0.0, 0.95);
    assertEquals(0.0, exact.biasCorrection(), 0.0);
    assertEquals(exact.percentileLow(), exact.bcaLow(), 1e-12);
    assertEquals(exact.percentileHigh(), exact.bcaHigh(), 1e-12);
  }

  @Test
  void percentileIsNumpysLinearPercentile() {
    double[] sorted = {1, 2, 3, 4, 5};
    assertEquals(1.4, Bootstrap.percentile(sorted, 10), 1e-15); // np.percentile([1, 2, 3, 4, 5], 10)
    assertEquals(2.0, Bootstrap.percentile(sorted, 25), 0.0);
    assertEquals(4.6, Bootstrap.percentile(sorted, 90), 1e-15);
    assertEquals(1.0, Bootstrap.percentile(sorted, 0), 0.0);
    assertEquals(5.0, Bootstrap.percentile(sorted, 100), 0.0);
  }

  @Test
  void seededAndIndependentOfParallelism() {
    SplittableRandom random = new SplittableRandom(1);
    double[] x = new double[300];
    for (int i = 0; i < x.length; i++) x[i] = random.nextDouble();
    List<Bootstrap.IndexStatistic> statistics = List.of(mean(x), standardDeviation(x));
    BootstrapSettings settings = BootstrapSettings.of(200, 77);
    double[][] sequential = Bootstrap.replicates(x.length, statistics, settings);
    double[][] parallel = Bootstrap.replicates(x.length, statistics, settings.withParallel(true));
    assertArrayEquals(sequential[0], parallel[0], 0.0);
    assertArrayEquals(sequential[1], parallel[1], 0.0);
    double[][] again = Bootstrap.replicates(x.length, statistics, settings);
    assertArrayEquals(sequential[0], again[0], 0.0);
    double[][] other = Bootstrap.replicates(x.length, statistics, settings.withSeed(78));
    assertTrue(!Arrays.equals(sequential[0], other[0]));
    List<BootstrapInterval> intervals = Bootstrap.intervals(x.length, statistics, settings);
    assertEquals(Bootstrap.interval(x.length, statistics.get(1), settings), intervals.get(1));
  }

  @Test
  void reportsTheFinishedResamplesAndJackknifeGroupsUpToTheirCounts() {
    double[] x = new double[300];
    for (int i = 0; i < x.length; i++) x[i] = i % 11;
    List<Bootstrap.IndexStatistic> statistics = List.of(mean(x));
    BootstrapSettings settings = BootstrapSettings.of(230, 5).withJackknifeGroups(40);
    CapturedProgress progress = new CapturedProgress();
    double[][] reported = Bootstrap.replicates(x.length, statistics, settings, progress, "mean: resamples");
    Bootstrap.jackknife(x.length, statistics, settings, progress, "mean: jackknife");
    progress.assertSequentialStep("mean: resamples", 230);
    progress.assertSequentialStep("mean: jackknife", 40);
    assertArrayEquals(Bootstrap.replicates(x.length, statistics, settings)[0], reported[0], 0.0);

    CapturedProgress parallel = new CapturedProgress();
    Bootstrap.replicates(x.length, statistics, settings.withParallel(true), parallel, "mean: resamples");
    parallel.assertStep("mean: resamples", 230);
  }

  @Test
  void groupedJackknifeEstimatesTheSameAcceleration() {
    SplittableRandom random = new SplittableRandom(12);
    double[] x = new double[5000];
    for (int i = 0; i < x.length; i++) x[i] = -Math.log(1 - random.nextDouble()); // exponential: skewed
    BootstrapSettings exactSettings = BootstrapSettings.of(10, 1).withJackknifeGroups(x.length);
    Bootstrap.Jackknife exact = Bootstrap.jackknife(x.length, List.of(mean(x)), exactSettings);
    Bootstrap.Jackknife grouped =
        Bootstrap.jackknife(x.length, List.of(mean(x)), exactSettings.withJackknifeGroups(500));
    assertEquals(500, grouped.values()[0].length);
    double a = Bootstrap.acceleration(exact.values()[0], null);
    // The mean of an exponential sample: a = skewness / (6 sqrt(n)) = 2 / (6 sqrt(5000)) ~ 0.0047.
    assertEquals(2 / (6 * Math.sqrt(x.length)), a, 0.001);
    assertEquals(a, Bootstrap.acceleration(grouped.values()[0], null), 0.3 * a);
  }

  @Test
  void weightedJackknifeEqualsTheExpandedOne() {
    // ContingencyBootstrap's jackknife has one value per cell, weighted by the cell's count: it must equal the plain
    // leave-one-out jackknife over the crops.
    double[] values = {1.0, 1.0, 1.0, 2.5, 4.0, 4.0};
    double[] distinct = {1.0, 2.5, 4.0};
    double[] weights = {3, 1, 2};
    assertEquals(Bootstrap.acceleration(values, null), Bootstrap.acceleration(distinct, weights), 1e-15);
    assertEquals(Bootstrap.jackknifeBias(values, null, 2.0), Bootstrap.jackknifeBias(distinct, weights, 2.0), 1e-14);
    assertEquals(Bootstrap.jackknifeStandardError(values, null),
        Bootstrap.jackknifeStandardError(distinct, weights), 1e-14);
    assertEquals(0.0, Bootstrap.acceleration(new double[] {2, 2, 2}, null), 0.0);
  }

  @Test
  void pointMetricsBootstrapThroughResampledPoints() {
    SplittableRandom random = new SplittableRandom(21);
    double[][] x = new double[300][2];
    int[] labels = new int[300];
    for (int i = 0; i < x.length; i++) {
      labels[i] = i % 3;
      x[i][0] = 6 * labels[i] + random.nextGaussian();
      x[i][1] = random.nextGaussian();
    }
    Bootstrap.IndexStatistic daviesBouldin = Bootstrap.IndexStatistic.ofPoints(x, labels, DaviesBouldin::score);
    assertEquals(DaviesBouldin.score(x, labels), daviesBouldin.of(java.util.stream.IntStream.range(0, 300).toArray()),
        0.0);
    BootstrapInterval interval = Bootstrap.interval(x.length, daviesBouldin, BootstrapSettings.of(200, 5));
    assertTrue(interval.percentileLow() < interval.estimate() && interval.estimate() < interval.percentileHigh(),
        interval.toString());
    assertTrue(interval.standardError() > 0 && interval.standardError() < 0.1 * interval.estimate(),
        interval.toString());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Bootstrap.IndexStatistic.ofPoints(x, new int[3], DaviesBouldin::score));
    assertTrue(e.getMessage().contains("one length"), e.getMessage());
  }

  @Test
  void rejectsBadSettingsAndUndefinedStatistics() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BootstrapSettings.of(1, 0));
    assertTrue(e.getMessage().contains("resamples"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> BootstrapSettings.of(100, 0).withConfidence(1.0));
    assertTrue(e.getMessage().contains("confidence"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> BootstrapSettings.of(100, 0).withJackknifeGroups(1));
    assertTrue(e.getMessage().contains("jackknifeGroups"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Bootstrap.interval(1, i -> 0, BootstrapSettings.of(10, 0)));
    IllegalStateException s = assertThrows(IllegalStateException.class,
        () -> Bootstrap.interval(5, i -> Double.NaN, BootstrapSettings.of(10, 0)));
    assertTrue(s.getMessage().contains("resample 0"), s.getMessage());
  }
}
