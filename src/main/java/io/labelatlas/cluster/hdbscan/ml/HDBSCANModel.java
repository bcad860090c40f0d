package io.labelatlas.cluster.hdbscan.ml;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWriter;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A fitted {@link HDBSCAN}: labels any dataset with the training clusters ({@code predictionCol}, -1 for noise), a
 * membership probability and a GLOSH-style outlier score, by approximate prediction against a bounded reference set
 * of training points ({@link PredictionData}, {@link ApproximatePredictor}). The training rows' own labels, from the
 * fit itself, are in {@link #trainingAssignments()}.
 *
 * <p>Saved as Spark's params metadata plus two Parquet tables: {@code data} (one row per reference point, vectors as
 * arrays) and {@code clusters} (one row per cluster).
 */
public final class HDBSCANModel extends Model<HDBSCANModel> implements HDBSCANParams, MLWritable {
  private final String uid;
  private final HDBSCANParamSet paramSet;
  private final PredictionData predictionData;
  private final transient Dataset<Row> trainingAssignments;

  HDBSCANModel(String uid, PredictionData predictionData, Dataset<Row> trainingAssignments) {
    this.uid = uid;
    this.paramSet = new HDBSCANParamSet(this);
    this.predictionData = predictionData;
    this.trainingAssignments = trainingAssignments;
  }

  @Override
  public String uid() {
    return uid;
  }

  @Override
  public HDBSCANParamSet paramSet() {
    return paramSet;
  }

  // The same typed setters as HDBSCAN's, on purpose: MLlib gives an Estimator and its Model each their own.
  public HDBSCANModel setFeaturesCol(String value) {
    set(featuresCol(), value);
    return this;
  }

  public HDBSCANModel setPredictionCol(String value) {
    set(predictionCol(), value);
    return this;
  }

  public HDBSCANModel setProbabilityCol(String value) {
    set(probabilityCol(), value);
    return this;
  }

  public HDBSCANModel setOutlierScoreCol(String value) {
    set(outlierScoreCol(), value);
    return this;
  }

  public int numClusters() {
    return predictionData.numClusters();
  }

  public PredictionData predictionData() {
    return predictionData;
  }

  /**
   * The training rows as the fit labelled them: the input columns, {@code point_index} (long, the row's number in
   * the fit), the three output columns and {@code core_distance}. Null for a loaded model.
   */
  public Dataset<Row> trainingAssignments() {
    return trainingAssignments;
  }

  @Override
  public StructType transformSchema(StructType schema) {
    return validateAndTransformSchema(schema);
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    StructType outputSchema = transformSchema(dataset.schema(), true);
    Dataset<Row> data = dataset.toDF();
    int featuresIndex = data.schema().fieldIndex(getFeaturesCol());
    Broadcast<ApproximatePredictor> predictor = JavaSparkContext.fromSparkContext(data.sparkSession().sparkContext())
        .broadcast(new ApproximatePredictor(predictionData, getMinSamples()));
    return data.mapPartitions(appendPredictions(predictor, featuresIndex, getFeaturesCol()),
        Encoders.row(outputSchema));
  }

  private static MapPartitionsFunction<Row, Row> appendPredictions(Broadcast<ApproximatePredictor> broadcast,
      int featuresIndex, String featuresCol) {
    return rows -> {
      ApproximatePredictor predictor = broadcast.value();
      return new Iterator<>() {
        @Override
        public boolean hasNext() {
          return rows.hasNext();
        }

        @Override
        public Row next() {
          Row row = rows.next();
          Object vector = row.get(featuresIndex);
          if (vector == null) {
            throw new IllegalArgumentException("HDBSCANModel.transform: featuresCol '" + featuresCol + "' is null");
          }
          ApproximatePredictor.Prediction prediction = predictor.predict(((Vector) vector).toArray());
          Object[] values = new Object[row.size() + 3];
          for (int c = 0; c < row.size(); c++) {
            values[c] = row.get(c);
          }
          values[row.size()] = prediction.cluster();
          values[row.size() + 1] = prediction.probability();
          values[row.size() + 2] = prediction.outlierScore();
          return RowFactory.create(values);
        }
      };
    };
  }

  @Override
  public HDBSCANModel copy(ParamMap extra) {
    HDBSCANModel copied = copyValues(new HDBSCANModel(uid, predictionData, trainingAssignments), extra);
    return hasParent() ? copied.setParent(parent()) : copied;
  }

  @Override
  public MLWriter write() {
    return new Writer(this);
  }

