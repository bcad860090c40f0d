package io.labelatlas.cluster.auto;

import io.labelatlas.cluster.dbscan.Dbscan;
import io.labelatlas.cluster.dbscan.DbscanLabels;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleFunction;
import java.util.function.ToDoubleFunction;

/**
 * A guard on DBSCAN's knee-chosen {@code eps}: DBSCAN is also fitted at {@link #KNEE_MULTIPLES} of the knee, and the
 * knee is kept unless its result is degenerate (fewer than 2 clusters, or more than half of the points noise). Then
 * the non-degenerate candidate with the best silhouette over its clustered points (on a seeded sample) wins; with no
 * non-degenerate candidate the knee stays.
 *
 * <p>On defect crops the knee can merge everything into one cluster, or leave most crops as noise (where the noise is
 * often the defect set itself), so the knee alone is not trusted, but it is preferred whenever it is usable.
 */
public final class DbscanEpsSearch {
  private DbscanEpsSearch() {}

  /** Multiples of the knee tried, the knee itself first. */
  public static final double[] KNEE_MULTIPLES = {1, 0.5, 0.75, 1.5, 2};

  /** @param silhouette over a sample of the clustered points; NaN where not computed or undefined */
  public record Candidate(double multiple, double eps, int clusters, double noiseFraction, double silhouette) {
    public boolean degenerate() {
      return HdbscanSizes.degenerate(clusters, noiseFraction);
    }
  }

  /** The chosen eps, its labels and core flags, and every candidate in {@link #KNEE_MULTIPLES} order. */
  public record Result(double eps, int[] labels, List<Candidate> candidates, String evidence, boolean[] coreSamples) {}

  /** The search with exact DBSCAN over {@code points}; silhouettes on a seeded sample of at most {@code sample}. */
  public static Result search(double[][] points, int minSamples, double knee, int sample, long seed) {
    return search(knee, eps -> Dbscan.fit(points, eps, minSamples),
        labels -> SampledSilhouette.scoreClustered(points, labels, sample, seed), sample);
  }

  /**
   * The search with any DBSCAN: {@code fit} labels every point at one eps (e.g. partitioned DBSCAN*'s cut, where the
   * noise fraction then counts border points as noise), {@code silhouette} scores such labels over the clustered
   * points ({@code sample}: the most points it uses, for the evidence).
   */
  public static Result search(double knee, DoubleFunction<DbscanLabels> fit, ToDoubleFunction<int[]> silhouette,
      int sample) {
    if (!(knee > 0) || !Double.isFinite(knee)) {
      throw new IllegalArgumentException("the knee eps must be finite and > 0, got " + knee
          + " (many coincident points give a zero k-distance; set cluster.dbscan.eps)");
    }
    List<Candidate> candidates = new ArrayList<>();
    List<DbscanLabels> fits = new ArrayList<>();
    for (double multiple : KNEE_MULTIPLES) {
      double eps = knee * multiple;
      DbscanLabels fitted = fit.apply(eps);
      int noise = 0;
      for (int label : fitted.labels()) if (label < 0) noise++;
      candidates.add(new Candidate(multiple, eps, fitted.clusterCount(), (double) noise / fitted.labels().length,
          Double.NaN));
      fits.add(fitted);
    }
    // Silhouettes cost O(sample^2 d) each, so they are only computed when the knee has to be replaced.
    if (candidates.get(0).degenerate()) {
      for (int i = 0; i < candidates.size(); i++) {
        Candidate c = candidates.get(i);
        if (c.degenerate()) continue;
        double s = silhouette.applyAsDouble(fits.get(i).labels());
        candidates.set(i, new Candidate(c.multiple(), c.eps(), c.clusters(), c.noiseFraction(), s));
      }
    }
    int chosen = choose(candidates);
    return new Result(candidates.get(chosen).eps(), fits.get(chosen).labels(), List.copyOf(candidates),
        evidence(candidates, chosen, sample), fits.get(chosen).coreSamples());
  }

  /**
   * Index of the chosen candidate: 0 (the knee) unless it is degenerate, else the non-degenerate one with the best
   * silhouette (a NaN silhouette ranks below any number; the earlier candidate wins ties), else 0.
   */
  public static int choose(List<Candidate> candidates) {
    if (candidates.isEmpty()) throw new IllegalArgumentException("no eps candidates");
    if (!candidates.get(0).degenerate()) return 0;
    int best = -1;
    for (int i = 1; i < candidates.size(); i++) {
      Candidate c = candidates.get(i);
      if (c.degenerate()) continue;
      if (best < 0) {
        best = i;
        continue;
      }
      double s = c.silhouette();
      double b = candidates.get(best).silhouette();
      if (!Double.isNaN(s) && (Double.isNaN(b) || s > b)) best = i;
    }
    return best < 0 ? 0 : best;
  }

  private static String evidence(List<Candidate> candidates, int chosen, int sample) {
    boolean replaced = chosen != 0;
    boolean kneeDegenerate = candidates.get(0).degenerate();
    String head = kneeDegenerate
        ? (replaced
            ? "the knee is degenerate (< 2 clusters or noise > 50%); best silhouette on up to " + sample
                + " clustered points among the non-degenerate multiples"
            : "the knee is degenerate and so is every multiple; kept the knee")
        : "the knee is not degenerate (>= 2 clusters, noise <= 50%), kept";
    List<String> items = new ArrayList<>();
    for (int i = 0; i < candidates.size(); i++) {
      Candidate c = candidates.get(i);
      String silhouette = Double.isNaN(c.silhouette()) ? "" : String.format(Locale.ROOT, ", silhouette %.3f",
          c.silhouette());
      items.add(String.format(Locale.ROOT, "x%s eps %.4g: %d clusters, noise %.1f%%%s%s", multiple(c.multiple()),
          c.eps(), c.clusters(), 100 * c.noiseFraction(), silhouette,
          i == chosen ? " chosen" : c.degenerate() ? " degenerate" : ""));
    }
    return AutoK.join(head + "; candidates: ", items, "; ");
  }

  private static String multiple(double m) {
    return m == Math.rint(m) ? String.valueOf((long) m) : String.valueOf(m);
  }
}
