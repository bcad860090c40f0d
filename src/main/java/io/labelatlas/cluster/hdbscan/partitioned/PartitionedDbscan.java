package io.labelatlas.cluster.hdbscan.partitioned;

import io.labelatlas.cluster.dbscan.DbscanLabels;
import io.labelatlas.cluster.dbscan.SpanningTreeCut;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.Tuple2;

/**
 * DBSCAN past the driver bound: partitioned HDBSCAN*'s mutual-reachability spanning tree ({@link PartitionedHdbscan},
 * built on the executors for {@code minSamples}) cut at {@code eps} on the driver ({@link SpanningTreeCut}: DBSCAN*,
 * core points only, O(n)), then, optionally, border points attached on the executors ({@link LeafBorderPoints}: a
 * non-core point takes the lowest cluster among the core points within {@code eps} that share one of its leaves).
 *
 * <p>With {@code leafSize >= n} the tree and core distances are exact, one leaf holds every point, and the labels are
 * scikit-learn's DBSCAN's (and {@code Dbscan.fit}'s) for every point, border points included, up to rounding at
 * {@code eps}. With many leaves the core distances are never below the exact ones (a few core points may be taken for
 * border points or noise), and two clusters whose connecting core points never share a leaf stay apart.
 *
 * <p>One instance holds the tree and the persisted leaf blocks: cut it at as many {@code eps} as needed (the automatic
 * eps tries several), then {@link #assign} once and {@link #close}. Driver memory: partitioned HDBSCAN*'s O(n)
 * arrays ({@code docs/hdbscan.md}) plus the labels (4 bytes per point) broadcast back.
 */
public final class PartitionedDbscan implements AutoCloseable {
  private static final List<String> ADDED_COLUMNS = List.of("point_index", "cluster", "core_distance");

  private final PartitionedHdbscan.Run run;
  private final PartitionedSpanningTree tree;

  private PartitionedDbscan(PartitionedHdbscan.Run run, PartitionedSpanningTree tree) {
    this.run = run;
    this.tree = tree;
  }

  /** What {@link #assign} returns: the input columns plus {@code point_index}, {@code cluster}, {@code core_distance}. */
  public record Assignments(Dataset<Row> assignments, int clusters, long corePoints, long borderPoints,
      long noisePoints) {}

  /**
   * Builds the spanning tree of the rows of {@code data} (numbered by {@code point_index} in the order of
   * {@code data}), keeping the leaf blocks until {@link #close}.
   *
   * @param progress receives one line per finished stage (may be null)
   */
  public static PartitionedDbscan build(Dataset<Row> data, String featuresCol, PartitionedDbscanSettings settings,
      Consumer<String> progress) {
    if (data == null || settings == null) {
      throw new IllegalArgumentException("'data' and 'settings' must not be null");
    }
    List<String> names = Arrays.asList(data.schema().fieldNames());
    if (featuresCol == null || !names.contains(featuresCol)) {
      throw new IllegalArgumentException("'featuresCol' = '" + featuresCol + "' is not a column of the data " + names);
    }
    for (String added : ADDED_COLUMNS) {
      if (names.contains(added)) {
        throw new IllegalArgumentException("the data already has a column '" + added
            + "', which the assignments add; drop or rename it first");
      }
    }
    PartitionedHdbscan.Run run = new PartitionedHdbscan.Run(data.sparkSession(), settings.asSpanningTreeSettings(),
        progress == null ? line -> { } : progress, "dbscan partitioned");
    try {
      return new PartitionedDbscan(run, run.spanningTree(data, featuresCol));
    } catch (RuntimeException | Error e) {
      run.release();
      throw e;
    }
  }

  /** Every point's core distance by point index (shared, not copied): the min_samples-distance curve, unsorted. */
  public double[] coreDistances() {
    return tree.coreDistances();
  }

  /** DBSCAN* at {@code eps}: core points labelled, every other point noise. O(n) on the driver. */
  public DbscanLabels cut(double eps) {
    return SpanningTreeCut.cut(tree.spanningTree(), tree.coreDistances(), eps);
  }

