package io.labelatlas.evaluate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The best of several clusterings of the same samples by one agreement metric, and each other clustering's "p vs
 * best": a {@link PairedBootstrap} of the best against it on their joint counts (label, best's cluster, its cluster),
 * so that both are scored on the same resamples.
 */
public final class BestConfiguration {
  private BestConfiguration() {}

  /** The index of the highest finite value; ties go to the first. -1 when no value is finite (or the list is empty). */
  public static int best(List<Double> values) {
    int best = -1;
    for (int i = 0; i < values.size(); i++) {
      Double value = values.get(i);
      if (value == null || !Double.isFinite(value)) continue;
      if (best < 0 || value > values.get(best)) best = i;
    }
    return best;
  }

  /** The {@link TableMetric} with this name in the {@code metrics} table, or null (e.g. silhouette). */
  public static TableMetric tableMetric(String name) {
    for (TableMetric metric : TableMetric.values()) {
      if (metric.metricName().equals(name)) return metric;
    }
    return null;
  }

  /**
   * The paired comparison of the best clustering (the first of {@code bestFirst}) with another, for each of
   * {@code metricNames} that is a table metric, keyed by name in the order given; the others are left out, and so is
   * everything when no sample carries a label. {@code pValue()} is the "p vs best".
   */
  public static Map<String, PairedBootstrap.PairedComparison> compareWithBest(PairedBootstrap.JointCounts bestFirst,
      List<String> metricNames, BootstrapSettings settings) {
    Map<String, PairedBootstrap.PairedComparison> byName = new LinkedHashMap<>();
    List<TableMetric> metrics = new ArrayList<>();
    for (String name : metricNames) {
      TableMetric metric = tableMetric(name);
      if (metric != null && !metrics.contains(metric)) metrics.add(metric);
    }
    if (metrics.isEmpty() || bestFirst.first().n() == 0) return byName;
    Map<TableMetric, PairedBootstrap.PairedComparison> compared = PairedBootstrap.compare(bestFirst, metrics, settings);
    for (TableMetric metric : metrics) byName.put(metric.metricName(), compared.get(metric));
    return byName;
  }
}
