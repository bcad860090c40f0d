package io.labelatlas.pipeline;

import io.labelatlas.evaluate.BootstrapInterval;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/** Rows of the {@code metrics} table, in its column order (see {@code Table.METRICS}). */
final class MetricRows {
  private MetricRows() {}

  /** A {@code metrics} row without a bootstrap interval. */
  static Row of(String runId, String algorithm, String metric, double value, String detail) {
    return RowFactory.create(runId, algorithm, metric, value, detail, null, null, null, null, null, null);
  }

  /** A {@code metrics} row with its bootstrap interval; non-finite bounds are stored as null. */
  static Row of(String runId, String algorithm, String metric, double value, String detail, BootstrapInterval ci) {
    if (ci == null) return of(runId, algorithm, metric, value, detail);
    return RowFactory.create(runId, algorithm, metric, value, detail, finiteOrNull(ci.percentileLow()),
        finiteOrNull(ci.percentileHigh()), finiteOrNull(ci.bcaLow()), finiteOrNull(ci.bcaHigh()),
        finiteOrNull(ci.standardError()), finiteOrNull(ci.bias()));
  }

  static Double finiteOrNull(double value) {
    return Double.isFinite(value) ? value : null;
  }
}
