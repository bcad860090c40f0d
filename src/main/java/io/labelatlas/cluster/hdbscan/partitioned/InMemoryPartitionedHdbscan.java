package io.labelatlas.cluster.hdbscan.partitioned;

import io.labelatlas.cluster.hdbscan.ClusterSelection;
import io.labelatlas.cluster.hdbscan.CondensedTree;
import io.labelatlas.cluster.hdbscan.Glosh;
import io.labelatlas.cluster.hdbscan.HdbscanResult;
import io.labelatlas.cluster.hdbscan.MutualReachabilityMst;
import io.labelatlas.cluster.hdbscan.SingleLinkageTree;
import io.labelatlas.cluster.hdbscan.partitioned.SpanningForestMerge.SpanningForest;
import io.labelatlas.geometry.PointSample;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The partitioned HDBSCAN* of {@link PartitionedHdbscan} run in one JVM over {@code double[][]}: the same trees,
 * leaves, neighbour lists, leaf spanning trees and merge, without Spark, for tests and for measuring how far the
 * approximation is from {@code Hdbscan.fit} at sizes where the exact version still runs. Only the sample differs
 * (a seeded shuffle here, Spark's sampler there).
 */
public final class InMemoryPartitionedHdbscan {
  /** Most sample points used to join components; the join costs O(r^2 d) on the driver. */
  static final int JOIN_REPRESENTATIVES = 10_000;
  /** Most points whose leaves hold fewer than minSamples points; each costs an exact O(n d) search. */
  static final int MAX_SHORT_LEAF_POINTS = 1_000;

  private InMemoryPartitionedHdbscan() {}

  /** The clustering and the diagnostics {@link PartitionedHdbscan} reports (without timings). */
  public record Result(HdbscanResult hdbscan, Map<String, Double> diagnostics) {}

  public static Result fit(double[][] points, PartitionedHdbscanSettings settings) {
    validate(points);
    int n = points.length;
    settings.requireFits(n);
    Map<String, Double> diagnostics = new LinkedHashMap<>();
    diagnostics.put("points", (double) n);
    diagnostics.put("dimension", (double) points[0].length);

    int[] sample = sampleIndices(n, settings.sampleSize(), settings.seed());
    double[][] samplePoints = new double[sample.length][];
    for (int i = 0; i < sample.length; i++) {
      samplePoints[i] = points[sample[i]];
    }
    diagnostics.put("sample_points", (double) sample.length);
    int trees = settings.treesFor(n);
    RandomProjectionTree[] fitted =
        ProjectionForest.fit(samplePoints, n, settings.leafSize(), trees, settings.seed());
    List<LeafBlock> blocks = new ArrayList<>();
    for (int t = 0; t < trees; t++) {
      RandomProjectionTree tree = fitted[t];
      LeafBlock.Builder[] builders = new LeafBlock.Builder[tree.leaves()];
      for (int p = 0; p < n; p++) {
        int leaf = tree.leafOf(points[p]);
        builders[leaf] = builders[leaf] == null ? LeafBlock.Builder.of(p, points[p]) : builders[leaf].add(p, points[p]);
      }
      for (int leaf = 0; leaf < builders.length; leaf++) {
        if (builders[leaf] != null) {
          blocks.add(builders[leaf].build(t, leaf));
        }
      }
    }
    putLeafDiagnostics(diagnostics, trees, blocks.stream().mapToInt(LeafBlock::size).toArray());

    int k = settings.minSamples() - 1;
    CandidateNeighbours[] neighbours = new CandidateNeighbours[n];
    for (LeafBlock block : blocks) {
      CandidateNeighbours[] lists = LeafNeighbours.compute(block, k);
      for (int i = 0; i < lists.length; i++) {
        int id = block.ids[i];
        neighbours[id] = neighbours[id] == null ? lists[i] : CandidateNeighbours.merge(neighbours[id], lists[i]);
      }
    }
    double[] core = new double[n];
    for (int p = 0; p < n; p++) {
      core[p] = neighbours[p].coreDistance();
    }
    int[] shortLeafPoints = shortLeafPoints(core, settings);
    diagnostics.put("short_leaf_points", (double) shortLeafPoints.length);
    for (int p : shortLeafPoints) {
      CandidateNeighbours exact = new CandidateNeighbours(k);
      for (int q = 0; q < n; q++) {
        if (q != p) {
          exact.offer(q, SquaredEuclidean.between(points[p], points[q]));
        }
      }
      core[p] = exact.coreDistance();
    }

    List<SpanningEdges> edges = new ArrayList<>();
    for (LeafBlock block : blocks) {
      edges.add(LeafSpanningTree.compute(block, core));
    }
    diagnostics.put("candidate_edges", (double) edges.stream().mapToLong(SpanningEdges::size).sum());
    SpanningForest forest = SpanningForestMerge.minimumForest(n, edges);
    diagnostics.put("forest_components", (double) forest.components());
    MutualReachabilityMst spanningTree;
    if (forest.components() == 1) {
      spanningTree = forest.asSpanningTree();
      diagnostics.put("join_representatives", 0.0);
    } else {
      int[] representatives = SpanningForestMerge.representatives(sample, forest, JOIN_REPRESENTATIVES);
      double[][] vectors = new double[representatives.length][];
      for (int i = 0; i < vectors.length; i++) {
        vectors[i] = points[representatives[i]];
      }
      spanningTree = SpanningForestMerge.join(forest, representatives, vectors, core);
      diagnostics.put("join_representatives", (double) representatives.length);
    }
    diagnostics.put("components_joined", (double) forest.components() - 1);
    HdbscanResult result = hierarchy(spanningTree, core, settings);
    putClusterDiagnostics(diagnostics, result.labels());
    return new Result(result, diagnostics);
  }

  /** The exact HDBSCAN* chain from the spanning tree on: single linkage, condensed tree, selection, GLOSH. */
  static HdbscanResult hierarchy(MutualReachabilityMst spanningTree, double[] coreDistances,
      PartitionedHdbscanSettings settings) {
    CondensedTree condensed = CondensedTree.condense(SingleLinkageTree.fromSortedMst(spanningTree),
        settings.minClusterSize());
    ClusterSelection selection = ClusterSelection.select(condensed, settings.method(), settings.epsilon(),
        settings.allowSingleCluster());
    return new HdbscanResult(selection.labels(), selection.probabilities(), Glosh.scores(condensed), coreDistances,
        condensed);
  }

  /** Points whose leaves together held fewer than minSamples points (core distance NaN), ascending. */
  static int[] shortLeafPoints(double[] core, PartitionedHdbscanSettings settings) {
    int[] found = java.util.stream.IntStream.range(0, core.length).filter(p -> Double.isNaN(core[p])).toArray();
    if (found.length > MAX_SHORT_LEAF_POINTS) {
      throw new IllegalArgumentException(found.length + " points lie in leaves of fewer than 'minSamples' = "
          + settings.minSamples() + " points (at most " + MAX_SHORT_LEAF_POINTS + " get an exact search): raise "
          + "'leafSize' = " + settings.leafSize() + " or 'sampleSize' = " + settings.sampleSize());
    }
    return found;
  }

  static void putLeafDiagnostics(Map<String, Double> diagnostics, int trees, int[] blockSizes) {
    long total = 0;
    int min = Integer.MAX_VALUE;
    int max = 0;
    for (int size : blockSizes) {
      total += size;
      min = Math.min(min, size);
      max = Math.max(max, size);
    }
    diagnostics.put("trees", (double) trees);
    diagnostics.put("leaves", (double) blockSizes.length);
    diagnostics.put("leaves_per_tree", blockSizes.length / (double) trees);
    diagnostics.put("leaf_size_mean", total / (double) Math.max(1, blockSizes.length));
    diagnostics.put("leaf_size_min", (double) (blockSizes.length == 0 ? 0 : min));
    diagnostics.put("leaf_size_max", (double) max);
  }

  static void putClusterDiagnostics(Map<String, Double> diagnostics, int[] labels) {
    int clusters = 0;
    int noise = 0;
    for (int label : labels) {
      clusters = Math.max(clusters, label + 1);
      noise += label < 0 ? 1 : 0;
    }
    diagnostics.put("clusters", (double) clusters);
    diagnostics.put("noise_points", (double) noise);
  }

  /** All indices when n fits the sample, else a seeded uniform sample of sampleSize of them; ascending. */
  private static int[] sampleIndices(int n, int sampleSize, long seed) {
    return PointSample.indices(n, sampleSize, new Random(seed));
  }

  private static void validate(double[][] points) {
    if (points == null || points.length == 0) {
      throw new IllegalArgumentException("'points' must hold at least one row");
    }
    for (int i = 0; i < points.length; i++) {
      String problem = VectorValues.problem(points[i], points[0] == null ? -1 : points[0].length, "row 0");
      if (problem != null) {
        throw new IllegalArgumentException("'points' row " + i + " " + problem);
      }
    }
  }
}
