package io.labelatlas.evaluate;

import java.util.ArrayList;
import java.util.List;

/**
 * The complete metric set of one labelled clustering, with bootstrap intervals: what the {@code metrics} table holds
 * for a run and what {@code labelatlas evaluate} prints. Pure; the Spark callers hand it the contingency table (rows
 * classes, columns clusters, negative ids noise) and, for the geometric metrics, a bounded sample of points.
 *
 * <ul>
 *   <li>Agreement with the classes, noise as one cluster (what scikit-learn computes when given -1 labels): purity,
 *       macro_purity, nmi, ami, ari, homogeneity, completeness, v_measure. When the table has noise, the same over the
 *       clustered points only, named {@code clustered:<name>}, with {@code coverage}, the share of labelled points
 *       not in noise (see {@link NoiseTreatment}).
 *   <li>The label distribution: classes, imbalance_ratio, gini ({@link LabelBalance}), clusters (noise excluded),
 *       noise_fraction, labelled.
 *   <li>From a point sample: silhouette and davies_bouldin (noise as one cluster, and {@code clustered:} where the
 *       sample has noise), and dbcv when asked (density clusterings; noise enters it by definition, and
 *       {@code clustered:dbcv} scores the clustered points alone). Undefined values are NaN with the reason in the
 *       detail. DBCV gets no interval: resampling with replacement repeats points, and a repeated point's core
 *       distance is 0, so the replicates are biased (all below the estimate in our tests), not just spread.
 * </ul>
 *
 * All table metrics and coverage get their intervals from one multinomial bootstrap of the table, the resampling of
 * {@link ContingencyBootstrap}: the noise-as-one-cluster scores from its resampled table (and so exactly its
 * intervals), the clustered-only scores from the same resample with the noise column dropped, so that coverage, and
 * the size of the clustered set, vary as they would under resampling the points. Geometric metrics are bootstrapped
 * over point indices ({@link Bootstrap}) with their own, smaller resample count (see {@link Options}); silhouette
 * from distances computed once, leaving a point's resampled copies out of its own-cluster mean
 * ({@link ResampledSilhouette}). Intervals whose bootstrap bias exceeds one standard error say so in the detail (see
 * {@link BootstrapInterval}). All negative cluster ids are noise and merge into the one cluster -1 (scikit-learn would
 * keep -2 apart from -1).
 *
 * <p>This class holds the report's types and its entry points; {@link LabelAgreementReport} computes the table part,
 * {@link GeometricReport} the point-sample part, {@link MetricDetail} words the details. A long bootstrap reports its
 * progress to a {@link BootstrapProgress}.
 */
public final class MetricReport {
  /** Prefix of the metrics computed over the clustered (non-noise) points only. */
  public static final String CLUSTERED = "clustered:";
  /** Names of the table metrics, in {@link TableMetric} order. */
  public static final List<String> TABLE_METRICS = List.of("purity", "macro_purity", "nmi", "ami", "ari",
      "homogeneity", "completeness", "v_measure");

  private MetricReport() {}

  /**
   * One metric.
   *
   * @param interval every interval the bootstrap and jackknife give, with standard errors and biases; null where not
   *     bootstrapped
   * @param detail how the value was computed, or why it is NaN or has no interval; null where nothing needs saying
   * @param reported the interval {@code ci_low}/{@code ci_high} report ({@link IntervalPolicy}); null where not
   *     bootstrapped
   */
  public record MetricValue(String name, double value, BootstrapInterval interval, String detail,
      ReportedInterval reported) {
    /** A value without a bootstrap interval. */
    public MetricValue(String name, double value, String detail) {
      this(name, value, null, detail, null);
    }
  }

  /**
   * All points of the clustering, labelled or not, when the table holds only the labelled ones; sets clusters and
   * noise_fraction.
   *
   * @param clusters number of clusters other than noise
   */
  public record Population(long points, long noise, long clusters) {
    public Population {
      if (points < 0 || noise < 0 || noise > points || clusters < 0) {
        throw new IllegalArgumentException("population needs 0 <= noise <= points and clusters >= 0, got points="
            + points + ", noise=" + noise + ", clusters=" + clusters);
      }
    }
  }

  /**
   * Points in memory for the geometric metrics: coordinates, one cluster id per point (negative: noise), and how
   * the sample was drawn, for the details (e.g. "exact, n=900").
   */
  public record PointSample(double[][] points, int[] clusters, String description) {
    public PointSample {
      if (points == null || clusters == null || points.length != clusters.length) {
        throw new IllegalArgumentException("point sample needs one cluster id per point, got "
            + (points == null ? "no" : points.length) + " points and "
            + (clusters == null ? "no" : clusters.length) + " cluster ids");
      }
    }
  }

  /** Counts of (first label, second label) pairs, e.g. truth and prediction, for {@link #cohenKappa}. */
  public record LabelPairCount(String first, String second, long count) {}

