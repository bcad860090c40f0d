package io.labelatlas.cluster.hdbscan.partitioned;

import io.labelatlas.runtime.Checkpoints;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.Optional;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;
import scala.Tuple3;

/**
 * The k nearest other rows of every row, by Euclidean distance, found as the partitioned HDBSCAN* finds core
 * distances: every point goes to one leaf of each of several random-projection trees ({@link RandomProjectionTree}, fit
 * on a driver sample), each leaf finds its points' neighbours exactly ({@link LeafNeighbours}) and the lists from the
 * trees are merged ({@link CandidateNeighbours#merge}). Exact within leaves, approximate across them: a true neighbour
 * is missed only when every tree cuts it apart from the point. With {@code leafSize >= n} the result is exact.
 *
 * <p>The driver holds the tree sample ({@code sampleSize x d} doubles) and the trees; the rare points whose leaves
 * held fewer than k other points in every tree get their neighbours by one exact pass over all points, their vectors
 * (at most {@code sampleSize} of them) on the driver. Executors hold one leaf ({@code leafSize x d} doubles) per task
 * and {@code trees x n} neighbour lists of k entries.
 */
public final class ApproximateNeighbours {
  /** The columns of the result, in order. */
  public static final List<String> COLUMNS = List.of("crop_id", "neighbour_ids", "neighbour_distances");

  private ApproximateNeighbours() {}

  /**
   * @param k neighbours per point, the point itself not counted
   * @param leafSize the most points a leaf expects (leaves hold between about half and all of it); more than k
   * @param trees independent random-projection trees; a pair is missed only when all of them separate it
   * @param sampleSize the most points the trees are fit on (held on the driver)
   * @param seed seeds the sample and the trees
   */
  public record Settings(int k, int leafSize, int trees, int sampleSize, long seed) implements Serializable {
    public static final int DEFAULT_LEAF_SIZE = 1_000;
    public static final int DEFAULT_TREES = 4;
    public static final int DEFAULT_SAMPLE_SIZE = 50_000;

    public Settings {
      if (k < 1) {
        throw new IllegalArgumentException("'k' must be at least 1, got " + k);
      }
      if (leafSize <= k) {
        throw new IllegalArgumentException("'leafSize' must exceed 'k' = " + k
            + " (a leaf has to hold a point and its neighbours), got " + leafSize);
      }
      ProjectionForest.requireForestShape(trees, sampleSize);
    }

    /**
     * Leaves of 1,000 points (at least 4 (k + 1)), 4 trees, a 50,000-point sample. Measured on 2,000 10-d blobs
     * ({@code ApproximateNeighboursTest}): recall 0.997 of the true 10 neighbours; with leaves of 200, 0.93 (one tree
     * 0.57). Recall falls as n / leafSize grows; real embeddings, of low intrinsic dimension, split better than
     * isotropic blobs.
     */
    public static Settings defaults(int k, long seed) {
      return new Settings(k, Math.max(DEFAULT_LEAF_SIZE, 4 * (k + 1)), DEFAULT_TREES, DEFAULT_SAMPLE_SIZE, seed);
    }

    /** Rejects a sample too small to cut {@code n} points into leaves, naming the setting. */
    void requireFits(long n) {
      ProjectionForest.requireSampleFits(n, leafSize, sampleSize);
    }

    int treesFor(long n) {
      return ProjectionForest.treesFor(n, leafSize, trees);
    }
  }

  /**
   * Neighbours of every row of {@code data}, as rows {@code (crop_id, neighbour_ids, neighbour_distances)} in
   * ascending distance (equal distances in the order of {@code data}), {@code min(k, rows - 1)} of them. The result is
   * materialized ({@link Checkpoints#materialize}), so that later reads see the same neighbours.
   *
   * @param data rows with {@code crop_id} (string, unique) and {@code features} (an MLlib vector, or an array of
   *     doubles or floats), all of one length and finite
   */
  public static Dataset<Row> find(Dataset<Row> data, Settings settings) {
    if (data == null) {
      throw new IllegalArgumentException("'data' must not be null");
    }
    if (settings == null) {
      throw new IllegalArgumentException("'settings' must not be null");
    }
    List<String> names = Arrays.asList(data.columns());
    for (String column : List.of("crop_id", "features")) {
      if (!names.contains(column)) {
        throw new IllegalArgumentException("the data for the neighbour search has no column '" + column + "' (it has "
            + names + ")");
      }
    }
    SparkSession spark = data.sparkSession();
    JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());

