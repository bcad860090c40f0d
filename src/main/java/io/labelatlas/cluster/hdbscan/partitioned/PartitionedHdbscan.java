package io.labelatlas.cluster.hdbscan.partitioned;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** HDBSCAN* on Spark over random-projection partitions (design in docs/hdbscan.md). */
public final class PartitionedHdbscan {
  private PartitionedHdbscan() {}

  /**
   * @param data rows with an MLlib vector column {@code featuresCol}; other columns are carried through
   * @param progress receives one line per finished stage (may be null)
   */
  public static PartitionedHdbscanResult fit(Dataset<Row> data, String featuresCol, PartitionedHdbscanSettings settings,
      java.util.function.Consumer<String> progress) {
    throw new UnsupportedOperationException("not yet implemented");
  }
}
