package io.labelatlas.pipeline;

import io.labelatlas.config.ConfigException;
import io.labelatlas.store.DeltaStore;
import io.labelatlas.store.Table;
import java.io.PrintStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * The labels a run is scored and audited against ({@code crop_id, label}): the input's own labels, or those of another
 * source of the {@code labels} table ({@code audit.label_source}), e.g. labels with injected noise.
 */
final class RunLabels {
  private RunLabels() {}

  static Dataset<Row> of(String source, DeltaStore store, Dataset<Row> crops, PrintStream out) {
    if (source.equals("given")) {
      return crops.select("crop_id", "given_label").withColumnRenamed("given_label", "label");
    }
    Dataset<Row> fromTable = store.exists(Table.LABELS)
        ? store.readCurrentVersion(Table.LABELS).filter(functions.col("source").equalTo(source))
            .select("crop_id", "label")
        : null;
    Dataset<Row> labels = fromTable == null ? null
        : crops.select("crop_id").join(fromTable, new String[] {"crop_id"}, "left");
    long found = labels == null ? 0 : labels.filter(functions.col("label").isNotNull()).count();
    if (found == 0) {
      throw new ConfigException("'audit.label_source' = " + source + ": the labels table under "
          + store.root() + " has no labels of that source for this run's crops (labelatlas inject-noise writes "
          + "source injected:NAME; 'given' uses the input's labels)");
    }
    out.println("audit: scoring against labels of source '" + source + "' (" + found + " crops)");
    return labels;
  }
}
