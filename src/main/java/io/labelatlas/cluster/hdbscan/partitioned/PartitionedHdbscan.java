package io.labelatlas.cluster.hdbscan.partitioned;

import io.labelatlas.cluster.hdbscan.HdbscanResult;
import io.labelatlas.cluster.hdbscan.MutualReachabilityMst;
import io.labelatlas.cluster.hdbscan.partitioned.SpanningForestMerge.SpanningForest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * HDBSCAN* on Spark over random-projection partitions. Executors do the O(n leafSize d) work: every point goes to one
 * leaf of each of {@code trees} random-projection trees ({@link RandomProjectionTree}, fit on a driver sample), each
 * leaf finds its points' nearest neighbours ({@link LeafNeighbours}; merged over the trees they give approximate core
 * distances) and then the mutual-reachability spanning tree among its points ({@link LeafSpanningTree}). The driver
 * merges those trees into one spanning tree ({@link SpanningForestMerge}) and runs the exact hierarchy, selection and
 * GLOSH stages on it. Nothing is n x n; with {@code leafSize >= n} the result is exactly {@code Hdbscan.fit}'s.
 *
 * <p>Driver memory is O(n), about 220 bytes per point at its peak with two trees (measured: the merge and hierarchy
 * of 1M points run in a 220 MB heap): core distances (8), the collected candidate edges (16 per edge, {@code trees}
 * per point) and their sort (24 per edge), then the single-linkage and condensed trees, plus the labels broadcast back
 * (28), plus the sample ({@code sampleSize x d} doubles). A block task holds one leaf, {@code m x d} doubles for
 * its m (about leafSize) points, plus O(m minSamples) for the neighbour lists; the persisted blocks take
 * {@code trees x n x (8 d + 4)} bytes over the executors, and the indexed input is kept as a checkpoint.
 *
 * <p>Size: about 320 lines; the run's Spark lifecycle (blocks, spanning tree, hierarchy, release) is kept in one place
 * because partitioned DBSCAN shares it ({@link PartitionedDbscan}).
 */
public final class PartitionedHdbscan {
  /** Columns the assignments add to the input's. */
  static final List<String> ADDED_COLUMNS = List.of("point_index", "cluster", "probability", "outlier_score",
      "core_distance");
  private static final int LARGE_LEAF_FACTOR = 4;

  private PartitionedHdbscan() {}

  /**
   * Clusters the rows of {@code data}; {@code point_index} numbers them in the order of {@code data} (its
   * {@code zipWithIndex}). The indexed input is kept as a checkpoint ({@link io.labelatlas.runtime.Checkpoints}), so
   * that the returned assignments read the very rows that were clustered; Spark releases it, and the broadcast labels, once the
   * assignments are no longer referenced.
   *
   * @param data rows with an MLlib vector column {@code featuresCol}; other columns are carried through
   * @param progress receives one line per finished stage (may be null)
   */
  public static PartitionedHdbscanResult fit(Dataset<Row> data, String featuresCol, PartitionedHdbscanSettings settings,
      Consumer<String> progress) {
    if (data == null) {
      throw new IllegalArgumentException("'data' must not be null");
    }
    if (settings == null) {
      throw new IllegalArgumentException("'settings' must not be null");
    }
    requireColumns(data.schema(), featuresCol);
    Run run = new Run(data.sparkSession(), settings, progress == null ? line -> { } : progress, "hdbscan partitioned");
    try {
      return run.fit(data, featuresCol);
    } finally {
      run.release();
    }
  }

  private static void requireColumns(StructType schema, String featuresCol) {
    List<String> names = Arrays.asList(schema.fieldNames());
    if (featuresCol == null || !names.contains(featuresCol)) {
      throw new IllegalArgumentException("'featuresCol' = '" + featuresCol + "' is not a column of the data " + names);
    }
    for (String added : ADDED_COLUMNS) {
      if (names.contains(added)) {
        throw new IllegalArgumentException("the data already has a column '" + added
            + "', which the assignments add; drop or rename it first");
      }
    }
  }

