package io.labelatlas.audit;

import static org.apache.spark.sql.functions.col;

import java.io.Serializable;
import java.util.Arrays;
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
  /** The probe's out-of-fold class probabilities in the context's class order; null where the probe did not run. */
  final double[] probe;
  /** What the fused score calibrates: the mean of the neighbour and cluster mixture and the probe; null without any. */
  final double[] fused;

  private CropEvidence(String cropId, int cluster, LabelEvidence evidence, double baselineScore,
      double boundaryMargin, double[] probe) {
    this.cropId = cropId;
    this.cluster = cluster;
    this.evidence = evidence;
    this.baselineScore = baselineScore;
    this.boundaryMargin = boundaryMargin;
    this.probe = probe;
    this.fused = fuse(evidence.hasEvidence() ? evidence.probabilities() : null, probe);
  }

  /**
   * The fusion rule, fixed before it was measured (docs/audit.md): the plain mean of the two class-probability
   * estimates, each an out-of-sample estimate on its own; either alone where the other is missing.
   */
  static double[] fuse(double[] labelsAround, double[] probe) {
    if (labelsAround == null || probe == null) {
      return labelsAround != null ? labelsAround : probe;
    }
    double[] fused = new double[probe.length];
    for (int j = 0; j < fused.length; j++) {
      fused[j] = (labelsAround[j] + probe[j]) / 2;
    }
    return fused;
  }

  int given() {
    return evidence.given();
  }

  /** From a row {@code crop_id, label, cluster, neighbour_labels, features, probe_probabilities}. */
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
    double[] probe = null;
    if (!row.isNullAt(5)) {
      List<Double> probabilities = row.getList(5);
      probe = new double[context.classes.length];
      for (int j = 0; j < context.probeColumn.length; j++) {
        if (context.probeColumn[j] >= 0) {
          probe[j] = probabilities.get(context.probeColumn[j]);
        }
      }
    }
    return new CropEvidence(cropId, cluster, evidence, SuspectScoring.baselineScore(given, neighbourLabels),
        context.margin.of(point, cluster), probe);
  }

  /** The columns of {@link SuspectStage#scoredSchema()} but the three ranks, in its order. */
  Row row(Context context, Thresholds thresholds) {
    String[] classes = context.classes;
    int given = evidence.given();
    SuspectScoring.Suspect suspect = fused == null ? new SuspectScoring.Suspect(0, -1, false)
        : SuspectScoring.score(given, fused, thresholds.fused);
    Object probeLabel = null;
    Object confidentLabel = null;
    Object selfConfidence = null;
    Object margin = null;
    Object probeScore = null;
    if (probe != null) {
      probeLabel = classes[ConfidentLearning.argmax(probe)];
      int confident = ConfidentLearning.confidentClass(probe, thresholds.probe);
      confidentLabel = confident < 0 ? null : classes[confident];
      selfConfidence = ConfidentLearning.selfConfidence(given, probe);
      margin = ConfidentLearning.normalizedMargin(given, probe);
      probeScore = 1 - ConfidentLearning.selfConfidence(given, probe);
    }
    return RowFactory.create(cropId, suspect.score(), classes[given],
        suspect.suggested() < 0 ? null : classes[suspect.suggested()], cluster,
        evidence.clusterMajority() < 0 ? null : classes[evidence.clusterMajority()],
        SuspectStage.nullIfNaN(evidence.clusterMajorityShare()),
        evidence.neighbourMajority() < 0 ? null : classes[evidence.neighbourMajority()],
        SuspectStage.nullIfNaN(evidence.neighbourMajorityShare()), SuspectStage.nullIfNaN(boundaryMargin),
        baselineScore, probeLabel, confidentLabel, selfConfidence, margin, probeScore, suspect.flag());
  }

  /**
   * The per-class thresholds of the fused estimate (the score) and of the probe alone (confident learning). A class,
   * not a record: Kryo cannot build records.
   */
  static final class Thresholds implements Serializable {
    private static final long serialVersionUID = 1L;
    final double[] fused;
    final double[] probe;

    Thresholds(double[] fused, double[] probe) {
      this.fused = fused;
      this.probe = probe;
    }

    double[] probe() {
      return probe;
    }
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
    /** Per class of {@link #classes}, its position in the probe's probabilities; -1 for a class the probe lacks. */
    final int[] probeColumn;

    Context(String[] classes, Map<String, Integer> index, Map<Integer, long[]> clusterCounts, long[] allCounts,
        BoundaryMargin margin, double clusterWeight, String[] probeClasses) {
      this.classes = classes;
      this.index = index;
      this.clusterCounts = clusterCounts;
      this.allCounts = allCounts;
      this.margin = margin;
      this.clusterWeight = clusterWeight;
      this.probeColumn = new int[classes.length];
      List<String> probed = probeClasses == null ? List.of() : Arrays.asList(probeClasses);
      for (int j = 0; j < classes.length; j++) {
        probeColumn[j] = probed.indexOf(classes[j]);
      }
    }

    /** Class names, label counts per cluster and overall, and cluster centroids: the driver-side aggregates. */
    static Context collect(Dataset<Row> clustered, Dataset<Row> features, Dataset<Row> assigned,
        AuditSettings settings, String[] probeClasses) {
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
          settings.clusterWeight(), probeClasses);
    }
  }

  /**
   * Per-class sums of p_i(y_i) and counts, for the thresholds of the fused estimate and of the probe; and, once
   * the probe's thresholds are known, confident learning's joint.
   */
  static final class ClassSums implements Serializable {
    private static final long serialVersionUID = 1L;
    final double[] ownFused;
    final long[] fusedCount;
    final double[] ownProbe;
    final long[] probeCount;

    ClassSums(int classes) {
      ownFused = new double[classes];
      fusedCount = new long[classes];
      ownProbe = new double[classes];
      probeCount = new long[classes];
    }

    ClassSums add(CropEvidence sample) {
      int given = sample.given();
      if (sample.fused != null) {
        ownFused[given] += sample.fused[given];
        fusedCount[given]++;
      }
      if (sample.probe != null) {
        ownProbe[given] += sample.probe[given];
        probeCount[given]++;
      }
      return this;
    }

    ClassSums merge(ClassSums other) {
      for (int j = 0; j < fusedCount.length; j++) {
        ownFused[j] += other.ownFused[j];
        fusedCount[j] += other.fusedCount[j];
        ownProbe[j] += other.ownProbe[j];
        probeCount[j] += other.probeCount[j];
      }
      return this;
    }

    Thresholds thresholds() {
      return new Thresholds(SuspectScoring.thresholds(ownFused, fusedCount),
          SuspectScoring.thresholds(ownProbe, probeCount));
    }
  }
}
