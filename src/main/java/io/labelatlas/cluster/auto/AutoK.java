package io.labelatlas.cluster.auto;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Chooses the number of clusters from one fit per candidate k: the best score among the candidates whose smallest
 * cluster holds at least {@code minClusterFraction} of the points. Silhouette (Rousseeuw 1987; higher is better) for
 * k-means and Ward, BIC (Schwarz 1978; lower is better) for Gaussian mixtures.
 *
 * <p>The size guard is there because on defect crops the silhouette rewards degenerate splits: carving a handful of
 * near-duplicate crops (0.5% of the data) off a large cluster can raise the mean silhouette above that of the real
 * structure. A k that only wins that way is rejected, whatever its score; so is a k whose fit the caller rejected
 * (e.g. {@link GmmSupport}). When every k is rejected, the least degenerate one (largest smallest cluster) is kept and
 * the evidence says so.
 */
public final class AutoK {
  private AutoK() {}

  /** Longest evidence text; the metrics table shows it in one cell. */
  static final int EVIDENCE_LIMIT = 1000;

  public enum Score {
    SILHOUETTE("silhouette", true),
    BIC("BIC", false);

    private final String label;
    private final boolean higherIsBetter;

    Score(String label, boolean higherIsBetter) {
      this.label = label;
      this.higherIsBetter = higherIsBetter;
    }

    /** Whether {@code a} is strictly better than {@code b}. */
    boolean better(double a, double b) {
      return higherIsBetter ? a > b : a < b;
    }
  }

  /**
   * One fitted k.
   *
   * @param score the silhouette or BIC; NaN when it could not be computed
   * @param smallestCluster points (or weight) in the smallest cluster of the fit over all the data
   * @param points all points (or total weight) the fit saw
   * @param unscoredReason why the score is NaN (null otherwise)
   * @param fitRejection why the fit itself cannot be trusted, whatever its score (null when it can), e.g. a Gaussian
   *     mixture with more parameters than the points support
   */
  public record Candidate(int k, double score, double smallestCluster, double points, String unscoredReason,
      String fitRejection) {
    public Candidate {
      if (k < 1) throw new IllegalArgumentException("k must be >= 1, got " + k);
      if (!(points > 0)) throw new IllegalArgumentException("points must be > 0, got " + points);
    }

    public Candidate(int k, double score, double smallestCluster, double points, String unscoredReason) {
      this(k, score, smallestCluster, points, unscoredReason, null);
    }

    /** This candidate, rejected for {@code reason} (its score is kept for the evidence). */
    public Candidate rejected(String reason) {
      return new Candidate(k, score, smallestCluster, points, unscoredReason, reason);
    }

    public static Candidate scored(int k, double score, double smallestCluster, double points) {
      return new Candidate(k, score, smallestCluster, points, Double.isNaN(score) ? "no score" : null);
    }

    public double smallestFraction() {
      return smallestCluster / points;
    }
  }

  /** A candidate with the reason it was not eligible (null when it was). */
  public record Verdict(Candidate candidate, String rejection) {}

  /**
   * @param k the chosen k
   * @param fallback true when every candidate was rejected and the least degenerate one was kept
   */
  public record Selection(int k, List<Verdict> verdicts, boolean fallback, String evidence) {}

  /**
   * @param context what was scored, for the evidence (e.g. "silhouette on 5000 sampled points")
   */
  public static Selection choose(List<Candidate> candidates, Score score, double minClusterFraction, String context) {
    if (candidates == null || candidates.isEmpty()) {
      throw new IllegalArgumentException("no candidate k to choose from");
    }
    if (!(minClusterFraction >= 0 && minClusterFraction < 1)) {
      throw new IllegalArgumentException("minClusterFraction must be in [0, 1), got " + minClusterFraction);
    }
    List<Verdict> verdicts = new ArrayList<>();
    Candidate best = null;
    for (Candidate candidate : candidates) {
      String rejection = candidate.fitRejection();
      if (rejection == null && candidate.smallestFraction() < minClusterFraction) {
        rejection = String.format(Locale.ROOT, "smallest cluster %s < %s", percent(candidate.smallestFraction()),
            percent(minClusterFraction));
      } else if (rejection == null && Double.isNaN(candidate.score())) {
        rejection = candidate.unscoredReason() == null ? "no score" : candidate.unscoredReason();
      }
      verdicts.add(new Verdict(candidate, rejection));
      if (rejection == null && (best == null || score.better(candidate.score(), best.score())
          || (candidate.score() == best.score() && candidate.k() < best.k()))) {
        best = candidate;
      }
    }
    boolean fallback = best == null;
    if (fallback) best = leastDegenerate(candidates, score);
    return new Selection(best.k(), List.copyOf(verdicts), fallback,
        evidence(verdicts, best, fallback, score, minClusterFraction, context));
  }