  /**
   * One fit: the Spark handles it made, so that they are released whatever happens. {@link PartitionedDbscan} builds
   * the same spanning tree through it ({@link #spanningTree}) and reads the leaf blocks before releasing them.
   */
  static final class Run {
    private final JavaSparkContext context;
    private final PartitionedHdbscanSettings settings;
    private final Consumer<String> progress;
    private final String name;
    private final Map<String, Double> diagnostics = new LinkedHashMap<>();
    private final long started = System.nanoTime();
    private long stageStarted = started;
    private JavaRDD<LeafBlock> blocks;
    private Broadcast<RandomProjectionTree[]> treesShared;
    private Broadcast<double[]> coreShared;

    /** @param name heads the progress lines ("hdbscan partitioned") */
    Run(SparkSession spark, PartitionedHdbscanSettings settings, Consumer<String> progress, String name) {
      this.context = JavaSparkContext.fromSparkContext(spark.sparkContext());
      this.settings = settings;
      this.progress = progress;
      this.name = name;
    }

    PartitionedHdbscanResult fit(Dataset<Row> data, String featuresCol) {
      PartitionedSpanningTree tree = spanningTree(data, featuresCol);
      HdbscanResult result = InMemoryPartitionedHdbscan.hierarchy(tree.spanningTree(), tree.coreDistances(), settings);
      InMemoryPartitionedHdbscan.putClusterDiagnostics(diagnostics, result.labels());
      Dataset<Row> assignments = PointLabels.appendTo(tree.indexed(), tree.pointCol(), result);
      stage("hierarchy", String.format(Locale.ROOT, "%.0f clusters, %.0f noise points",
          diagnostics.get("clusters"), diagnostics.get("noise_points")));
      diagnostics.put("seconds_total", (System.nanoTime() - started) / 1e9);
      return new PartitionedHdbscanResult(assignments, result.condensedTree(),
          Collections.unmodifiableMap(diagnostics));
    }

    /** Steps 1-6 of docs/hdbscan.md: index, trees, leaf blocks (kept until {@link #release}), core distances, merge. */
    PartitionedSpanningTree spanningTree(Dataset<Row> data, String featuresCol) {
      Dataset<Row> indexed = ProjectionForest.indexed(data);
      int pointCol = indexed.schema().fieldIndex("point_index");
      int featureCol = indexed.schema().fieldIndex(featuresCol);
      int[] shape = validate(indexed.javaRDD(), pointCol, featureCol, featuresCol);
      int n = shape[0];
      settings.requireFits(n);
      diagnostics.put("points", (double) n);
      diagnostics.put("dimension", (double) shape[1]);
      JavaRDD<Tuple2<Integer, double[]>> points = indexed.javaRDD()
          .map(row -> new Tuple2<>((int) row.getLong(pointCol), VectorValues.toDoubles(row.get(featureCol))));
      stage("index", String.format(Locale.ROOT, "indexed %d points of %d values", n, shape[1]));

      List<Tuple2<Integer, double[]>> sample = sample(points, n);
      int trees = settings.treesFor(n);
      double[][] sampleVectors = sample.stream().map(Tuple2::_2).toArray(double[][]::new);
      RandomProjectionTree[] forest =
          ProjectionForest.fit(sampleVectors, n, settings.leafSize(), trees, settings.seed());
      int partitions = buildBlocks(points, forest, n);
      stage("partition", String.format(Locale.ROOT, "%d trees cut %d points into %.0f leaves (mean %.0f, max %.0f "
          + "points) in %d partitions", trees, n, diagnostics.get("leaves"), diagnostics.get("leaf_size_mean"),
          diagnostics.get("leaf_size_max"), partitions));
      if (diagnostics.get("leaf_size_max") > LARGE_LEAF_FACTOR * settings.leafSize()) {
        progress.accept(String.format(Locale.ROOT, "%s: warning: a leaf holds %.0f points, more than %d x "
            + "'leafSize' = %d (duplicate points cannot be split, or the sample misses a dense region); its cost "
            + "grows with the square of its size", name, diagnostics.get("leaf_size_max"), LARGE_LEAF_FACTOR,
            settings.leafSize()));
      }

      double[] core = coreDistances(points, n, trees, partitions);
      stage("core_distances", "core distances for " + n + " points");

      List<SpanningEdges> candidates = spanningTrees();
      long candidateEdges = candidates.stream().mapToLong(SpanningEdges::size).sum();
      diagnostics.put("candidate_edges", (double) candidateEdges);
      stage("spanning_trees", candidateEdges + " candidate edges from the leaves' spanning trees");

      SpanningForest spanningForest = SpanningForestMerge.minimumForest(n, candidates);
      candidates = null; // the collected edges can go before the hierarchy is built
      MutualReachabilityMst spanningTree = join(spanningForest, sample, points, core);
      diagnostics.put("forest_components", (double) spanningForest.components());
      diagnostics.put("components_joined", (double) spanningForest.components() - 1);
      stage("merge", "one spanning tree from " + spanningForest.components() + " component(s)");
      return new PartitionedSpanningTree(indexed, pointCol, core, spanningTree, sample);
    }

