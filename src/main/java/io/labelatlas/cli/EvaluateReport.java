package io.labelatlas.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.labelatlas.evaluate.BootstrapInterval;
import io.labelatlas.evaluate.MetricReport.MetricValue;
import io.labelatlas.evaluate.ReportedInterval;
import io.labelatlas.pipeline.TextTable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** What {@code evaluate} prints: the metrics with their intervals as an aligned table, or as one JSON object. */
final class EvaluateReport {
  private static final Set<String> COUNTS = Set.of("classes", "clusters", "labelled");

  private EvaluateReport() {}

  static String table(EvaluateOptions request, LabellingScore scored) {
    StringBuilder text = new StringBuilder();
    text.append(String.format(Locale.ROOT, "evaluate: %s (%s): %d rows, %d labelled; truth '%s', pred '%s' "
            + "(noise: %s, %d rows)%n", request.input(), scored.inputFormat(), scored.rows(),
        scored.rows() - scored.unlabelled(), request.truth(), request.pred(), request.noise(), scored.noise()));
    String level = percent(request.options().confidence());
    List<List<String>> rows = new ArrayList<>();
    for (MetricValue metric : scored.metrics()) {
      ReportedInterval ci = metric.reported();
      double corrected = ci == null ? Double.NaN : ci.correctedWhereItMatters(metric.value());
      rows.add(List.of(metric.name(), value(metric),
          ci == null || !ci.hasBounds() ? "" : "[" + number(ci.low()) + ", " + number(ci.high()) + "]",
          ci == null ? "" : ci.method().columnName(),
          Double.isNaN(corrected) ? "" : number(corrected),
          metric.interval() == null ? "" : number(metric.interval().standardError()),
          joined(ci == null ? null : ci.note(), metric.detail())));
    }
    text.append(TextTable.render(List.of("metric", "value", level + " interval", "method", "corrected", "std error",
        "detail"), rows));
    if (request.options().resamples() > 0) {
      text.append(String.format(Locale.ROOT, "intervals: %d bootstrap resamples (%d for point metrics), seed %d; "
          + "each metric's method as measured by scripts/bench-coverage (docs/audit.md); 'corrected' is the "
          + "bias-corrected estimate where it differs from the value by more than half the interval; --format json "
          + "has the percentile, basic and BCa intervals too%n", request.options().resamples(),
          request.options().geometricResamples(), request.options().seed()));
    }
    return text.toString();
  }

  static String json(EvaluateOptions request, LabellingScore scored) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("input", request.input());
    root.put("input_format", scored.inputFormat());
    root.put("truth", request.truth());
    root.put("pred", request.pred());
    root.put("noise", request.noise());
    root.put("rows", scored.rows());
    root.put("labelled", scored.rows() - scored.unlabelled());
    root.put("unlabelled", scored.unlabelled());
    root.put("noise_rows", scored.noise());
    root.put("resamples", request.options().resamples());
    root.put("geometric_resamples", request.options().geometricResamples());
    root.put("confidence", request.options().confidence());
    root.put("seed", request.options().seed());
    Map<String, Object> metrics = new LinkedHashMap<>();
    for (MetricValue metric : scored.metrics()) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("value", finite(metric.value()));
      BootstrapInterval ci = metric.interval();
      ReportedInterval reported = metric.reported();
      entry.put("ci_low", reported == null ? null : finite(reported.low()));
      entry.put("ci_high", reported == null ? null : finite(reported.high()));
      entry.put("ci_method", reported == null ? null : reported.method().columnName());
      entry.put("interval_note", reported == null ? null : reported.note());
      entry.put("value_corrected", reported == null ? null : finite(reported.correctedWhereItMatters(
          metric.value())));
      entry.put("percentile_low", ci == null ? null : finite(ci.percentileLow()));
      entry.put("percentile_high", ci == null ? null : finite(ci.percentileHigh()));
      entry.put("basic_low", ci == null ? null : finite(ci.basicLow()));
      entry.put("basic_high", ci == null ? null : finite(ci.basicHigh()));
      entry.put("bca_low", ci == null ? null : finite(ci.bcaLow()));
      entry.put("bca_high", ci == null ? null : finite(ci.bcaHigh()));
      entry.put("std_error", ci == null ? null : finite(ci.standardError()));
      entry.put("bias", ci == null ? null : finite(ci.bias()));
      entry.put("jackknife_bias", ci == null ? null : finite(ci.jackknifeBias()));
      entry.put("jackknife_std_error", ci == null ? null : finite(ci.jackknifeStandardError()));
      entry.put("resamples", ci == null ? null : ci.resamples());
      entry.put("detail", metric.detail());
      metrics.put(metric.name(), entry);
    }
    root.put("metrics", metrics);
    try {
      return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root)
          + System.lineSeparator();
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("evaluate: cannot write JSON: " + e.getMessage(), e);
    }
  }

  private static String joined(String first, String second) {
    if (first == null) return second == null ? "" : second;
    return second == null ? first : first + "; " + second;
  }

  /** JSON has no NaN: undefined values are null, and the detail says why. */
  private static Double finite(double value) {
    return Double.isFinite(value) ? value : null;
  }

  private static String value(MetricValue metric) {
    if (COUNTS.contains(metric.name()) && metric.value() == Math.rint(metric.value())) {
      return Long.toString((long) metric.value());
    }
    return number(metric.value());
  }

  private static String number(double value) {
    return Double.isNaN(value) ? "NaN" : String.format(Locale.ROOT, "%.4f", value);
  }

  private static String percent(double confidence) {
    String text = String.format(Locale.ROOT, "%.1f", 100 * confidence);
    return (text.endsWith(".0") ? text.substring(0, text.length() - 2) : text) + "%";
  }
}
