package io.labelatlas.cluster.hdbscan.ml;

import io.labelatlas.cluster.hdbscan.SelectionMethod;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Params shared by {@link HDBSCAN} and {@link HDBSCANModel}, with MLlib-style accessors and getters. */
public interface HDBSCANParams extends Params {

  /** The owner's Param instances; not itself a Param, so {@code Params.params()} does not list it. */
  HDBSCANParamSet paramSet();

  default Param<String> featuresCol() {
    return paramSet().featuresCol;
  }

  default Param<String> predictionCol() {
    return paramSet().predictionCol;
  }

  default Param<String> probabilityCol() {
    return paramSet().probabilityCol;
  }

  default Param<String> outlierScoreCol() {
    return paramSet().outlierScoreCol;
  }

  default IntParam minClusterSize() {
    return paramSet().minClusterSize;
  }

  default IntParam minSamples() {
    return paramSet().minSamples;
  }

  default Param<String> clusterSelectionMethod() {
    return paramSet().clusterSelectionMethod;
  }

  default DoubleParam clusterSelectionEpsilon() {
    return paramSet().clusterSelectionEpsilon;
  }

  default BooleanParam allowSingleCluster() {
    return paramSet().allowSingleCluster;
  }

  default Param<String> mode() {
    return paramSet().mode;
  }

  default IntParam exactMaxPoints() {
    return paramSet().exactMaxPoints;
  }

  default IntParam leafSize() {
    return paramSet().leafSize;
  }

  default IntParam numTrees() {
    return paramSet().numTrees;
  }

  default IntParam sampleSize() {
    return paramSet().sampleSize;
  }

  default LongParam seed() {
    return paramSet().seed;
  }

  default IntParam predictionSampleSize() {
    return paramSet().predictionSampleSize;
  }

  default String getFeaturesCol() {
    return $(featuresCol());
  }

  default String getPredictionCol() {
    return $(predictionCol());
  }

  default String getProbabilityCol() {
    return $(probabilityCol());
  }

  default String getOutlierScoreCol() {
    return $(outlierScoreCol());
  }

  default int getMinClusterSize() {
    return (int) $(minClusterSize());
  }

  default int getMinSamples() {
    return (int) $(minSamples());
  }

  default String getClusterSelectionMethod() {
    return $(clusterSelectionMethod());
  }

  default double getClusterSelectionEpsilon() {
    return (double) $(clusterSelectionEpsilon());
  }

  default boolean getAllowSingleCluster() {
    return (boolean) $(allowSingleCluster());
  }

  default String getMode() {
    return $(mode());
  }

  default int getExactMaxPoints() {
    return (int) $(exactMaxPoints());
  }

  default int getLeafSize() {
    return (int) $(leafSize());
  }

  default int getNumTrees() {
    return (int) $(numTrees());
  }

  default int getSampleSize() {
    return (int) $(sampleSize());
  }

  default long getSeed() {
    return (long) $(seed());
  }

  default int getPredictionSampleSize() {
    return (int) $(predictionSampleSize());
  }

  default SelectionMethod selectionMethod() {
    return getClusterSelectionMethod().equals("leaf") ? SelectionMethod.LEAF : SelectionMethod.EOM;
  }

  /**
   * The input schema plus the three output columns, after checking that the features column is an MLlib vector
   * and that no output column exists yet.
   */
  default StructType validateAndTransformSchema(StructType schema) {
    String features = getFeaturesCol();
    List<String> columns = Arrays.asList(schema.fieldNames());
    if (!columns.contains(features)) {
      throw new IllegalArgumentException("HDBSCAN: featuresCol '" + features + "' is not a column of the input "
          + columns);
    }
    DataType type = schema.apply(features).dataType();
    if (!type.equals(SQLDataTypes.VectorType())) {
      throw new IllegalArgumentException("HDBSCAN: featuresCol '" + features
          + "' must be an MLlib vector (org.apache.spark.ml.linalg.Vector), but it is " + type.catalogString());
    }
    Set<String> outputs = new LinkedHashSet<>();
    for (Param<String> output : List.of(predictionCol(), probabilityCol(), outlierScoreCol())) {
      String name = $(output);
      if (columns.contains(name)) {
        throw new IllegalArgumentException("HDBSCAN: " + output.name() + " '" + name
            + "' already exists in the input; set " + output.name() + " to a new column name");
      }
      if (!outputs.add(name)) {
        throw new IllegalArgumentException("HDBSCAN: " + output.name() + " '" + name
            + "' is also the name of another output column");
      }
    }
    return schema
        .add(getPredictionCol(), DataTypes.IntegerType, false)
        .add(getProbabilityCol(), DataTypes.DoubleType, false)
        .add(getOutlierScoreCol(), DataTypes.DoubleType, false);
  }
}
