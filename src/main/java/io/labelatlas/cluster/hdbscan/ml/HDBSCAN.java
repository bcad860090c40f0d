package io.labelatlas.cluster.hdbscan.ml;

import io.labelatlas.cluster.hdbscan.ClusterSelection;
import io.labelatlas.cluster.hdbscan.CondensedTree;
import io.labelatlas.cluster.hdbscan.Hdbscan;
import io.labelatlas.cluster.hdbscan.HdbscanResult;
import io.labelatlas.cluster.hdbscan.partitioned.PartitionedHdbscan;
import io.labelatlas.cluster.hdbscan.partitioned.PartitionedHdbscanResult;
import io.labelatlas.cluster.hdbscan.partitioned.PartitionedHdbscanSettings;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.FilterFunction;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HDBSCAN* (Campello, Moulavi, Sander 2013; McInnes, Healy, Astels 2017) as an MLlib {@link Estimator}, usable in a
 * {@code Pipeline}. {@code fit} runs the exact algorithm ({@link Hdbscan#fit}) on the driver, or the partitioned one
 * ({@link PartitionedHdbscan}) on Spark, and returns an {@link HDBSCANModel} that labels any dataset approximately
 * (see {@link ApproximatePredictor}) and keeps the training labels as {@link HDBSCANModel#trainingAssignments()}.
 *
 * <p>Exact mode collects the input rows (all columns, in the input's order) to the driver, which must hold them and
 * their n x d doubles; mode {@code auto} uses it up to {@code exactMaxPoints} rows.
 *
 * <p>Size: about 300 lines, most of them MLlib's Params idiom (a typed setter per param, as {@code KMeans} has).
 */
public final class HDBSCAN extends Estimator<HDBSCANModel> implements HDBSCANParams, DefaultParamsWritable {
  private static final Logger LOG = LoggerFactory.getLogger(HDBSCAN.class);
  /** Columns {@link HDBSCANModel#trainingAssignments()} adds besides the three output columns. */
  private static final List<String> TRAINING_COLUMNS = List.of("point_index", "core_distance");

  private final String uid;
  private final HDBSCANParamSet paramSet;

  public HDBSCAN(String uid) {
    this.uid = uid;
    this.paramSet = new HDBSCANParamSet(this);
  }

  public HDBSCAN() {
    this(Identifiable.randomUID("hdbscan"));
  }

  @Override
  public String uid() {
    return uid;
  }

  @Override
  public HDBSCANParamSet paramSet() {
    return paramSet;
  }

  // The same typed setters as HDBSCANModel's, on purpose: MLlib gives an Estimator and its Model each their own.
  public HDBSCAN setFeaturesCol(String value) {
    set(featuresCol(), value);
    return this;
  }

  public HDBSCAN setPredictionCol(String value) {
    set(predictionCol(), value);
    return this;
  }

  public HDBSCAN setProbabilityCol(String value) {
    set(probabilityCol(), value);
    return this;
  }

  public HDBSCAN setOutlierScoreCol(String value) {
    set(outlierScoreCol(), value);
    return this;
  }

  public HDBSCAN setMinClusterSize(int value) {
    set(minClusterSize(), value);
    return this;
  }

  public HDBSCAN setMinSamples(int value) {
    set(minSamples(), value);
    return this;
  }

  /** {@code "eom"} or {@code "leaf"}. */
  public HDBSCAN setClusterSelectionMethod(String value) {
    set(clusterSelectionMethod(), value);
    return this;
  }

  public HDBSCAN setClusterSelectionEpsilon(double value) {
    set(clusterSelectionEpsilon(), value);
    return this;
  }

  public HDBSCAN setAllowSingleCluster(boolean value) {
    set(allowSingleCluster(), value);
    return this;
  }

  /** {@code "auto"}, {@code "exact"} or {@code "partitioned"}. */
  public HDBSCAN setMode(String value) {
    set(mode(), value);
    return this;
  }

  public HDBSCAN setExactMaxPoints(int value) {
    set(exactMaxPoints(), value);
    return this;
  }

  public HDBSCAN setLeafSize(int value) {
    set(leafSize(), value);
    return this;
  }

  public HDBSCAN setNumTrees(int value) {
    set(numTrees(), value);
    return this;
  }

  public HDBSCAN setSampleSize(int value) {
    set(sampleSize(), value);
    return this;
  }

  public HDBSCAN setSeed(long value) {
    set(seed(), value);
    return this;
  }

  public HDBSCAN setPredictionSampleSize(int value) {
    set(predictionSampleSize(), value);
    return this;
  }

  @Override
  public StructType transformSchema(StructType schema) {
    return validateAndTransformSchema(schema);
  }

  @Override
  public HDBSCANModel fit(Dataset<?> dataset) {
    transformSchema(dataset.schema(), true);
    for (String name : TRAINING_COLUMNS) {
      if (Arrays.asList(dataset.columns()).contains(name)) {
        throw new IllegalArgumentException("HDBSCAN.fit: the input already has a column '" + name
            + "', which the training assignments add; drop or rename it first");
      }
    }
    Dataset<Row> data = dataset.toDF();
    boolean exact = switch (getMode()) {
      case "exact" -> true;
      case "partitioned" -> false;
      default -> data.count() <= getExactMaxPoints();
    };
    Fitted fitted = exact ? fitExact(data) : fitPartitioned(data);
    HDBSCANModel model = copyValues(new HDBSCANModel(uid, fitted.predictionData(), fitted.assignments()),
        ParamMap.empty());
    return model.setParent(this);
  }

  private record Fitted(PredictionData predictionData, Dataset<Row> assignments) {}

  private Fitted fitExact(Dataset<Row> data) {
    List<Row> rows = data.collectAsList();
    if (rows.isEmpty()) {
      throw new IllegalArgumentException("HDBSCAN.fit: the input has no rows");
    }
    int featuresIndex = data.schema().fieldIndex(getFeaturesCol());
    double[][] points = new double[rows.size()][];
    for (int i = 0; i < points.length; i++) {
      Object vector = rows.get(i).get(featuresIndex);
      if (vector == null) {
        throw new IllegalArgumentException("HDBSCAN.fit: featuresCol '" + getFeaturesCol() + "' is null in row " + i);
      }
      points[i] = ((Vector) vector).toArray();
    }
    HdbscanResult result = Hdbscan.fit(points, getMinClusterSize(), getMinSamples(), selectionMethod(),
        getClusterSelectionEpsilon(), getAllowSingleCluster());
    int[] selected = selectedClusters(result.condensedTree(), result.labels());
    PredictionData predictionData =
        PredictionData.fromFit(points, result, selected, getPredictionSampleSize(), getSeed());

    List<Row> out = new ArrayList<>(rows.size());
    for (int i = 0; i < rows.size(); i++) {
      Row row = rows.get(i);
      Object[] values = new Object[row.size() + 5];
      for (int c = 0; c < row.size(); c++) {
        values[c] = row.get(c);
      }
      values[row.size()] = (long) i;
      values[row.size() + 1] = result.labels()[i];
      values[row.size() + 2] = result.probabilities()[i];
      values[row.size() + 3] = result.outlierScores()[i];
      values[row.size() + 4] = result.coreDistances()[i];
      out.add(RowFactory.create(values));
    }
    StructType schema = data.schema()
        .add("point_index", DataTypes.LongType, false)
        .add(getPredictionCol(), DataTypes.IntegerType, false)
        .add(getProbabilityCol(), DataTypes.DoubleType, false)
        .add(getOutlierScoreCol(), DataTypes.DoubleType, false)
        .add("core_distance", DataTypes.DoubleType, false);
    return new Fitted(predictionData, data.sparkSession().createDataFrame(out, schema));
  }

  private Fitted fitPartitioned(Dataset<Row> data) {
    PartitionedHdbscanSettings settings = new PartitionedHdbscanSettings(getMinClusterSize(), getMinSamples(),
        selectionMethod(), getClusterSelectionEpsilon(), getAllowSingleCluster(), getLeafSize(), getNumTrees(),
        getSampleSize(), getSeed());
    PartitionedHdbscanResult result = PartitionedHdbscan.fit(data, getFeaturesCol(), settings,
        line -> LOG.info("HDBSCAN partitioned fit: {}", line));
    CondensedTree tree = result.condensedTree();
    ClusterSelection selection = ClusterSelection.select(tree, selectionMethod(), getClusterSelectionEpsilon(),
        getAllowSingleCluster());
    int numClusters = selection.selectedClusters().length;
    TreeLambdas lambdas = TreeLambdas.of(tree, selection.selectedClusters());
    Dataset<Row> assignments = result.assignments();

    long[] counts = new long[numClusters + 1];
    for (Row row : assignments.groupBy("cluster").count().collectAsList()) {
      int label = row.getInt(0);
      if (label < -1 || label >= numClusters) {
        throw new IllegalStateException("partitioned HDBSCAN returned cluster " + label + " but its condensed tree "
            + "selects " + numClusters + " clusters");
      }
      counts[label + 1] = row.getLong(1);
    }
    long[] quotas = ReferenceSample.quotas(counts, getPredictionSampleSize(), ReferenceSample.MIN_PER_LABEL);
    double[] fractions = new double[counts.length];
    for (int slot = 0; slot < counts.length; slot++) {
      fractions[slot] = ReferenceSample.prefilterFraction(counts[slot], quotas[slot]);
    }
    long seed = getSeed();
    String featuresCol = getFeaturesCol();
    List<Row> candidates = assignments
        .select(functions.col("point_index"), functions.col("cluster"), functions.col(quoted(featuresCol)),
            functions.col("core_distance"))
        .filter((FilterFunction<Row>) row ->
            ReferenceSample.priority(seed, row.getLong(0)) < fractions[row.getInt(1) + 1])
        .collectAsList();
    long[] indices = new long[candidates.size()];
    int[] labels = new int[candidates.size()];
    double[][] points = new double[candidates.size()][];
    double[] core = new double[candidates.size()];
    for (int i = 0; i < candidates.size(); i++) {
      Row row = candidates.get(i);
      indices[i] = row.getLong(0);
      labels[i] = row.getInt(1);
      points[i] = ((Vector) row.get(2)).toArray();
      core[i] = row.getDouble(3);
      if (selection.labels()[(int) indices[i]] != labels[i]) {
        throw new IllegalStateException("partitioned HDBSCAN labelled point " + indices[i] + " " + labels[i]
            + " but its condensed tree gives " + selection.labels()[(int) indices[i]]);
      }
    }
    PredictionData predictionData = PredictionData.sampled(indices, labels, points, core, counts, lambdas,
        getPredictionSampleSize(), seed);
    Map<String, String> outputNames = Map.of("cluster", getPredictionCol(), "probability", getProbabilityCol(),
        "outlier_score", getOutlierScoreCol());
    Column[] renamed = Arrays.stream(assignments.columns())
        .map(name -> functions.col(quoted(name)).as(outputNames.getOrDefault(name, name)))
        .toArray(Column[]::new);
    return new Fitted(predictionData, assignments.select(renamed));
  }

  /** Condensed-tree id of each label, checked against the labels the fit returned. */
  private int[] selectedClusters(CondensedTree tree, int[] labels) {
    ClusterSelection selection = ClusterSelection.select(tree, selectionMethod(), getClusterSelectionEpsilon(),
        getAllowSingleCluster());
    if (!Arrays.equals(selection.labels(), labels)) {
      throw new IllegalStateException("HDBSCAN: re-selecting clusters on the fitted condensed tree gave other labels");
    }
    return selection.selectedClusters();
  }

  private static String quoted(String column) {
    return "`" + column.replace("`", "``") + "`";
  }

  @Override
  public HDBSCAN copy(ParamMap extra) {
    return defaultCopy(extra);
  }

  public static MLReader<HDBSCAN> read() {
    return new DefaultParamsReader<>();
  }

  public static HDBSCAN load(String path) {
    return read().load(path);
  }
}
