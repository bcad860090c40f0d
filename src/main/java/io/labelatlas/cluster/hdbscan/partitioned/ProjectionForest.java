package io.labelatlas.cluster.hdbscan.partitioned;

import io.labelatlas.runtime.Checkpoints;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.Tuple2;

/**
 * The forest of random-projection trees that {@link PartitionedHdbscan} and {@link ApproximateNeighbours} both run
 * on: the driver sample the trees are fit on, the leaf blocks they cut the points into, the neighbour lists found
 * within the leaves, and the exact pass for the few points whose leaves were too small. Points are numbered once
 * ({@link #indexed}) and travel as {@code (point index, vector)}.
 */
final class ProjectionForest {
  /** The trees are cut on the sample, so a leaf needs a few sample points: at least this many per expected leaf. */
  static final int SAMPLE_POINTS_PER_LEAF = 4;
  // Points of the replicated data per block partition: a task then holds ~50k x d doubles of leaves.
  private static final long POINTS_PER_BLOCK_PARTITION = 50_000;

  private ProjectionForest() {}

  /**
   * The rows of {@code data} plus a last column {@code point_index} (long), numbering them in the order of
   * {@code data}; materialized ({@link Checkpoints#materialize}) so that every later pass sees one numbering.
   */
  static Dataset<Row> indexed(Dataset<Row> data) {
    int width = data.schema().size();
    JavaRDD<Row> numbered = data.javaRDD().zipWithIndex().map(pair -> {
      Object[] values = new Object[width + 1];
      for (int i = 0; i < width; i++) {
        values[i] = pair._1().get(i);
      }
      values[width] = pair._2();
      return RowFactory.create(values);
    });
    StructType schema = data.schema().add("point_index", DataTypes.LongType, false);
    return Checkpoints.materialize(data.sparkSession().createDataFrame(numbered, schema));
  }

  /** Rejects a forest of no tree or a sample too small to cut, naming the setting. */
  static void requireForestShape(int trees, int sampleSize) {
    if (trees < 1) {
      throw new IllegalArgumentException("'trees' must be at least 1, got " + trees);
    }
    if (sampleSize < 2) {
      throw new IllegalArgumentException("'sampleSize' must be at least 2, got " + sampleSize);
    }
  }

  /** Rejects a sample too small to cut {@code n} points into leaves, naming the setting. */
  static void requireSampleFits(long n, int leafSize, int sampleSize) {
    long needed = Math.min(n, SAMPLE_POINTS_PER_LEAF * ((n + leafSize - 1) / leafSize));
    if (sampleSize < needed) {
      throw new IllegalArgumentException("'sampleSize' = " + sampleSize + " is too small to cut " + n
          + " points into leaves of 'leafSize' = " + leafSize + ": the trees are fit on the sample and need "
          + SAMPLE_POINTS_PER_LEAF + " sample points per leaf, so at least " + needed);
    }
  }

  /** With every point in one leaf the search is exact and a second tree would repeat the first. */
  static int treesFor(long n, int leafSize, int trees) {
    return n <= leafSize ? 1 : trees;
  }

  static long treeSeed(long seed, int tree) {
    return seed * 0x9E3779B97F4A7C15L + 31L * (tree + 1);
  }

  /** {@code trees} trees fit on {@code sample} for {@code n} points, tree t seeded by {@link #treeSeed}. */
  static RandomProjectionTree[] fit(double[][] sample, long n, int leafSize, int trees, long seed) {
    RandomProjectionTree[] forest = new RandomProjectionTree[trees];
    for (int t = 0; t < trees; t++) {
      forest[t] = RandomProjectionTree.fit(sample, n, leafSize, treeSeed(seed, t));
    }
    return forest;
  }

  /** At most {@code size} points, seeded, sorted by point index. */
  static List<Tuple2<Integer, double[]>> sample(JavaRDD<Tuple2<Integer, double[]>> points, int n, int size,
      long seed) {
    List<Tuple2<Integer, double[]>> sampled;
    if (n <= size) {
      sampled = new ArrayList<>(points.collect());
    } else {
      // Bernoulli sampling with a margin of several standard deviations, then a seeded trim to the size.
      double fraction = Math.min(1.0, (size + 6 * Math.sqrt(size) + 16) / n);
      sampled = new ArrayList<>(points.sample(false, fraction, seed).collect());
      if (sampled.size() > size) {
        Collections.shuffle(sampled, new Random(seed));
        sampled = new ArrayList<>(sampled.subList(0, size));
      }
    }
    sampled.sort(Comparator.comparingInt(Tuple2::_1));
    return sampled;
  }