  /** Largest smallest cluster; then the better score (a NaN score is worst); then the smaller k. */
  private static Candidate leastDegenerate(List<Candidate> candidates, Score score) {
    Candidate best = null;
    for (Candidate c : candidates) {
      if (best == null || c.smallestFraction() > best.smallestFraction()) {
        best = c;
      } else if (c.smallestFraction() == best.smallestFraction()) {
        boolean cScored = !Double.isNaN(c.score());
        boolean bestScored = !Double.isNaN(best.score());
        if ((cScored && !bestScored) || (cScored && score.better(c.score(), best.score()))
            || (cScored == bestScored && c.score() == best.score() && c.k() < best.k())) {
          best = c;
        }
      }
    }
    return best;
  }

  /**
   * Bayesian information criterion of a Gaussian mixture with full covariances: {@code -2 logL + p ln n} with
   * {@code p = k (d + d(d+1)/2) + (k - 1)} free parameters (means, covariances, weights).
   */
  public static double gmmBic(double logLikelihood, int k, int dimension, long points) {
    if (k < 1 || dimension < 1 || points < 1) {
      throw new IllegalArgumentException("k, dimension and points must be >= 1, got " + k + ", " + dimension + ", "
          + points);
    }
    return -2 * logLikelihood + gmmParameters(k, dimension) * Math.log(points);
  }

  public static long gmmParameters(int k, int dimension) {
    long d = dimension;
    return k * (d + d * (d + 1) / 2) + (k - 1);
  }

  private static String evidence(List<Verdict> verdicts, Candidate chosen, boolean fallback, Score score,
      double minClusterFraction, String context) {
    StringBuilder head = new StringBuilder();
    head.append(context).append(" (").append(score.higherIsBetter ? "higher" : "lower").append(" is better)");
    head.append(String.format(Locale.ROOT, "; a k whose smallest cluster holds < %s of the points is rejected",
        percent(minClusterFraction)));
    if (fallback) head.append("; every k was rejected, so the one with the largest smallest cluster is kept");
    head.append(": ");
    List<String> items = new ArrayList<>();
    for (Verdict v : verdicts) {
      Candidate c = v.candidate();
      StringBuilder item = new StringBuilder("k=").append(c.k()).append(' ');
      item.append(Double.isNaN(c.score()) ? "-" : String.format(Locale.ROOT, "%.4g", c.score()));
      if (v.rejection() == null) item.append(" (smallest ").append(percent(c.smallestFraction())).append(')');
      if (c == chosen) item.append(" chosen");
      if (v.rejection() != null) item.append(" rejected (").append(v.rejection()).append(')');
      items.add(item.toString());
    }
    return join(head.toString(), items, "; ");
  }

  static String percent(double fraction) {
    return String.format(Locale.ROOT, "%.2g%%", 100 * fraction);
  }

  /** {@code head} then the items, dropping items from the end (with a count) to stay under the evidence limit. */
  static String join(String head, List<String> items, String separator) {
    StringBuilder out = new StringBuilder(head);
    for (int i = 0; i < items.size(); i++) {
      String next = (i == 0 ? "" : separator) + items.get(i);
      String more = separator + "... " + (items.size() - i) + " more";
      if (out.length() + next.length() + (i < items.size() - 1 ? more.length() : 0) > EVIDENCE_LIMIT) {
        return out.append(i == 0 ? "... " + items.size() + " more" : more).toString();
      }
      out.append(next);
    }
    return out.toString();
  }
}
