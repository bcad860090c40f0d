package io.labelatlas.audit;

import static org.apache.spark.sql.functions.col;

import java.io.Serializable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.stat.Summarizer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;

/**
 * One labelled crop's evidence in {@link SuspectStage}, before the per-class thresholds are known, with what every
 * task needs to build it ({@link Context}, collected once on the driver and broadcast) and the per-class sums that
 * give the thresholds ({@link ClassSums}). Classes, not records: Spark ships them with Kryo, which cannot build
 * records.
 */
final class CropEvidence implements Serializable {
  private static final long serialVersionUID = 1L;
  final String cropId;
  final int cluster;
  final LabelEvidence evidence;
  final double baselineScore;
  final double boundaryMargin;

  private CropEvidence(String cropId, int cluster, LabelEvidence evidence, double baselineScore,
      double boundaryMargin) {
    this.cropId = cropId;
    this.cluster = cluster;
    this.evidence = evidence;
    this.baselineScore = baselineScore;
    this.boundaryMargin = boundaryMargin;
  }

  /** From a row {@code crop_id, label, cluster, neighbour_labels, features}. */
  static CropEvidence of(Row row, Context context) {
    String cropId = row.getString(0);
    int given = context.index.get(row.getString(1));
    int cluster = row.getInt(2);
    List<String> names = row.isNullAt(3) ? List.of() : row.getList(3);
    int[] neighbourLabels = names.stream().mapToInt(name -> context.index.get(name)).toArray();
    long[] clusterCounts = cluster >= 0 ? context.clusterCounts.get(cluster) : null;
    LabelEvidence evidence = LabelEvidence.of(given, neighbourLabels, clusterCounts, context.allCounts,
        context.clusterWeight);
    double[] point = row.isNullAt(4) ? null : ((Vector) row.get(4)).toArray();
    return new CropEvidence(cropId, cluster, evidence, SuspectScoring.baselineScore(given, neighbourLabels),
        context.margin.of(point, cluster));
  }

  /** The columns of {@link SuspectStage#scoredSchema()} but the two ranks, in its order. */
  Row row(Context context, double[] thresholds) {
    String[] classes = context.classes;
    SuspectScoring.Suspect suspect = SuspectScoring.score(evidence, thresholds);
    return RowFactory.create(cropId, suspect.score(), classes[evidence.given()],
        suspect.suggested() < 0 ? null : classes[suspect.suggested()], cluster,
        evidence.clusterMajority() < 0 ? null : classes[evidence.clusterMajority()],
        SuspectStage.nullIfNaN(evidence.clusterMajorityShare()),
        evidence.neighbourMajority() < 0 ? null : classes[evidence.neighbourMajority()],
        SuspectStage.nullIfNaN(evidence.neighbourMajorityShare()), SuspectStage.nullIfNaN(boundaryMargin),
        baselineScore, suspect.flag());
  }

  /** What every task needs: shipped once per executor. */
  static final class Context implements Serializable {
    private static final long serialVersionUID = 1L;
    final String[] classes;
    final Map<String, Integer> index;
    final Map<Integer, long[]> clusterCounts;
    final long[] allCounts;
    final BoundaryMargin margin;
    final double clusterWeight;

    Context(String[] classes, Map<String, Integer> index, Map<Integer, long[]> clusterCounts, long[] allCounts,
        BoundaryMargin margin, double clusterWeight) {
      this.classes = classes;
      this.index = index;
      this.clusterCounts = clusterCounts;
      this.allCounts = allCounts;
      this.margin = margin;
      this.clusterWeight = clusterWeight;
    }

    /** Class names, label counts per cluster and overall, and cluster centroids: the driver-side aggregates. */
    static Context collect(Dataset<Row> clustered, Dataset<Row> features, Dataset<Row> assigned,
        AuditSettings settings) {
      List<Row> cells = clustered.groupBy("cluster", "label").count().collectAsList();
      String[] classes = cells.stream().map(row -> row.getString(1)).distinct().sorted().toArray(String[]::new);
      Map<String, Integer> index = new HashMap<>();
      for (int j = 0; j < classes.length; j++) {
        index.put(classes[j], j);
      }
      long[] all = new long[classes.length];
      Map<Integer, long[]> clusterCounts = new HashMap<>();
      for (Row row : cells) {
        int cluster = row.getInt(0);
        int label = index.get(row.getString(1));
        all[label] += row.getLong(2);
        if (cluster >= 0) {
          clusterCounts.computeIfAbsent(cluster, c -> new long[classes.length])[label] += row.getLong(2);
        }
      }
      List<Row> means = assigned.select(col("crop_id"), col("cluster").cast(DataTypes.IntegerType).as("cluster"))
          .filter(col("cluster").geq(0))
          .join(features.select("crop_id", "features"), new String[] {"crop_id"})
          .filter(col("features").isNotNull())
          .groupBy("cluster").agg(Summarizer.mean(col("features")).as("centroid"))
          .collectAsList();
      int[] clusterIds = new int[means.size()];
      double[][] centroids = new double[means.size()][];
      for (int i = 0; i < means.size(); i++) {
        clusterIds[i] = means.get(i).getInt(0);
        centroids[i] = ((Vector) means.get(i).get(1)).toArray();
      }
      return new Context(classes, index, clusterCounts, all, new BoundaryMargin(clusterIds, centroids),
          settings.clusterWeight());
    }
  }

  /** Per-class sums of p_i(y_i) and counts, for the thresholds. */
  static final class ClassSums implements Serializable {
    private static final long serialVersionUID = 1L;
    final double[] ownProbability;
    final long[] count;

    ClassSums(int classes) {
      ownProbability = new double[classes];
      count = new long[classes];
    }

    ClassSums add(CropEvidence sample) {
      ownProbability[sample.evidence.given()] += sample.evidence.probability(sample.evidence.given());
      count[sample.evidence.given()]++;
      return this;
    }

    ClassSums merge(ClassSums other) {
      for (int j = 0; j < count.length; j++) {
        ownProbability[j] += other.ownProbability[j];
        count[j] += other.count[j];
      }
      return this;
    }
  }
}
