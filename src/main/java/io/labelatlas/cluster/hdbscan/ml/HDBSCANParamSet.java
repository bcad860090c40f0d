package io.labelatlas.cluster.hdbscan.ml;

import java.io.Serializable;
import java.util.List;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.Params;

/**
 * The Params of {@link HDBSCAN} and {@link HDBSCANModel}, declared once with their validators and defaults and built
 * per owner (a Param belongs to one owner's uid). Java cannot hold these in a shared Scala-style params trait, so
 * {@link HDBSCANParams} reaches them through {@link HDBSCANParams#paramSet()}.
 */
public final class HDBSCANParamSet implements Serializable {
  final Param<String> featuresCol;
  final Param<String> predictionCol;
  final Param<String> probabilityCol;
  final Param<String> outlierScoreCol;
  final IntParam minClusterSize;
  final IntParam minSamples;
  final Param<String> clusterSelectionMethod;
  final DoubleParam clusterSelectionEpsilon;
  final BooleanParam allowSingleCluster;
  final Param<String> mode;
  final IntParam exactMaxPoints;
  final IntParam leafSize;
  final IntParam numTrees;
  final IntParam sampleSize;
  final LongParam seed;
  final IntParam predictionSampleSize;

  HDBSCANParamSet(Params owner) {
    featuresCol = new Param<>(owner, "featuresCol", "features column name (an MLlib vector)");
    predictionCol = new Param<>(owner, "predictionCol", "output column: cluster label (int, -1 for noise)");
    probabilityCol = new Param<>(owner, "probabilityCol",
        "output column: membership strength in [0, 1] of the assigned cluster (0 for noise)");
    outlierScoreCol = new Param<>(owner, "outlierScoreCol", "output column: GLOSH outlier score in [0, 1]");
    minClusterSize = new IntParam(owner, "minClusterSize",
        "smallest group of points that counts as a cluster (>= 2)", ParamValidators.gtEq(2));
    minSamples = new IntParam(owner, "minSamples",
        "neighbours, the point itself counted, that define a point's core distance (>= 1)", ParamValidators.gtEq(1));
    clusterSelectionMethod = new Param<>(owner, "clusterSelectionMethod",
        "how flat clusters are read off the condensed tree: eom (excess of mass) or leaf",
        ParamValidators.inArray(List.of("eom", "leaf")));
    clusterSelectionEpsilon = new DoubleParam(owner, "clusterSelectionEpsilon",
        "clusters born below this distance merge into their parent (Malzer and Baum 2020); finite, >= 0",
        ParamValidators.inRange(0.0, Double.MAX_VALUE, true, true));
    allowSingleCluster = new BooleanParam(owner, "allowSingleCluster",
        "whether the whole data set may come out as one cluster");
    mode = new Param<>(owner, "mode", "exact (all points on the driver), partitioned (Spark) or auto (exact up to "
        + "exactMaxPoints rows, else partitioned)", ParamValidators.inArray(List.of("auto", "exact", "partitioned")));
    exactMaxPoints = new IntParam(owner, "exactMaxPoints",
        "largest row count mode auto fits exactly on the driver (>= 1)", ParamValidators.gtEq(1));
    leafSize = new IntParam(owner, "leafSize",
        "partitioned mode: points per random-projection leaf (>= 2)", ParamValidators.gtEq(2));
    numTrees = new IntParam(owner, "numTrees",
        "partitioned mode: independent random-projection trees (>= 1)", ParamValidators.gtEq(1));
    sampleSize = new IntParam(owner, "sampleSize",
        "partitioned mode: driver sample the projection trees are fit on (>= 2)", ParamValidators.gtEq(2));
    seed = new LongParam(owner, "seed", "random seed of the partitions and of the prediction reference sample");
    predictionSampleSize = new IntParam(owner, "predictionSampleSize",
        "most training points the model keeps for approximate prediction of new points (>= 1)",
        ParamValidators.gtEq(1));

    owner.setDefault(featuresCol, "features");
    owner.setDefault(predictionCol, "cluster");
    owner.setDefault(probabilityCol, "probability");
    owner.setDefault(outlierScoreCol, "outlier_score");
    owner.setDefault(minClusterSize, 15);
    owner.setDefault(minSamples, 5);
    owner.setDefault(clusterSelectionMethod, "eom");
    owner.setDefault(clusterSelectionEpsilon, 0.0);
    owner.setDefault(allowSingleCluster, false);
    owner.setDefault(mode, "auto");
    owner.setDefault(exactMaxPoints, 20000);
    owner.setDefault(leafSize, 2000);
    owner.setDefault(numTrees, 8);
    owner.setDefault(sampleSize, 50000);
    // As MLlib's HasSeed: fixed per class name, so unseeded runs repeat.
    owner.setDefault(seed, (long) HDBSCAN.class.getName().hashCode());
    owner.setDefault(predictionSampleSize, 5000);
  }
}
