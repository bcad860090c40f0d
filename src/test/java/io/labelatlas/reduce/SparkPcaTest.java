package io.labelatlas.reduce;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.labelatlas.testing.SharedSpark;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.feature.PCA;
import org.apache.spark.ml.feature.PCAModel;
import org.apache.spark.ml.linalg.DenseMatrix;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** Our distributed randomized PCA against MLlib's covariance-based PCA on data narrow enough for MLlib. */
class SparkPcaTest {

  @Test
  void agreesWithMllibPcaOnNarrowData() {
    SparkSession spark = SharedSpark.session();
    float[][] data = RandomizedPcaTest.planted(600, 24, 21);
    JavaRDD<float[]> rows = JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(Arrays.asList(data), 4);
    RandomizedPca.Model ours = RandomizedPca.fit(new SparkRowPasses(rows, 24), 24, 5, 10, 2, 13);

    List<Row> vectors = new ArrayList<>();
    for (float[] row : data) {
      double[] d = new double[row.length];
      for (int j = 0; j < d.length; j++) d[j] = row[j];
      vectors.add(RowFactory.create(Vectors.dense(d)));
    }
    Dataset<Row> frame = spark.createDataFrame(vectors, new StructType().add("features", new VectorUDT()));
    PCAModel mllib = new PCA().setInputCol("features").setOutputCol("pca").setK(5).fit(frame);

    double[] mllibRatio = mllib.explainedVariance().toArray();
    double[] ourRatio = ours.explainedVarianceRatio();
    DenseMatrix pc = mllib.pc();
    for (int i = 0; i < 5; i++) {
      assertEquals(mllibRatio[i], ourRatio[i], 1e-6, "explained variance ratio of component " + i);
      double dot = 0;
      for (int j = 0; j < 24; j++) dot += pc.apply(j, i) * ours.components()[i][j];
      assertEquals(1.0, Math.abs(dot), 1e-6, "component " + i + " direction");
    }
  }
}