    Dataset<Row> indexed = ProjectionForest.indexed(data.select("crop_id", "features"));
    int n = validate(indexed);
    int k = Math.min(settings.k(), n - 1);
    JavaPairRDD<Integer, String> cropIds = indexed.javaRDD()
        .mapToPair(row -> new Tuple2<>((int) row.getLong(2), row.getString(0)));
    JavaRDD<Tuple2<Integer, double[]>> points = indexed.javaRDD()
        .map(row -> new Tuple2<>((int) row.getLong(2), VectorValues.toDoubles(row.get(1))));

    JavaPairRDD<Integer, CandidateNeighbours> lists;
    Broadcast<RandomProjectionTree[]> treesShared = null;
    if (k == 0) {
      lists = points.mapToPair(point -> new Tuple2<>(point._1(), new CandidateNeighbours(0)));
    } else {
      settings.requireFits(n);
      double[][] sample = ProjectionForest.sample(points, n, settings.sampleSize(), settings.seed()).stream()
          .map(Tuple2::_2).toArray(double[][]::new);
      RandomProjectionTree[] forest =
          ProjectionForest.fit(sample, n, settings.leafSize(), settings.treesFor(n), settings.seed());
      treesShared = context.broadcast(forest);
      lists = leafLists(points, forest, treesShared, n, k, context.defaultParallelism());
    }
    JavaPairRDD<Integer, CandidateNeighbours> persisted = lists.persist(StorageLevel.MEMORY_AND_DISK());
    try {
      JavaPairRDD<Integer, CandidateNeighbours> complete =
          withExactShortLists(context, points, persisted, k, settings.sampleSize());
      return Checkpoints.materialize(spark.createDataFrame(rows(cropIds, complete), schema()));
    } finally {
      persisted.unpersist(false);
      if (treesShared != null) {
        treesShared.destroy();
      }
    }
  }

  static StructType schema() {
    return new StructType()
        .add("crop_id", DataTypes.StringType, false)
        .add("neighbour_ids", DataTypes.createArrayType(DataTypes.StringType, false), false)
        .add("neighbour_distances", DataTypes.createArrayType(DataTypes.DoubleType, false), false);
  }

  /** The number of rows, or an error naming the first bad row (by crop_id) and what is wrong with it. */
  private static int validate(Dataset<Row> indexed) {
    JavaRDD<Row> rows = indexed.javaRDD();
    List<Row> first = rows.take(1);
    if (first.isEmpty()) {
      throw new IllegalArgumentException("the data for the neighbour search has no rows");
    }
    int width = VectorValues.widthOf(first.get(0).get(1));
    String widthSource = "crop_id '" + first.get(0).get(0) + "'";
    EarliestProblem check = rows.aggregate(new EarliestProblem(),
        (c, row) -> c.add(row.getLong(2), problem(row.getLong(2), row.get(0), row.get(1), width, widthSource)),
        EarliestProblem::merge);
    if (check.problem != null) {
      throw new IllegalArgumentException(check.problem);
    }
    if (check.count > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("the data has " + check.count + " rows, more than " + (Integer.MAX_VALUE - 8)
          + " (point indices are ints)");
    }
    return (int) check.count;
  }

  /** Each point's k nearest among the points sharing one of its leaves, merged over the trees. */
  private static JavaPairRDD<Integer, CandidateNeighbours> leafLists(JavaRDD<Tuple2<Integer, double[]>> points,
      RandomProjectionTree[] forest, Broadcast<RandomProjectionTree[]> shared, int n, int k, int parallelism) {
    int trees = forest.length;
    int[] offset = ProjectionForest.leafOffsets(forest);
    int partitions = ProjectionForest.blockPartitions(n, trees, offset[trees], parallelism);
    JavaRDD<LeafBlock> blocks = ProjectionForest.leafBlocks(points, shared, offset, partitions);
    return ProjectionForest.leafNeighbours(blocks, k, trees, partitions);
  }

  /**
   * Replaces the lists shorter than k (points whose leaf was smaller than k + 1 in every tree) by exact ones, one
   * pass over all points; when more than {@code limit} lists are short, those beyond the first {@code limit} stay
   * short rather than bring more vectors to the driver.
   */
  private static JavaPairRDD<Integer, CandidateNeighbours> withExactShortLists(JavaSparkContext context,
      JavaRDD<Tuple2<Integer, double[]>> points, JavaPairRDD<Integer, CandidateNeighbours> lists, int k, int limit) {
    if (k == 0) {
      return lists;
    }
    int[] shortIds = lists.filter(entry -> entry._2().size() < k).keys().take(limit).stream()
        .mapToInt(Integer::intValue).sorted().toArray();
    if (shortIds.length == 0) {
      return lists;
    }
    double[][] vectors = ProjectionForest.vectorsOf(points, shortIds, Map.of());
    CandidateNeighbours[] exact = ProjectionForest.exactNeighbours(points, shortIds, vectors, k);
    Map<Integer, CandidateNeighbours> replacements = new HashMap<>();
    for (int i = 0; i < shortIds.length; i++) {
      replacements.put(shortIds[i], exact[i]);
    }
    Broadcast<Map<Integer, CandidateNeighbours>> shared = context.broadcast(replacements);
    return lists.mapToPair(entry -> {
      CandidateNeighbours replacement = shared.value().get(entry._1());
      return replacement == null ? entry : new Tuple2<>(entry._1(), replacement);
    });
  }

  /** Point indices to crop ids: one join names the neighbours, a second the points. */
  private static JavaRDD<Row> rows(JavaPairRDD<Integer, String> names,
      JavaPairRDD<Integer, CandidateNeighbours> lists) {
    JavaPairRDD<Integer, Tuple3<Integer, Integer, Double>> entries = lists.flatMapToPair(entry -> {
      CandidateNeighbours list = entry._2();
      List<Tuple2<Integer, Tuple3<Integer, Integer, Double>>> out = new ArrayList<>(list.size());
      for (int r = 0; r < list.size(); r++) {
        out.add(new Tuple2<>(list.id(r), new Tuple3<>(entry._1(), r, Math.sqrt(list.squaredDistance(r)))));
      }
      return out.iterator();
    });
    JavaPairRDD<Integer, Iterable<Tuple3<Integer, String, Double>>> named = entries.join(names)
        .mapToPair(joined -> {
          Tuple3<Integer, Integer, Double> entry = joined._2()._1();
          return new Tuple2<>(entry._1(), new Tuple3<>(entry._2(), joined._2()._2(), entry._3()));
        })
        .groupByKey();
    return names.leftOuterJoin(named).map(joined -> {
      Optional<Iterable<Tuple3<Integer, String, Double>>> found = joined._2()._2();
      List<Tuple3<Integer, String, Double>> neighbours = new ArrayList<>();
      if (found.isPresent()) {
        found.get().forEach(neighbours::add);
      }
      neighbours.sort(Comparator.comparingInt(Tuple3::_1));
      String[] ids = new String[neighbours.size()];
      double[] distances = new double[neighbours.size()];
      for (int r = 0; r < ids.length; r++) {
        ids[r] = neighbours.get(r)._2();
        distances[r] = neighbours.get(r)._3();
      }
      return RowFactory.create(joined._2()._1(), ids, distances);
    });
  }

  /** What is wrong with one row of the input, or null. */
  private static String problem(long index, Object cropId, Object features, int width, String widthSource) {
    if (cropId == null) {
      return "row " + index + " of the data for the neighbour search has a null crop_id";
    }
    String found = VectorValues.problemOf(features, width, widthSource);
    return found == null ? null : "column 'features' of crop_id '" + cropId + "' " + found;
  }
}