  /** The point indices of the seeded sample the trees were fit on, ascending. */
  public int[] sampleIndices() {
    return tree.sample().stream().mapToInt(Tuple2::_1).toArray();
  }

  /** The sample's vectors, in the order of {@link #sampleIndices}. */
  public double[][] samplePoints() {
    return tree.sample().stream().map(Tuple2::_2).toArray(double[][]::new);
  }

  /** Stage timings and partition shape, as partitioned HDBSCAN* records them. */
  public Map<String, Double> diagnostics() {
    return Collections.unmodifiableMap(run.diagnostics());
  }

  /**
   * Labels every row at {@code eps}: DBSCAN*'s cut, plus border points when {@code attachBorders} (one pass over the
   * leaf blocks; only the border points' labels come back to the driver). The returned frame reads the indexed rows
   * and a broadcast of the labels lazily; it stays valid after {@link #close}.
   */
  public Assignments assign(double eps, boolean attachBorders) {
    DbscanLabels cut = cut(eps);
    int[] labels = cut.labels();
    long border = 0;
    if (attachBorders) {
      border = attachBorders(labels, eps);
    }
    long core = 0;
    long noise = 0;
    for (int p = 0; p < labels.length; p++) {
      core += cut.coreSamples()[p] ? 1 : 0;
      noise += labels[p] < 0 ? 1 : 0;
    }
    run.stage("cut", String.format(Locale.ROOT, "eps %.4g: %d clusters, %d core, %d border, %d noise points", eps,
        cut.clusterCount(), core, border, noise));
    return new Assignments(append(labels), cut.clusterCount(), core, border, noise);
  }

  /** Writes the border points' clusters into {@code labels}; returns how many were attached. */
  private long attachBorders(int[] labels, double eps) {
    JavaRDD<LeafBlock> blocks = run.blocks();
    JavaSparkContext context = JavaSparkContext.fromSparkContext(tree.indexed().sparkSession().sparkContext());
    Broadcast<int[]> shared = context.broadcast(labels);
    try {
      List<Tuple2<Integer, Integer>> found = blocks.flatMapToPair(block -> {
        int[] best = LeafBorderPoints.compute(block, shared.value(), eps);
        List<Tuple2<Integer, Integer>> out = new ArrayList<>();
        for (int i = 0; i < best.length; i++) {
          if (best[i] >= 0) {
            out.add(new Tuple2<>(block.ids[i], best[i]));
          }
        }
        return out.iterator();
      }).reduceByKey(Math::min).collect();
      for (Tuple2<Integer, Integer> point : found) {
        labels[point._1()] = point._2();
      }
      return found.size();
    } finally {
      shared.destroy();
    }
  }

  private Dataset<Row> append(int[] labels) {
    Dataset<Row> indexed = tree.indexed();
    JavaSparkContext context = JavaSparkContext.fromSparkContext(indexed.sparkSession().sparkContext());
    Broadcast<int[]> clusterShared = context.broadcast(labels);
    Broadcast<double[]> coreShared = context.broadcast(tree.coreDistances());
    int pointCol = tree.pointCol();
    int width = indexed.schema().size();
    JavaRDD<Row> rows = indexed.javaRDD().map(row -> {
      int point = (int) row.getLong(pointCol);
      Object[] values = new Object[width + 2];
      for (int i = 0; i < width; i++) {
        values[i] = row.get(i);
      }
      values[width] = clusterShared.value()[point];
      values[width + 1] = coreShared.value()[point];
      return RowFactory.create(values);
    });
    StructType schema = indexed.schema()
        .add("cluster", DataTypes.IntegerType, false)
        .add("core_distance", DataTypes.DoubleType, false);
    return indexed.sparkSession().createDataFrame(rows, schema);
  }

  /** Releases the leaf blocks and the broadcasts of the tree; assignments already returned stay readable. */
  @Override
  public void close() {
    run.release();
  }
}
