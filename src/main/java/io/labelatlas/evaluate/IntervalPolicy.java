package io.labelatlas.evaluate;

import java.util.Locale;

/**
 * Which interval each metric's {@code ci_low}/{@code ci_high} report, and where none can be trusted. Chosen from
 * {@code scripts/bench-coverage} (populations with known values; the table and the reasons are in
 * {@code docs/audit.md}): per metric the method whose coverage came closest to 95% over the grid, and a regime
 * outside which no method reached 93-97%, where the bounds are left out and {@code interval_note} says why.
 */
public final class IntervalPolicy {
  /** Below this many labelled crops the benchmark does not vouch for any interval. */
  public static final long MIN_VERIFIED_N = 300;
  /** Entropy-based scores need this many labelled crops per occupied (class, cluster) cell... */
  public static final double MIN_CROPS_PER_CELL = 10;
  /** ...and this many in the smallest class. */
  public static final long MIN_SMALLEST_CLASS = 30;
  /**
   * Purity's bootstrap bias beyond this many standard errors marks clusters whose majority class is nearly tied,
   * which the bootstrap cannot resolve...
   */
  public static final double MAX_PURITY_BIAS = 0.5;
  /** ...and macro purity's, where one tied cluster weighs as much as any other. */
  public static final double MAX_MACRO_PURITY_BIAS = 0.25;

  private IntervalPolicy() {}

  /**
   * The table a metric was computed on, as far as the policy needs it.
   *
   * @param n labelled crops
   * @param occupiedCells non-zero (class, cluster) cells
   * @param smallestClass crops of the smallest class
   */
  public record Regime(long n, int occupiedCells, long smallestClass) {
    public static Regime of(ContingencyTable table) {
      long smallest = Long.MAX_VALUE;
      for (long total : table.classTotals()) smallest = Math.min(smallest, total);
      return new Regime(table.n(), table.nonZeroCells(), table.n() == 0 ? 0 : smallest);
    }

    double cropsPerCell() {
      return occupiedCells == 0 ? 0 : n / (double) occupiedCells;
    }
  }

  /** The method of a metric, by its name in the {@code metrics} table ({@code clustered:} forms as their base). */
  public static IntervalMethod method(String metric) {
    return switch (base(metric)) {
      case "nmi", "ami", "homogeneity", "completeness", "v_measure", "ari" -> IntervalMethod.JACKKNIFE;
      case "purity", "macro_purity", "kappa" -> IntervalMethod.BCA;
      default -> IntervalMethod.PERCENTILE;
    };
  }

  /**
   * The reported interval of a metric.
   *
   * @param regime the table the metric was computed on; null for point metrics (silhouette, Davies-Bouldin), whose
   *     coverage the benchmark does not measure
   */
  public static ReportedInterval report(String metric, BootstrapInterval interval, Regime regime) {
    IntervalMethod method = method(metric);
    double[] range = range(metric);
    double corrected = clamp(method.corrected(interval), range);
    String untrusted = regime == null ? null : untrusted(metric, interval, regime);
    if (untrusted != null) return new ReportedInterval(method, Double.NaN, Double.NaN, corrected, untrusted);
    double low = clamp(method.low(interval), range);
    double high = clamp(method.high(interval), range);
    String note = regime == null ? "coverage not measured by scripts/bench-coverage (point metric)" : null;
    if (!(Double.isFinite(low) && Double.isFinite(high))) {
      return new ReportedInterval(method, Double.NaN, Double.NaN, corrected, method.columnName() + " undefined");
    }
    return new ReportedInterval(method, low, high, corrected, note);
  }

  /** Why no interval of this metric can be trusted on this table, or null. */
  static String untrusted(String metric, BootstrapInterval interval, Regime regime) {
    if (regime.n() < MIN_VERIFIED_N) {
      return String.format(Locale.ROOT, "no verified interval below n=%d labelled crops (n=%d)", MIN_VERIFIED_N,
          regime.n());
    }
    switch (base(metric)) {
      case "nmi", "ami", "homogeneity", "completeness", "v_measure" -> {
        if (regime.cropsPerCell() < MIN_CROPS_PER_CELL) {
          return String.format(Locale.ROOT, "no verified interval: %.1f labelled crops per occupied class x "
              + "cluster cell, below %.0f (the plug-in bias outgrows its correction)", regime.cropsPerCell(),
              MIN_CROPS_PER_CELL);
        }
        if (regime.smallestClass() < MIN_SMALLEST_CLASS) {
          return String.format(Locale.ROOT, "no verified interval: the smallest class has %d labelled crops, "
              + "below %d", regime.smallestClass(), MIN_SMALLEST_CLASS);
        }
      }
      case "purity", "macro_purity" -> {
        double se = interval.standardError();
        double limit = base(metric).equals("purity") ? MAX_PURITY_BIAS : MAX_MACRO_PURITY_BIAS;
        if (se > 0 && Math.abs(interval.bias()) > limit * se) {
          return String.format(Locale.ROOT, "no verified interval: bootstrap bias %.1f standard errors (clusters "
              + "whose majority class is nearly tied)", Math.abs(interval.bias()) / se);
        }
      }
      default -> {
        return null;
      }
    }
    return null;
  }

  /** The values a metric can take; bounds and corrected estimates are kept inside them. */
  static double[] range(String metric) {
    return switch (base(metric)) {
      case "nmi", "homogeneity", "completeness", "v_measure", "purity", "macro_purity", "coverage" ->
          new double[] {0, 1};
      case "ari", "kappa", "silhouette" -> new double[] {-1, 1};
      case "ami" -> new double[] {Double.NEGATIVE_INFINITY, 1};
      case "davies_bouldin" -> new double[] {0, Double.POSITIVE_INFINITY};
      default -> new double[] {Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY};
    };
  }

  private static double clamp(double value, double[] range) {
    return Double.isNaN(value) ? value : Math.max(range[0], Math.min(range[1], value));
  }

  private static String base(String metric) {
    return metric.startsWith(MetricReport.CLUSTERED) ? metric.substring(MetricReport.CLUSTERED.length()) : metric;
  }
}
