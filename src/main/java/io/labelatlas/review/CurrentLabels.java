package io.labelatlas.review;

import static org.apache.spark.sql.functions.col;

import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.functions;

/** Each crop's label now: the row of its strongest source in {@link LabelSources#precedence}. */
public final class CurrentLabels {
  private CurrentLabels() {}

  /**
   * @param labels rows of the {@code labels} table
   * @param base the source the review started from ({@code given}, or {@code injected:NAME})
   * @return {@code crop_id, label, source, confidence}, one row per crop that has a label of a ranked source
   */
  public static Dataset<Row> of(Dataset<Row> labels, String base) {
    List<String> order = LabelSources.precedence(base);
    Column rank = functions.array_position(functions.array(order.stream().map(functions::lit).toArray(Column[]::new)),
        col("source"));
    return labels.filter(col("label").isNotNull()).withColumn("precedence", rank)
        .filter(col("precedence").gt(0))
        .withColumn("order", functions.row_number().over(Window.partitionBy("crop_id")
            .orderBy(col("precedence"), col("updated_at").desc())))
        .filter(col("order").equalTo(1))
        .select("crop_id", "label", "source", "confidence");
  }
}
