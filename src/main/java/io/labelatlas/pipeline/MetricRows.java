package io.labelatlas.pipeline;

import io.labelatlas.evaluate.BootstrapInterval;
import io.labelatlas.evaluate.ReportedInterval;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/** Rows of the {@code metrics} table, in its column order (see {@code Table.METRICS}). */
final class MetricRows {
  private MetricRows() {}

  /** A {@code metrics} row without a bootstrap interval. */
  static Row of(String runId, String algorithm, String metric, double value, String detail) {
    return RowFactory.create(runId, algorithm, metric, value, detail, null, null, null, null, null, null, null,
        null, null, null, null, null, null);
  }

  /**
   * A {@code metrics} row with its bootstrap intervals: {@code ci_low}/{@code ci_high} the reported one (null with
   * {@code interval_note} saying why where it cannot be trusted), the others by name; non-finite values are null.
   */
  static Row of(String runId, String algorithm, String metric, double value, String detail, BootstrapInterval ci,
      ReportedInterval reported) {
    if (ci == null || reported == null) return of(runId, algorithm, metric, value, detail);
    return RowFactory.create(runId, algorithm, metric, value, detail, finiteOrNull(reported.low()),
        finiteOrNull(reported.high()), finiteOrNull(ci.bcaLow()), finiteOrNull(ci.bcaHigh()),
        finiteOrNull(ci.standardError()), finiteOrNull(ci.bias()), reported.method().columnName(), reported.note(),
        finiteOrNull(reported.correctedWhereItMatters(value)), finiteOrNull(ci.percentileLow()),
        finiteOrNull(ci.percentileHigh()), finiteOrNull(ci.basicLow()), finiteOrNull(ci.basicHigh()));
  }

  static Double finiteOrNull(double value) {
    return Double.isFinite(value) ? value : null;
  }
}
