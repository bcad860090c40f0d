package io.labelatlas.cluster;

import java.util.Locale;
import java.util.function.Consumer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * One clustering algorithm, configured: {@link #validate} checks that the settings can work for the data's size before
 * any work, {@link #fit} clusters. Register a new one in {@link ClusteringAlgorithms}.
 */
public interface ClusteringAlgorithm {
  /** The name in {@code cluster.algorithms}. */
  String name();

  /**
   * Throws {@link IllegalArgumentException} naming the setting (as {@code names} spells it) when it cannot work for n
   * points of dimension d. Runs after the shared check that n is at least 2.
   */
  void validate(long n, int d, SettingNames names);

  /**
   * @param features rows with {@code crop_id} and an MLlib vector column {@code features}; n rows of dimension d
   * @param progress receives one line per candidate or phase as it finishes (never null)
   */
  ClusterStage.Clustering fit(Dataset<Row> features, long n, int d, Consumer<String> progress);

  /** "1.2 s" since {@code startNanos}, for progress lines. */
  static String since(long startNanos) {
    return String.format(Locale.ROOT, "%.1f s", (System.nanoTime() - startNanos) / 1e9);
  }
}
