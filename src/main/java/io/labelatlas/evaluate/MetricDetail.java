package io.labelatlas.evaluate;

import io.labelatlas.evaluate.MetricReport.MetricValue;
import java.util.Locale;

/** The detail text of a {@link MetricValue}: how it was computed and what to read with care, joined by "; ". */
final class MetricDetail {
  private MetricDetail() {}

  /**
   * A metric with its interval, or without one and the reason; the reported interval as {@link IntervalPolicy}
   * chooses it for the table the metric was computed on ({@code regime}; null for point metrics).
   */
  static MetricValue withInterval(String name, double value, BootstrapInterval interval, String reason,
      String detail, IntervalPolicy.Regime regime) {
    if (interval == null) return new MetricValue(name, value, join(detail, reason));
    return new MetricValue(name, value, interval, join(detail, intervalNote(interval)),
        IntervalPolicy.report(name, interval, regime));
  }

  /** A warning where the bootstrap distribution is off-centre or BCa is undefined; null otherwise. */
  static String intervalNote(BootstrapInterval interval) {
    String note = null;
    double se = interval.standardError();
    if (se > 0 && Math.abs(interval.bias()) > se) {
      note = String.format(Locale.ROOT, "bootstrap bias %.1f standard errors: the percentile interval is off-centre",
          interval.bias() / se);
    }
    if (Double.isNaN(interval.bcaLow()) || Double.isNaN(interval.bcaHigh())) note = join(note, "BCa undefined");
    return note;
  }

  /** The non-null parts joined by "; ", or null when there are none. */
  static String join(String... parts) {
    StringBuilder text = new StringBuilder();
    for (String part : parts) {
      if (part == null || part.isEmpty()) continue;
      if (text.length() > 0) text.append("; ");
      text.append(part);
    }
    return text.length() == 0 ? null : text.toString();
  }
}
