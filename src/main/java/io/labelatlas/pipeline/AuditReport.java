package io.labelatlas.pipeline;

import io.labelatlas.audit.SuspectStage;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The audit's {@code metrics} rows and console lines: the label-quality estimate, and how the three rankings (ours,
 * the kNN vote, confident learning) find labels known to be flipped.
 */
final class AuditReport {
  private AuditReport() {}

  /** {@code audit:wrong_share[:CLASS]} rows from {@code label_quality}, and a line for the whole set. */
  static List<Row> labelQuality(Dataset<Row> labelQuality, String runId, String algorithm, PrintStream out) {
    List<Row> metrics = new ArrayList<>();
    List<Row> rows = labelQuality.select("label", "crops", "wrong_share", "wrong_share_low", "wrong_share_high",
        "likely_true_label", "review_for_90").collectAsList();
    Row worst = null;
    for (Row row : rows) {
      if (row.isNullAt(2)) {
        continue;
      }
      String label = row.getString(0);
      boolean all = label.equals(SuspectStage.ALL_CLASSES);
      String interval = row.isNullAt(3) ? "" : String.format(Locale.ROOT, ", 95%% interval %.3f-%.3f",
          row.getDouble(3), row.getDouble(4));
      metrics.add(MetricRows.of(runId, algorithm, "audit:wrong_share" + (all ? "" : ":" + label), row.getDouble(2),
          "estimated share of wrong labels among " + row.getLong(1) + (all ? " labelled crops" : " crops labelled "
          + label) + " (confident learning on the probe" + interval + "; table label_quality)"));
      if (all) {
        out.println(String.format(Locale.ROOT, "audit: %s: an estimated %.1f%% of %,d labels are wrong (95%% "
            + "interval %.1f-%.1f%%)%s", algorithm, 100 * row.getDouble(2), row.getLong(1),
            100 * nanIfNull(row, 3), 100 * nanIfNull(row, 4), row.isNullAt(6) ? ""
            : String.format(Locale.ROOT, "; reviewing the first %,d suspects meets 90%% of them", row.getLong(6))));
      } else if (worst == null || row.getDouble(2) > worst.getDouble(2)) {
        worst = row;
      }
    }
    if (worst != null && !worst.isNullAt(5)) {
      out.println(String.format(Locale.ROOT, "audit: %s: class '%s' has the most wrong labels (%.1f%%), most of "
          + "them probably '%s' (table label_quality)", algorithm, worst.getString(0), 100 * worst.getDouble(2),
          worst.getString(5)));
    }
    return metrics;
  }

  /**
   * {@code audit:METHOD:MEASURE[@k][:CLASS]} rows from {@code SuspectQuality} rows, and a line comparing the methods
   * at k = the number flipped and by average precision.
   */
  static List<Row> rankingQuality(List<Row> quality, String injection, String runId, String algorithm,
      PrintStream out) {
    List<Row> metrics = new ArrayList<>();
    Map<String, double[]> overall = new TreeMap<>(
        Comparator.comparing((String method) -> order(method)).thenComparing(Comparator.naturalOrder()));
    for (Row row : quality) {
      String method = row.getString(0);
      String label = row.getString(1);
      String measure = row.getString(2) + (row.isNullAt(3) ? "" : "@" + row.getInt(3));
      if (row.isNullAt(4)) {
        continue;
      }
      boolean all = label.equals(SuspectStage.ALL_CLASSES);
      metrics.add(MetricRows.of(runId, algorithm, "audit:" + method + ":" + measure + (all ? "" : ":" + label),
          row.getDouble(4), "injection " + injection + ", " + (all ? "all labelled crops" : "crops labelled " + label)
          + (row.isNullAt(3) ? "" : ", top " + row.getInt(3))));
      if (all && row.isNullAt(3)) {
        double[] values = overall.computeIfAbsent(method, m -> new double[] {Double.NaN, Double.NaN});
        if (row.getString(2).equals("precision@flipped")) values[0] = row.getDouble(4);
        if (row.getString(2).equals("average_precision")) values[1] = row.getDouble(4);
      }
    }
    StringBuilder line = new StringBuilder("audit: " + algorithm + ": precision at k = flipped / average precision:");
    overall.forEach((method, values) -> line.append(String.format(Locale.ROOT, " %s %.3f / %.3f;",
        label(method), values[0], values[1])));
    out.println(line);
    return metrics;
  }

  private static String label(String method) {
    return switch (method) {
      case SuspectStage.METHOD -> "ours";
      case SuspectStage.BASELINE_METHOD -> "kNN vote";
      case SuspectStage.PROBE_METHOD -> "confident learning";
      default -> method;
    };
  }

  private static int order(String method) {
    for (int i = 0; i < SuspectStage.METHOD_NAMES.size(); i++) {
      if (SuspectStage.METHOD_NAMES.get(i).equals(method)) return i;
    }
    return Integer.MAX_VALUE;
  }

  private static double nanIfNull(Row row, int index) {
    return row.isNullAt(index) ? Double.NaN : row.getDouble(index);
  }
}
