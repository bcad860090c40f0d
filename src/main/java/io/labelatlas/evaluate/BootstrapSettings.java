package io.labelatlas.evaluate;

/**
 * How to bootstrap a statistic.
 *
 * @param resamples number of bootstrap resamples B (at least 2; 1,000 or more for 95% intervals)
 * @param confidence two-sided confidence level, in (0, 1)
 * @param seed seed of the {@link java.util.SplittableRandom} that draws the resamples; resample b always gets the
 *     b-th generator split from it, so results do not depend on {@code parallel}
 * @param jackknifeGroups for BCa's acceleration: up to this many samples, the exact leave-one-out jackknife; above,
 *     a delete-m jackknife over this many seeded random groups of equal size (Shao and Wu, "A general theory for
 *     jackknife variance estimation", Ann. Statist. 17, 1989), whose acceleration estimates the same quantity at a
 *     fraction of the cost. Contingency-table statistics never need it (see {@link ContingencyBootstrap})
 * @param parallel evaluate resamples on the common fork-join pool
 */
public record BootstrapSettings(int resamples, double confidence, long seed, int jackknifeGroups, boolean parallel) {
  public static final int DEFAULT_RESAMPLES = 1000;
  public static final double DEFAULT_CONFIDENCE = 0.95;
  public static final int DEFAULT_JACKKNIFE_GROUPS = 1000;

  public BootstrapSettings {
    if (resamples < 2) throw new IllegalArgumentException("bootstrap resamples must be >= 2, got " + resamples);
    if (!(confidence > 0 && confidence < 1)) {
      throw new IllegalArgumentException("bootstrap confidence must be in (0, 1), got " + confidence);
    }
    if (jackknifeGroups < 2) {
      throw new IllegalArgumentException("bootstrap jackknifeGroups must be >= 2, got " + jackknifeGroups);
    }
  }

  /** {@code resamples} resamples, 95% intervals, sequential. */
  public static BootstrapSettings of(int resamples, long seed) {
    return new BootstrapSettings(resamples, DEFAULT_CONFIDENCE, seed, DEFAULT_JACKKNIFE_GROUPS, false);
  }

  public BootstrapSettings withConfidence(double level) {
    return new BootstrapSettings(resamples, level, seed, jackknifeGroups, parallel);
  }

  public BootstrapSettings withSeed(long newSeed) {
    return new BootstrapSettings(resamples, confidence, newSeed, jackknifeGroups, parallel);
  }

  public BootstrapSettings withJackknifeGroups(int groups) {
    return new BootstrapSettings(resamples, confidence, seed, groups, parallel);
  }

  public BootstrapSettings withParallel(boolean inParallel) {
    return new BootstrapSettings(resamples, confidence, seed, jackknifeGroups, inParallel);
  }
}
