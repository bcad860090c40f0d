package io.labelatlas.reduce;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/** {@link RowPasses} over a cached RDD of rows: each pass is one tree aggregation of {@link PartialSums}. */
public final class SparkRowPasses implements RowPasses {
  private final JavaRDD<float[]> rows;
  private final int dimension;

  public SparkRowPasses(JavaRDD<float[]> rows, int dimension) {
    this.rows = rows;
    this.dimension = dimension;
  }

  @Override
  public ColumnMoments moments() {
    return rows.treeAggregate(new PartialSums(), PartialSums::addMoments, PartialSums::merge, 2).moments();
  }

  @Override
  public GramAndCross gramAndCross(double[] mean, double[][] z) {
    JavaSparkContext context = JavaSparkContext.fromSparkContext(rows.context());
    Broadcast<double[]> meanB = context.broadcast(mean);
    Broadcast<double[][]> zB = context.broadcast(z);
    try {
      return rows.treeAggregate(new PartialSums(),
              (sums, row) -> sums.addGramAndCross(row, meanB.value(), zB.value()), PartialSums::merge, 2)
          .gramAndCross(z.length, dimension);
    } finally {
      meanB.destroy();
      zB.destroy();
    }
  }
}
