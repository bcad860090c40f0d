package io.labelatlas.review;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * Which single crops a reviewer should look at next: crops without a decision of their own, those with no current label
 * first, then by how many of their neighbours' current labels differ from their own (a vote over the labels as they
 * are now, so it sharpens as people decide), ties broken by a hash of the crop id.
 */
public final class ReviewQueue {
  private ReviewQueue() {}

  /**
   * @param neighbours {@code crop_id, neighbour_ids} of the run
   * @param current {@code crop_id, label, source} as {@link CurrentLabels#of} returns them
   * @return {@code crop_id, label, disagreement} of the undecided crops, unsorted: sort by {@link #order()}
   */
  public static Dataset<Row> of(Dataset<Row> neighbours, Dataset<Row> current) {
    Dataset<Row> labels = current.select("crop_id", "label", "source");
    Dataset<Row> votes = neighbours.select(col("crop_id"), explode(col("neighbour_ids")).as("neighbour"))
        .filter(col("neighbour").notEqual(col("crop_id")))
        .join(labels.select(col("crop_id").as("neighbour"), col("label").as("neighbour_label")),
            new String[] {"neighbour"}, "left")
        .join(labels.select("crop_id", "label"), new String[] {"crop_id"}, "left")
        .groupBy("crop_id")
        .agg(functions.avg(when(col("neighbour_label").isNull(), lit(0.0))
            .when(col("label").isNull().or(col("neighbour_label").notEqual(col("label"))), lit(1.0))
            .otherwise(lit(0.0))).as("disagreement"));
    // A crop a person labelled on its own is done; one labelled with its cluster can still be wrong.
    Column undecided = col("source").isNull().or(col("source").notEqual(LabelSources.HUMAN));
    return neighbours.select("crop_id")
        .join(labels, new String[] {"crop_id"}, "left")
        .filter(undecided)
        .join(votes, new String[] {"crop_id"}, "left")
        .select(col("crop_id"), col("label"), functions.coalesce(col("disagreement"), lit(0.0)).as("disagreement"));
  }

  /** Review order: unlabelled crops first, then the most disagreed with, ties by a hash of the crop id. */
  public static Column[] order() {
    return new Column[] {col("label").isNull().desc(), col("disagreement").desc(), functions.xxhash64(col("crop_id")),
        col("crop_id")};
  }
}