  /**
   * How to compute the report.
   *
   * @param resamples bootstrap resamples of the table metrics; 0 for no intervals
   * @param confidence two-sided level of all intervals
   * @param seed seed of every resampling
   * @param geometricResamples bootstrap resamples of the geometric metrics (each costs a full metric evaluation);
   *     0 for no intervals
   * @param dbcv compute DBCV (meant for density clusterings: HDBSCAN, DBSCAN)
   * @param geometricBootstrapMaxPoints the silhouette bootstrap keeps all pairwise distances of the points it
   *     resamples (n^2 / 2 floats); above this many points it resamples a seeded subsample of this size, and says
   *     so, since that interval is the spread of a smaller sample's silhouette
   * @param parallel evaluate resamples on the common fork-join pool (results do not depend on it)
   */
  public record Options(int resamples, double confidence, long seed, int geometricResamples, boolean dbcv,
      int geometricBootstrapMaxPoints, boolean parallel) {
    public static final int DEFAULT_GEOMETRIC_RESAMPLES = 200;
    public static final int DEFAULT_GEOMETRIC_BOOTSTRAP_MAX_POINTS = 5000;

    public Options {
      checkResamples("resamples", resamples);
      checkResamples("geometricResamples", geometricResamples);
      if (!(confidence > 0 && confidence < 1)) {
        throw new IllegalArgumentException("confidence must be in (0, 1), got " + confidence);
      }
      if (geometricBootstrapMaxPoints < 3 || geometricBootstrapMaxPoints > ResampledSilhouette.MAX_POINTS) {
        throw new IllegalArgumentException("geometricBootstrapMaxPoints must be in 3.." + ResampledSilhouette.MAX_POINTS
            + ", got " + geometricBootstrapMaxPoints);
      }
    }

    /** 1,000 table resamples and 200 geometric ones, 95% intervals, no DBCV, sequential. */
    public static Options defaults(long seed) {
      return new Options(BootstrapSettings.DEFAULT_RESAMPLES, BootstrapSettings.DEFAULT_CONFIDENCE, seed,
          DEFAULT_GEOMETRIC_RESAMPLES, false, DEFAULT_GEOMETRIC_BOOTSTRAP_MAX_POINTS, false);
    }

    // One wither per option: the repeated shape is the record's copy-with idiom.
    public Options withResamples(int tableResamples, int pointResamples) {
      return new Options(tableResamples, confidence, seed, pointResamples, dbcv, geometricBootstrapMaxPoints,
          parallel);
    }

    public Options withConfidence(double level) {
      return new Options(resamples, level, seed, geometricResamples, dbcv, geometricBootstrapMaxPoints,
          parallel);
    }

    public Options withSeed(long newSeed) {
      return new Options(resamples, confidence, newSeed, geometricResamples, dbcv, geometricBootstrapMaxPoints,
          parallel);
    }

    public Options withDbcv(boolean computeDbcv) {
      return new Options(resamples, confidence, seed, geometricResamples, computeDbcv, geometricBootstrapMaxPoints,
          parallel);
    }

    public Options withBootstrapMaxPoints(int silhouettePoints) {
      return new Options(resamples, confidence, seed, geometricResamples, dbcv, silhouettePoints, parallel);
    }

    public Options withParallel(boolean inParallel) {
      return new Options(resamples, confidence, seed, geometricResamples, dbcv, geometricBootstrapMaxPoints,
          inParallel);
    }

    private static void checkResamples(String name, int value) {
      if (value < 0 || value == 1) {
        throw new IllegalArgumentException(name + " must be 0 (no intervals) or at least 2, got " + value);
      }
    }
  }

  /** The table metrics and label distribution, without geometric metrics. */
  public static List<MetricValue> compute(ContingencyTable table, Options options) {
    return compute(table, null, null, options);
  }

  /** The full report, reporting no progress. */
  public static List<MetricValue> compute(ContingencyTable table, Population population, PointSample sample,
      Options options) {
    return compute(table, population, sample, options, BootstrapProgress.NONE);
  }

  /**
   * The full report.
   *
   * @param table labelled points, classes x clusters (negative ids: noise); may be empty (n = 0)
   * @param population all points, when more than the labelled ones were clustered; null: the table's
   * @param sample points for the geometric metrics; null: none are computed
   * @param progress where each bootstrap step reports its finished resamples and jackknife evaluations
   */
  public static List<MetricValue> compute(ContingencyTable table, Population population, PointSample sample,
      Options options, BootstrapProgress progress) {
    if (table == null) throw new IllegalArgumentException("contingency table is null");
    if (options == null) throw new IllegalArgumentException("options are null");
    if (progress == null) throw new IllegalArgumentException("progress is null (use BootstrapProgress.NONE)");
    List<MetricValue> report = new ArrayList<>();
    ContingencyTable merged = NoiseTreatment.NOISE_AS_ONE_CLUSTER.apply(table);
    LabelAgreementReport.distribution(merged, population, report);
    LabelAgreementReport.agreement(merged, options, progress, report);
    if (sample != null) GeometricReport.geometric(sample, options, progress, report);
    return List.copyOf(report);
  }

  /**
   * Cohen's kappa between two label columns given by their pair counts ({@link CohenKappa}, as
   * {@code sklearn.metrics.cohen_kappa_score}), with a bootstrap interval from the same multinomial resampling.
   */
  public static MetricValue cohenKappa(List<LabelPairCount> pairs, Options options) {
    return cohenKappa(pairs, options, BootstrapProgress.NONE);
  }

  /** As {@link #cohenKappa(List, Options)}, reporting the bootstrap's progress. */
  public static MetricValue cohenKappa(List<LabelPairCount> pairs, Options options, BootstrapProgress progress) {
    return LabelAgreementReport.cohenKappa(pairs, options, progress);
  }
}
