package io.labelatlas.pipeline;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What a run did, stage by stage: counts, times and the metrics table, printed at the end of every run. */
public final class RunReport {
  private final Map<String, Long> counts = new LinkedHashMap<>();
  private final Map<String, Double> stageSeconds = new LinkedHashMap<>();
  private final Map<String, Map<String, Double>> metrics = new LinkedHashMap<>();
  private final List<String> notes = new ArrayList<>();
  private String runId;
  private String tablesRoot;

  public void count(String name, long value) {
    counts.put(name, value);
  }

  /** Adds {@code value} to the count {@code name} (absent: zero). */
  public void add(String name, long value) {
    counts.merge(name, value, Long::sum);
  }

  public void time(String stage, double seconds) {
    stageSeconds.merge(stage, seconds, Double::sum);
  }

  public void metric(String algorithm, String metric, double value) {
    metrics.computeIfAbsent(algorithm, a -> new LinkedHashMap<>()).put(metric, value);
  }

  /** Something the user should know about the run's results (e.g. fewer PCA components than requested). */
  public void note(String text) {
    notes.add(text);
  }

  public List<String> notes() {
    return notes;
  }

  public void identify(String runId, String tablesRoot) {
    this.runId = runId;
    this.tablesRoot = tablesRoot;
  }

  public Map<String, Long> counts() {
    return counts;
  }

  public Map<String, Double> stageSeconds() {
    return stageSeconds;
  }

  public Map<String, Map<String, Double>> metrics() {
    return metrics;
  }

  public String runId() {
    return runId;
  }

  public void print(PrintStream out, List<String> metricColumns) {
    out.println();
    out.println("== run " + runId + " ==");
    out.println("counts: " + counts);
    StringBuilder times = new StringBuilder();
    double total = 0;
    for (Map.Entry<String, Double> stage : stageSeconds.entrySet()) {
      times.append(String.format(Locale.ROOT, "%s %.1fs, ", stage.getKey(), stage.getValue()));
      total += stage.getValue();
    }
    out.println("time per stage: " + times + String.format(Locale.ROOT, "total %.1fs", total));
    for (String note : notes) out.println("note: " + note);
    if (!metrics.isEmpty()) {
      out.println();
      List<String> header = new ArrayList<>();
      header.add("algorithm");
      header.addAll(metricColumns);
      List<List<String>> rows = new ArrayList<>();
      for (Map.Entry<String, Map<String, Double>> algorithm : metrics.entrySet()) {
        List<String> row = new ArrayList<>();
        row.add(algorithm.getKey());
        for (String column : metricColumns) {
          Double value = algorithm.getValue().get(column);
          row.add(value == null ? "" : value == Math.rint(value) && Math.abs(value) < 1e9
              ? String.format(Locale.ROOT, "%d", value.longValue()) : String.format(Locale.ROOT, "%.4f", value));
        }
        rows.add(row);
      }
      out.print(TextTable.render(header, rows));
    }
    if (tablesRoot != null) out.println("tables: " + tablesRoot);
  }
}