  /** Where each tree's leaf ids start in one numbering of all leaves of the forest; the last entry is their total. */
  static int[] leafOffsets(RandomProjectionTree[] forest) {
    int[] offset = new int[forest.length + 1];
    for (int t = 0; t < forest.length; t++) {
      offset[t + 1] = offset[t] + forest[t].leaves();
    }
    return offset;
  }

  /** Enough partitions for the cores, and about 50k replicated points each, but never more than there are blocks. */
  static int blockPartitions(long n, int trees, int blocks, int parallelism) {
    long wanted = Math.max(2L * parallelism, (n * trees + POINTS_PER_BLOCK_PARTITION - 1) / POINTS_PER_BLOCK_PARTITION);
    return (int) Math.max(1, Math.min(blocks, wanted));
  }

  /** Routes every point to its leaf in each tree and gathers the points of each leaf into one block. */
  static JavaRDD<LeafBlock> leafBlocks(JavaRDD<Tuple2<Integer, double[]>> points,
      Broadcast<RandomProjectionTree[]> shared, int[] offset, int partitions) {
    return points
        .flatMapToPair(point -> {
          RandomProjectionTree[] routing = shared.value();
          List<Tuple2<Integer, Tuple2<Integer, double[]>>> out = new ArrayList<>(routing.length);
          for (int t = 0; t < routing.length; t++) {
            out.add(new Tuple2<>(offset[t] + routing[t].leafOf(point._2()), point));
          }
          return out.iterator();
        })
        .combineByKey(point -> LeafBlock.Builder.of(point._1(), point._2()),
            (builder, point) -> builder.add(point._1(), point._2()), LeafBlock.Builder::addAll,
            new HashPartitioner(partitions))
        .map(keyed -> {
          int tree = 0;
          while (keyed._1() >= offset[tree + 1]) {
            tree++;
          }
          return keyed._2().build(tree, keyed._1() - offset[tree]);
        });
  }

  /** Each point's k nearest among the points sharing one of its leaves, merged over the {@code trees} trees. */
  static JavaPairRDD<Integer, CandidateNeighbours> leafNeighbours(JavaRDD<LeafBlock> blocks, int k, int trees,
      int partitions) {
    JavaPairRDD<Integer, CandidateNeighbours> lists = blocks.flatMapToPair(block -> {
      CandidateNeighbours[] found = LeafNeighbours.compute(block, k);
      List<Tuple2<Integer, CandidateNeighbours>> out = new ArrayList<>(found.length);
      for (int i = 0; i < found.length; i++) {
        out.add(new Tuple2<>(block.ids[i], found[i]));
      }
      return out.iterator();
    });
    return trees > 1 ? lists.reduceByKey(CandidateNeighbours::merge, partitions) : lists;
  }

  /** The exact k nearest other points of the points {@code ids}, whose vectors are given: one pass, O(few x n x d). */
  static CandidateNeighbours[] exactNeighbours(JavaRDD<Tuple2<Integer, double[]>> points, int[] ids,
      double[][] vectors, int k) {
    return points.mapPartitions(it -> {
      CandidateNeighbours[] lists = new CandidateNeighbours[ids.length];
      Arrays.setAll(lists, i -> new CandidateNeighbours(k));
      it.forEachRemaining(point -> {
        for (int i = 0; i < ids.length; i++) {
          if (point._1() != ids[i]) {
            lists[i].offer(point._1(), SquaredEuclidean.between(vectors[i], point._2()));
          }
        }
      });
      return Collections.singletonList(lists).iterator();
    }).reduce((a, b) -> {
      CandidateNeighbours[] merged = new CandidateNeighbours[a.length];
      Arrays.setAll(merged, i -> CandidateNeighbours.merge(a[i], b[i]));
      return merged;
    });
  }

  /** The vectors of {@code ids} (ascending), from {@code known} or, for the rest, by one filtered pass. */
  static double[][] vectorsOf(JavaRDD<Tuple2<Integer, double[]>> points, int[] ids, Map<Integer, double[]> known) {
    int[] missing = Arrays.stream(ids).filter(id -> !known.containsKey(id)).toArray();
    Map<Integer, double[]> found = new HashMap<>(known);
    if (missing.length > 0) {
      List<Tuple2<Integer, double[]>> fetched =
          points.filter(p -> Arrays.binarySearch(missing, p._1()) >= 0).collect();
      for (Tuple2<Integer, double[]> point : fetched) {
        found.put(point._1(), point._2());
      }
    }
    double[][] vectors = new double[ids.length][];
    for (int i = 0; i < ids.length; i++) {
      vectors[i] = found.get(ids[i]);
    }
    return vectors;
  }
}
