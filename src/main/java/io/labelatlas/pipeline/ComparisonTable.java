package io.labelatlas.pipeline;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The wide comparison table of a {@code compare} job, one row per configuration sorted by the ranking metric (best
 * first; configurations without a value last), as Markdown (each metric as {@code value [ci_low, ci_high]}) and as
 * CSV (value and interval in separate columns, full precision).
 */
public final class ComparisonTable {
  /** A metric of one configuration; any part may be null (not written by the run, or no interval yet). */
  public record Estimate(Double value, Double ciLow, Double ciHigh) {
    public static final Estimate NONE = new Estimate(null, null, null);
  }

  /**
   * @param metrics by metric name; a missing name reads as {@link Estimate#NONE}
   * @param pVsBest "p vs best" by metric name (table metrics only); empty for the best configuration itself
   */
  public record Row(String config, String runId, String backbone, String algorithm, String params,
      Map<String, Estimate> metrics, Map<String, Double> pVsBest, Long clusters, Double noiseFraction,
      Double seconds) {
    public Row {
      metrics = Map.copyOf(metrics);
      pVsBest = Map.copyOf(pVsBest);
    }

    public Estimate metric(String name) {
      return metrics.getOrDefault(name, Estimate.NONE);
    }
  }

  private final List<Row> rows;
  private final List<String> metrics;
  private final String rankBy;
  private final String bestConfig;

  /**
   * @param metrics the metric columns, in order
   * @param rankBy the metric rows are sorted by, descending (ties keep the given order)
   * @param bestConfig the configuration the p-values compare against, or null where none was chosen
   */
  public ComparisonTable(List<Row> rows, List<String> metrics, String rankBy, String bestConfig) {
    List<Row> sorted = new ArrayList<>(rows);
    sorted.sort(Comparator.comparing((Row row) -> rankValue(row, rankBy),
        Comparator.nullsLast(Comparator.reverseOrder())));
    this.rows = List.copyOf(sorted);
    this.metrics = List.copyOf(metrics);
    this.rankBy = rankBy;
    this.bestConfig = bestConfig;
  }

  private static Double rankValue(Row row, String rankBy) {
    Double value = row.metric(rankBy).value();
    return value == null || !Double.isFinite(value) ? null : value;
  }

  public List<Row> rows() {
    return rows;
  }

  public String bestConfig() {
    return bestConfig;
  }

  public String markdown() {
    List<String> header = new ArrayList<>(List.of("#", "backbone", "algorithm", "params"));
    header.addAll(metrics);
    header.addAll(List.of("p vs best (" + rankBy + ")", "clusters", "noise", "seconds"));
    StringBuilder out = new StringBuilder();
    markdownLine(out, header);
    out.append('|').append("---|".repeat(header.size())).append('\n');
    for (int r = 0; r < rows.size(); r++) {
      Row row = rows.get(r);
      List<String> cells = new ArrayList<>(List.of(Integer.toString(r + 1), row.backbone(), row.algorithm(),
          row.params() == null ? "" : row.params()));
      for (String metric : metrics) cells.add(estimate(row.metric(metric)));
      cells.add(row.config().equals(bestConfig) ? "best" : pValue(row.pVsBest().get(rankBy)));
      cells.add(row.clusters() == null ? "" : Long.toString(row.clusters()));
      cells.add(format("%.3f", row.noiseFraction()));
      cells.add(format("%.1f", row.seconds()));
      markdownLine(out, cells);
    }
    return out.toString();
  }

  public String csv() {
    List<String> header = new ArrayList<>(List.of("rank", "config", "backbone", "algorithm", "params", "run_id"));
    for (String metric : metrics) header.addAll(List.of(metric, metric + "_ci_low", metric + "_ci_high"));
    header.addAll(List.of("p_vs_best_" + rankBy, "best", "clusters", "noise_fraction", "seconds"));
    StringBuilder out = new StringBuilder();
    csvLine(out, header);
    for (int r = 0; r < rows.size(); r++) {
      Row row = rows.get(r);
      List<String> cells = new ArrayList<>(List.of(Integer.toString(r + 1), row.config(), row.backbone(),
          row.algorithm(), row.params() == null ? "" : row.params(), row.runId()));
      for (String metric : metrics) {
        Estimate estimate = row.metric(metric);
        cells.add(number(estimate.value()));
        cells.add(number(estimate.ciLow()));
        cells.add(number(estimate.ciHigh()));
      }
      cells.add(number(row.pVsBest().get(rankBy)));
      cells.add(Boolean.toString(row.config().equals(bestConfig)));
      cells.add(row.clusters() == null ? "" : Long.toString(row.clusters()));
      cells.add(number(row.noiseFraction()));
      cells.add(number(row.seconds()));
      csvLine(out, cells);
    }
    return out.toString();
  }

  private static final Pattern AUTO = Pattern.compile("\\b(k|min_cluster_size|min_samples|eps)=auto\\b");

  /**
   * Params with what {@code auto} settings became, e.g. {@code k=auto(7)}, from the run's choices keyed by setting
   * name ({@code k}, {@code min_cluster_size}, {@code min_samples}, {@code eps}).
   */
  public static String paramsWithChoices(String params, Map<String, Double> choices) {
    Matcher m = AUTO.matcher(params);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      Double chosen = choices.get(m.group(1));
      String replacement = chosen == null || !Double.isFinite(chosen) ? m.group()
          : m.group(1) + "=auto(" + (chosen == Math.rint(chosen) && Math.abs(chosen) < 1e9
              ? Long.toString(chosen.longValue()) : String.format(Locale.ROOT, "%.4g", chosen)) + ")";
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static String estimate(Estimate estimate) {
    if (estimate.value() == null) return "";
    String value = format("%.4f", estimate.value());
    if (estimate.ciLow() == null || estimate.ciHigh() == null) return value;
    return value + " [" + format("%.4f", estimate.ciLow()) + ", " + format("%.4f", estimate.ciHigh()) + "]";
  }

  private static String pValue(Double p) {
    if (p == null) return "";
    return p < 0.001 ? "<0.001" : String.format(Locale.ROOT, "%.3f", p);
  }

  private static String format(String pattern, Double value) {
    if (value == null) return "";
    if (Double.isNaN(value)) return "NaN";
    return String.format(Locale.ROOT, pattern, value);
  }

  private static String number(Double value) {
    return value == null ? "" : Double.toString(value);
  }

  private static void markdownLine(StringBuilder out, List<String> cells) {
    out.append('|');
    for (String cell : cells) out.append(' ').append(cell.replace("|", "\\|")).append(" |");
    out.append('\n');
  }

  private static void csvLine(StringBuilder out, List<String> cells) {
    for (int i = 0; i < cells.size(); i++) {
      String cell = cells.get(i);
      if (i > 0) out.append(',');
      boolean quote = cell.contains(",") || cell.contains("\"") || cell.contains("\n") || cell.contains("\r");
      out.append(quote ? '"' + cell.replace("\"", "\"\"") + '"' : cell);
    }
    out.append('\n');
  }
}
