package io.labelatlas.evaluate;

import io.labelatlas.evaluate.MetricReport.MetricValue;
import java.util.Locale;

/** The detail text of a {@link MetricValue}: how it was computed and what to read with care, joined by "; ". */
final class MetricDetail {
  private MetricDetail() {}

  /** A metric with its interval, or without one and the reason. */
  static MetricValue withInterval(String name, double value, BootstrapInterval interval, String reason,
      String detail) {
    if (interval == null) return new MetricValue(name, value, null, join(detail, reason));
    return new MetricValue(name, value, interval, join(detail, intervalNote(interval)));
  }

  /** A warning where the bootstrap distribution is off-centre or BCa is undefined; null otherwise. */
  static String intervalNote(BootstrapInterval interval) {
    String note = null;
    double se = interval.standardError();
    if (se > 0 && Math.abs(interval.bias()) > se) {
      note = String.format(Locale.ROOT, "bootstrap bias %.1f standard errors: intervals off-centre, read with care",
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