    /** The leaf blocks, one per (tree, leaf); persisted until {@link #release}. */
    JavaRDD<LeafBlock> blocks() {
      return blocks;
    }

    Map<String, Double> diagnostics() {
      return diagnostics;
    }

    void release() {
      if (blocks != null) {
        blocks.unpersist(false);
      }
      if (treesShared != null) {
        treesShared.destroy();
      }
      if (coreShared != null) {
        coreShared.destroy();
      }
    }

    /** {n, d}, or the first bad row's problem as an error naming the column and the row's point_index. */
    private int[] validate(JavaRDD<Row> rows, int pointCol, int featureCol, String featuresCol) {
      List<Row> first = rows.take(1);
      if (first.isEmpty()) {
        throw new IllegalArgumentException("the data has no rows to cluster");
      }
      int width = VectorValues.widthOf(first.get(0).get(featureCol));
      String widthSource = "the row with point_index " + first.get(0).getLong(pointCol);
      EarliestProblem check = rows.aggregate(new EarliestProblem(), (c, row) -> c.add(row.getLong(pointCol),
          VectorValues.problemOf(row.get(featureCol), width, widthSource)), EarliestProblem::merge);
      if (check.problem != null) {
        throw new IllegalArgumentException("column '" + featuresCol + "' of the row with point_index "
            + check.index + " " + check.problem);
      }
      if (check.count > Integer.MAX_VALUE - 8) {
        throw new IllegalArgumentException("the data has " + check.count + " rows, more than " + (Integer.MAX_VALUE - 8)
            + " (point indices are ints on the driver)");
      }
      return new int[] {(int) check.count, width};
    }

    private List<Tuple2<Integer, double[]>> sample(JavaRDD<Tuple2<Integer, double[]>> points, int n) {
      List<Tuple2<Integer, double[]>> sampled =
          ProjectionForest.sample(points, n, settings.sampleSize(), settings.seed());
      diagnostics.put("sample_points", (double) sampled.size());
      return sampled;
    }

    /** Groups the points into one block per (tree, leaf), persisted; returns the number of block partitions. */
    private int buildBlocks(JavaRDD<Tuple2<Integer, double[]>> points, RandomProjectionTree[] forest, int n) {
      int trees = forest.length;
      int[] offset = ProjectionForest.leafOffsets(forest);
      int partitions = ProjectionForest.blockPartitions(n, trees, offset[trees], context.defaultParallelism());
      treesShared = context.broadcast(forest);
      blocks = ProjectionForest.leafBlocks(points, treesShared, offset, partitions)
          .persist(StorageLevel.MEMORY_AND_DISK());
      List<Integer> sizes = blocks.map(LeafBlock::size).collect();
      InMemoryPartitionedHdbscan.putLeafDiagnostics(diagnostics, trees,
          sizes.stream().mapToInt(Integer::intValue).toArray());
      diagnostics.put("block_partitions", (double) partitions);
      return partitions;
    }