  public static MLReader<HDBSCANModel> read() {
    return new Reader();
  }

  public static HDBSCANModel load(String path) {
    return read().load(path);
  }

  private static final StructType REFERENCE_SCHEMA = new StructType()
      .add("training_index", DataTypes.LongType, false)
      .add("features", DataTypes.createArrayType(DataTypes.DoubleType, false), false)
      .add("label", DataTypes.IntegerType, false)
      .add("core_distance", DataTypes.DoubleType, false)
      .add("exit_lambda", DataTypes.DoubleType, false)
      .add("exit_cluster_max_lambda", DataTypes.DoubleType, false)
      .add("weight", DataTypes.DoubleType, false);

  private static final StructType CLUSTER_SCHEMA = new StructType()
      .add("cluster", DataTypes.IntegerType, false)
      .add("birth_lambda", DataTypes.DoubleType, false)
      .add("max_lambda", DataTypes.DoubleType, false);

  private static final class Writer extends MLWriter {
    private final HDBSCANModel instance;

    Writer(HDBSCANModel instance) {
      this.instance = instance;
    }

    @Override
    public void saveImpl(String path) {
      DefaultParamsWriter.saveMetadata(instance, path, sparkSession());
      PredictionData data = instance.predictionData;
      List<Row> references = new ArrayList<>(data.size());
      for (int i = 0; i < data.size(); i++) {
        references.add(RowFactory.create(data.trainingIndices()[i], boxed(data.points()[i]), data.labels()[i],
            data.coreDistances()[i], data.exitLambdas()[i], data.exitClusterMaxLambdas()[i], data.weights()[i]));
      }
      List<Row> clusters = new ArrayList<>(data.numClusters());
      for (int c = 0; c < data.numClusters(); c++) {
        clusters.add(RowFactory.create(c, data.clusterBirthLambdas()[c], data.clusterMaxLambdas()[c]));
      }
      SparkSession spark = sparkSession();
      spark.createDataFrame(references, REFERENCE_SCHEMA).repartition(1).write().parquet(path + "/data");
      spark.createDataFrame(clusters, CLUSTER_SCHEMA).repartition(1).write().parquet(path + "/clusters");
    }

    private static Double[] boxed(double[] values) {
      Double[] out = new Double[values.length];
      for (int i = 0; i < values.length; i++) {
        out[i] = values[i];
      }
      return out;
    }
  }

  private static final class Reader extends MLReader<HDBSCANModel> {
    @Override
    public HDBSCANModel load(String path) {
      DefaultParamsReader.Metadata metadata =
          DefaultParamsReader.loadMetadata(path, sparkSession(), HDBSCANModel.class.getName());
      SparkSession spark = sparkSession();
      List<Row> references = new ArrayList<>(
          spark.read().parquet(path + "/data").selectExpr(REFERENCE_SCHEMA.fieldNames()).collectAsList());
      references.sort(Comparator.comparingLong(r -> r.getLong(0)));
      int m = references.size();
      long[] indices = new long[m];
      double[][] points = new double[m][];
      int[] labels = new int[m];
      double[] core = new double[m];
      double[] exit = new double[m];
      double[] exitMax = new double[m];
      double[] weights = new double[m];
      for (int i = 0; i < m; i++) {
        Row row = references.get(i);
        indices[i] = row.getLong(0);
        List<Double> vector = row.getList(1);
        points[i] = vector.stream().mapToDouble(Double::doubleValue).toArray();
        labels[i] = row.getInt(2);
        core[i] = row.getDouble(3);
        exit[i] = row.getDouble(4);
        exitMax[i] = row.getDouble(5);
        weights[i] = row.getDouble(6);
      }
      List<Row> clusters = spark.read().parquet(path + "/clusters")
          .select("cluster", "birth_lambda", "max_lambda").collectAsList();
      double[] birth = new double[clusters.size()];
      double[] max = new double[clusters.size()];
      for (Row row : clusters) {
        int c = row.getInt(0);
        if (c < 0 || c >= clusters.size()) {
          throw new IllegalArgumentException("HDBSCANModel at " + path + ": clusters table has cluster " + c
              + " among " + clusters.size() + " rows");
        }
        birth[c] = row.getDouble(1);
        max[c] = row.getDouble(2);
      }
      PredictionData data = new PredictionData(points, indices, labels, core, exit, exitMax, weights, birth, max);
      HDBSCANModel model = new HDBSCANModel(metadata.uid(), data, null);
      metadata.getAndSetParams(model, metadata.getAndSetParams$default$2());
      return model;
    }
  }
}
