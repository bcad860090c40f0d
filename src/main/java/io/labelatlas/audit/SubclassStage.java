package io.labelatlas.audit;

import static org.apache.spark.sql.functions.col;

import io.labelatlas.store.Table;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.stat.Summarizer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The Spark side of {@link HiddenSubclasses}: aggregates crops per (class, cluster) into count, centroid and spread
 * with MLlib's {@link Summarizer}, so only one row per non-empty (class, cluster) cell and one count per cluster reach
 * the driver, then finds the split classes there.
 */
public final class SubclassStage {
  /** The {@code subclasses} table's columns without {@code run_id} and {@code algorithm}, which the caller adds. */
  public static final StructType SCHEMA = new StructType(Arrays.stream(Table.SUBCLASSES.schema().fields())
      .filter(f -> !f.name().equals("run_id") && !f.name().equals("algorithm"))
      .toArray(StructField[]::new));

  private final HiddenSubclasses finder;

  public SubclassStage(HiddenSubclasses finder) {
    this.finder = finder;
  }

  /**
   * Rows of {@link #SCHEMA}, one per part of every split class. {@code assigned}: (crop_id, cluster int, -1 noise);
   * {@code labels}: (crop_id, label), one label per crop; {@code features}: (crop_id, features ml Vector), the space
   * the clustering ran in. Cluster sizes count every assigned crop; the class cells only crops with a label and
   * features.
   */
  public Dataset<Row> run(Dataset<Row> assigned, Dataset<Row> labels, Dataset<Row> features) {
    List<Row> rows = new ArrayList<>();
    for (HiddenSubclasses.Part part : finder.find(cells(assigned, labels, features), clusterSizes(assigned))) {
      rows.add(RowFactory.create(part.label(), part.cluster(), part.parts(), part.classSize(), part.members(),
          part.shareOfClass(), part.clusterSize(), part.clusterPurity(), part.separation(), part.detail()));
    }
    return assigned.sparkSession().createDataFrame(rows, SCHEMA);
  }

  /** Count, centroid and mean squared distance to the centroid of each non-empty (class, cluster) cell. */
  static List<HiddenSubclasses.Cell> cells(Dataset<Row> assigned, Dataset<Row> labels, Dataset<Row> features) {
    require(assigned, "assigned", "crop_id", "cluster");
    require(labels, "labels", "crop_id", "label");
    require(features, "features", "crop_id", "features");
    Dataset<Row> joined = assigned.select("crop_id", "cluster")
        .join(labels.select("crop_id", "label").filter(col("label").isNotNull()), "crop_id")
        .join(features.select("crop_id", "features"), "crop_id");
    // Summarizer's variance is merged per partition with the parallel update of Chan et al., so the spread does not
    // suffer the cancellation of sum(|x|^2) / n - |mean|^2 far from the origin.
    Dataset<Row> cells = joined.groupBy("label", "cluster")
        .agg(Summarizer.metrics("count", "mean", "variance").summary(col("features")).as("s"))
        .select(col("label"), col("cluster"), col("s.count"), col("s.mean"), col("s.variance"));
    List<HiddenSubclasses.Cell> out = new ArrayList<>();
    for (Row row : cells.collectAsList()) {
      long n = row.getLong(2);
      double[] variance = ((Vector) row.get(4)).toArray();
      double sum = 0;
      for (double v : variance) sum += v;
      // Summarizer's variance is the unbiased one (n - 1); the mean squared distance divides by n.
      double meanSquaredDistance = n > 1 ? sum * (n - 1) / n : 0;
      out.add(new HiddenSubclasses.Cell(row.getString(0), row.getInt(1), n, ((Vector) row.get(3)).toArray(),
          meanSquaredDistance));
    }
    return out;
  }

  static Map<Integer, Long> clusterSizes(Dataset<Row> assigned) {
    Map<Integer, Long> sizes = new HashMap<>();
    for (Row row : assigned.groupBy("cluster").count().collectAsList()) sizes.put(row.getInt(0), row.getLong(1));
    return sizes;
  }

  private static void require(Dataset<Row> data, String name, String... columns) {
    List<String> present = Arrays.asList(data.columns());
    for (String column : columns) {
      if (!present.contains(column)) {
        throw new IllegalArgumentException("subclasses: the " + name + " data lacks column '" + column + "' (has "
            + present + ")");
      }
    }
  }
}