    private double[] coreDistances(JavaRDD<Tuple2<Integer, double[]>> points, int n, int trees, int partitions) {
      int k = settings.minSamples() - 1;
      double[] core = new double[n];
      if (k > 0) {
        JavaPairRDD<Integer, CandidateNeighbours> lists = ProjectionForest.leafNeighbours(blocks, k, trees, partitions);
        List<Tuple2<int[], double[]>> chunks = lists.mapPartitions(it -> {
          List<Integer> ids = new ArrayList<>();
          List<Double> distances = new ArrayList<>();
          it.forEachRemaining(entry -> {
            ids.add(entry._1());
            distances.add(entry._2().coreDistance());
          });
          return List.of(new Tuple2<>(ids.stream().mapToInt(Integer::intValue).toArray(),
              distances.stream().mapToDouble(Double::doubleValue).toArray())).iterator();
        }).collect();
        long filled = 0;
        for (Tuple2<int[], double[]> chunk : chunks) {
          for (int i = 0; i < chunk._1().length; i++) {
            core[chunk._1()[i]] = chunk._2()[i];
          }
          filled += chunk._1().length;
        }
        if (filled != n) {
          throw new IllegalStateException("core distances came back for " + filled + " of " + n + " points");
        }
      }
      int[] shortLeaf = InMemoryPartitionedHdbscan.shortLeafPoints(core, settings);
      diagnostics.put("short_leaf_points", (double) shortLeaf.length);
      if (shortLeaf.length > 0) {
        exactCoreDistances(points, shortLeaf, k, core);
      }
      coreShared = context.broadcast(core);
      return core;
    }

    /** Exact core distances of a few points by one pass over all points: O(few x n x d). */
    private void exactCoreDistances(JavaRDD<Tuple2<Integer, double[]>> points, int[] ids, int k, double[] core) {
      double[][] vectors = ProjectionForest.vectorsOf(points, ids, Map.of());
      CandidateNeighbours[] found = ProjectionForest.exactNeighbours(points, ids, vectors, k);
      for (int i = 0; i < ids.length; i++) {
        core[ids[i]] = found[i].coreDistance();
      }
    }

    private List<SpanningEdges> spanningTrees() {
      Broadcast<double[]> shared = coreShared;
      return blocks.mapPartitions(it -> {
        List<LeafBlock> local = new ArrayList<>();
        it.forEachRemaining(local::add);
        // A fixed order, so that equal weights from different leaves reach Kruskal in the same order every run.
        local.sort(Comparator.<LeafBlock>comparingInt(b -> b.tree).thenComparingInt(b -> b.leaf));
        SpanningEdges edges = new SpanningEdges(local.stream().mapToInt(LeafBlock::size).sum());
        for (LeafBlock block : local) {
          edges.addAll(LeafSpanningTree.compute(block, shared.value()));
        }
        return List.of(edges.trimmed()).iterator();
      }).collect();
    }

    private MutualReachabilityMst join(SpanningForest forest, List<Tuple2<Integer, double[]>> sample,
        JavaRDD<Tuple2<Integer, double[]>> points, double[] core) {
      if (forest.components() == 1) {
        diagnostics.put("join_representatives", 0.0);
        return forest.asSpanningTree();
      }
      int[] sampleIds = sample.stream().mapToInt(Tuple2::_1).toArray();
      int[] representatives = SpanningForestMerge.representatives(sampleIds, forest,
          InMemoryPartitionedHdbscan.JOIN_REPRESENTATIVES);
      Map<Integer, double[]> known = new HashMap<>();
      for (Tuple2<Integer, double[]> point : sample) {
        known.put(point._1(), point._2());
      }
      double[][] vectors = ProjectionForest.vectorsOf(points, representatives, known);
      diagnostics.put("join_representatives", (double) representatives.length);
      return SpanningForestMerge.join(forest, representatives, vectors, core);
    }

    /** Records the seconds since the last stage under {@code seconds_<stageName>} and reports {@code what}. */
    void stage(String stageName, String what) {
      long now = System.nanoTime();
      double seconds = (now - stageStarted) / 1e9;
      stageStarted = now;
      diagnostics.put("seconds_" + stageName, seconds);
      progress.accept(String.format(Locale.ROOT, "%s: %s in %.1f s", name, what, seconds));
    }
  }
}
