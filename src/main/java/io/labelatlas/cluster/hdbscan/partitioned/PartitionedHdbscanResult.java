package io.labelatlas.cluster.hdbscan.partitioned;

import io.labelatlas.cluster.hdbscan.CondensedTree;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What {@link PartitionedHdbscan#fit} returns.
 *
 * @param assignments every input column plus {@code point_index} (long, 0..n-1: the point's number in
 *     {@code condensedTree}), {@code cluster} (int, -1 noise), {@code probability}, {@code outlier_score} (GLOSH) and
 *     {@code core_distance} (doubles)
 * @param condensedTree the hierarchy the labels were read from, held on the driver (O(n))
 * @param diagnostics numbers worth recording: leaves, replication, edges, components joined, seconds per stage
 */
public record PartitionedHdbscanResult(Dataset<Row> assignments, CondensedTree condensedTree,
    Map<String, Double> diagnostics) {}
