package io.labelatlas.audit;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.percentile_approx;
import static org.apache.spark.sql.functions.when;

import io.labelatlas.store.Table;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The per-class label-quality estimate of a scored audit (the {@code label_quality} table): from confident learning's
 * joint ({@link ConfidentLearning.Joint}), each class's estimated share of wrong labels with its interval, the class
 * its wrong labels most likely belong to, and how many of its crops, in the order of our ranking, a reviewer reads to
 * meet 90% of the crops the probe confidently puts in another class. A row with label {@value SuspectStage#ALL_CLASSES}
 * holds the whole set.
 *
 * <p>The 90% figure is the count of the class's crops scoring at least the 10th percentile (Spark's
 * {@code percentile_approx}) of the scores of its confidently off-diagonal crops: an estimate of reading effort, since
 * which labels are truly wrong is not known.
 */
public final class LabelQualityStage {
  public static final int INTERVAL_RESAMPLES = 1000;
  public static final double INTERVAL_LEVEL = 0.95;
  private static final double CATCH = 0.9;

  private LabelQualityStage() {}

  /** The columns of {@code label_quality} without run_id and algorithm. */
  public static StructType schema() {
    StructType schema = new StructType();
    for (StructField field : Table.LABEL_QUALITY.schema().fields()) {
      if (!field.name().equals("run_id") && !field.name().equals("algorithm")) {
        schema = schema.add(field);
      }
    }
    return schema;
  }

  /** The rows, or none where the probe did not run (no joint). */
  public static Dataset<Row> of(SuspectStage.Scored scored, long seed) {
    Dataset<Row> rows = scored.rows();
    ConfidentLearning.Joint joint = scored.joint();
    List<Row> out = new ArrayList<>();
    if (joint == null) {
      return rows.sparkSession().createDataFrame(out, schema());
    }
    String[] classes = scored.classes();
    Column offDiagonal = col("probe_confident_label").isNotNull()
        .and(col("probe_confident_label").notEqual(col("given_label")));
    Dataset<Row> cutoffRows = rows.filter(offDiagonal).groupBy("given_label")
        .agg(percentile_approx(col("score"), lit(1 - CATCH), lit(10_000)).as("cutoff"));
    Map<String, Long> review = new HashMap<>();
    for (Row row : rows.join(broadcast(cutoffRows), "given_label").groupBy("given_label")
        .agg(count(when(col("score").geq(col("cutoff")), 1))).collectAsList()) {
      review.put(row.getString(0), row.getLong(1));
    }
    Row overallCutoff = rows.filter(offDiagonal).agg(percentile_approx(col("score"), lit(1 - CATCH), lit(10_000)))
        .first();
    Long reviewAll = overallCutoff.isNullAt(0) ? null
        : rows.filter(col("score").geq(overallCutoff.getDouble(0))).count();

    double[][] intervals = joint.noiseRateIntervals(INTERVAL_RESAMPLES, INTERVAL_LEVEL, seed);
    long crops = 0;
    long counted = 0;
    for (int i = 0; i < classes.length; i++) {
      crops += joint.labelled(i);
      counted += joint.counted(i);
      double share = joint.noiseRate(i);
      int likely = joint.likelyTrueClass(i);
      long offDiagonalCount = joint.counted(i) - joint.count(i, i);
      out.add(RowFactory.create(classes[i], joint.labelled(i), joint.counted(i), SuspectStage.nullIfNaN(share),
          SuspectStage.nullIfNaN(intervals[i][0]), SuspectStage.nullIfNaN(intervals[i][1]),
          SuspectStage.nullIfNaN(joint.labelled(i) * share),
          likely < 0 ? null : classes[likely],
          likely < 0 ? null : joint.count(i, likely) / (double) offDiagonalCount,
          review.get(classes[i])));
    }
    double overall = joint.overallNoiseRate();
    int k = classes.length;
    out.add(RowFactory.create(SuspectStage.ALL_CLASSES, crops, counted, SuspectStage.nullIfNaN(overall),
        SuspectStage.nullIfNaN(intervals[k][0]), SuspectStage.nullIfNaN(intervals[k][1]),
        SuspectStage.nullIfNaN(crops * overall), null, null, reviewAll));
    return rows.sparkSession().createDataFrame(out, schema());
  }
}
