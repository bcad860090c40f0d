package io.labelatlas.cluster.hdbscan.partitioned;

import io.labelatlas.cluster.hdbscan.HdbscanResult;
import java.io.Serializable;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** The per-point outputs of a fit, shipped once to every executor and looked up by point index. */
final class PointLabels implements Serializable {
  private static final long serialVersionUID = 1L;
  final int[] cluster;
  final double[] probability;
  final double[] outlierScore;
  final double[] coreDistance;

  private PointLabels(HdbscanResult result) {
    cluster = result.labels();
    probability = result.probabilities();
    outlierScore = result.outlierScores();
    coreDistance = result.coreDistances();
  }

  /**
   * The indexed rows plus {@code cluster}, {@code probability}, {@code outlier_score} and {@code core_distance}, read
   * from {@code result} at each row's point index (column {@code pointCol}). Spark releases the broadcast labels once
   * the returned assignments are no longer referenced.
   */
  static Dataset<Row> appendTo(Dataset<Row> indexed, int pointCol, HdbscanResult result) {
    JavaSparkContext context = JavaSparkContext.fromSparkContext(indexed.sparkSession().sparkContext());
    Broadcast<PointLabels> labels = context.broadcast(new PointLabels(result));
    int width = indexed.schema().size();
    JavaRDD<Row> rows = indexed.javaRDD().map(row -> {
      PointLabels shared = labels.value();
      int point = (int) row.getLong(pointCol);
      Object[] values = new Object[width + 4];
      for (int i = 0; i < width; i++) {
        values[i] = row.get(i);
      }
      values[width] = shared.cluster[point];
      values[width + 1] = shared.probability[point];
      values[width + 2] = shared.outlierScore[point];
      values[width + 3] = shared.coreDistance[point];
      return RowFactory.create(values);
    });
    StructType schema = indexed.schema()
        .add("cluster", DataTypes.IntegerType, false)
        .add("probability", DataTypes.DoubleType, false)
        .add("outlier_score", DataTypes.DoubleType, false)
        .add("core_distance", DataTypes.DoubleType, false);
    return indexed.sparkSession().createDataFrame(rows, schema);
  }
}
