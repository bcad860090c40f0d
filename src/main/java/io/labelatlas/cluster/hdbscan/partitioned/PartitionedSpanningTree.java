package io.labelatlas.cluster.hdbscan.partitioned;

import io.labelatlas.cluster.hdbscan.MutualReachabilityMst;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import scala.Tuple2;

/**
 * The mutual-reachability spanning tree that {@link PartitionedHdbscan.Run#spanningTree} builds on the executors and
 * merges on the driver, before any hierarchy: what partitioned HDBSCAN* and partitioned DBSCAN* share.
 *
 * @param indexed the input rows plus {@code point_index} (materialized, so every later pass sees one numbering)
 * @param pointCol the position of {@code point_index} in {@code indexed}
 * @param coreDistances per point index; exact with one leaf, else never below the exact value
 * @param spanningTree n - 1 edges, ascending by weight
 * @param sample the seeded driver sample the trees were fit on, {@code (point index, vector)}, by point index
 */
record PartitionedSpanningTree(Dataset<Row> indexed, int pointCol, double[] coreDistances,
    MutualReachabilityMst spanningTree, List<Tuple2<Integer, double[]>> sample) {}
