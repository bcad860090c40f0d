package io.labelatlas.review;

import io.labelatlas.runtime.Checkpoints;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.Tuple2;
import scala.Tuple3;

/**
 * {@link LabelSpreading} on Spark over the neighbour lists of a run: the graph's edges stay on the executors,
 * partitioned by the node whose scores they carry, and each pass is one join and one sum by node. Only the class
 * names and one number per pass (the largest change) reach the driver. Every {@link #CHECKPOINT_EVERY} passes the
 * scores are checkpointed ({@link Checkpoints}), so a lost executor costs at most that many passes of recomputation.
 */
public final class PropagationStage {
  static final int CHECKPOINT_EVERY = 10;
  private static final StructType SCORES = new StructType()
      .add("crop_id", DataTypes.StringType, false)
      .add("scores", DataTypes.createArrayType(DataTypes.DoubleType, false), false);
  private static final StructType SPREAD = new StructType()
      .add("crop_id", DataTypes.StringType, false)
      .add("label", DataTypes.StringType, false)
      .add("confidence", DataTypes.DoubleType, false);

  /**
   * @param labels {@code crop_id, label, confidence} of every crop a seed reached (confidence: the label's share)
   * @param passes passes run; {@code change} the largest relative change of the last one
   */
  public record Spread(Dataset<Row> labels, List<String> classes, int passes, double change) {}

  private PropagationStage() {}

  /**
   * @param neighbours {@code crop_id, neighbour_ids, neighbour_distances}
   * @param seeds {@code crop_id, label, weight}: one row per seeded crop, weight in (0, 1]
   */
  public static Spread run(Dataset<Row> neighbours, Dataset<Row> seeds, LabelSpreading spreading,
      Consumer<String> progress) {
    List<String> classes = new ArrayList<>();
    for (Row row : seeds.select("label").distinct().orderBy("label").collectAsList()) classes.add(row.getString(0));
    if (classes.isEmpty()) throw new DecisionException("nothing to spread: no crop has a seed label");
    int k = classes.size();
    HashPartitioner partitioner = new HashPartitioner(Math.max(1, neighbours.javaRDD().getNumPartitions()));
    JavaPairRDD<String, Tuple2<String, Double>> edges = normalisedEdges(neighbours, partitioner).persist(
        org.apache.spark.storage.StorageLevel.MEMORY_AND_DISK());
    List<String> names = List.copyOf(classes);
    JavaPairRDD<String, double[]> seedRows = seeds.javaRDD().mapToPair(row -> {
      double[] y = new double[k];
      y[names.indexOf(row.<String>getAs("label"))] = row.<Double>getAs("weight");
      return new Tuple2<>(row.<String>getAs("crop_id"), y);
    }).reduceByKey(partitioner, PropagationStage::add).persist(org.apache.spark.storage.StorageLevel.MEMORY_AND_DISK());
    SparkSession spark = neighbours.sparkSession();
    JavaPairRDD<String, double[]> scores = seedRows;
    int pass = 0;
    double change = Double.POSITIVE_INFINITY;
    try {
      while (pass < spreading.maxIterations() && change > spreading.tolerance()) {
        JavaPairRDD<String, double[]> previous = scores;
        JavaPairRDD<String, double[]> spread = edges.join(previous)
            .mapToPair(e -> new Tuple2<>(e._2()._1()._1(), scale(e._2()._2(), e._2()._1()._2())))
            .reduceByKey(partitioner, PropagationStage::add);
        JavaPairRDD<String, double[]> next = spread.fullOuterJoin(seedRows)
            .mapValues(v -> spreading.next(v._1().orNull(), v._2().orNull(), k));
        pass++;
        next = pass % CHECKPOINT_EVERY == 0 ? checkpoint(spark, next, partitioner)
            : next.persist(org.apache.spark.storage.StorageLevel.MEMORY_AND_DISK());
        change = next.leftOuterJoin(previous)
            .map(e -> LabelSpreading.relativeChange(e._2()._2().orNull(), e._2()._1()))
            .fold(0.0, Math::max);
        if (previous != seedRows) previous.unpersist();
        scores = next;
        if (pass % CHECKPOINT_EVERY == 0) {
          progress.accept(String.format(Locale.ROOT, "pass %d: largest change %.2g", pass, change));
        }
      }
      if (change > spreading.tolerance()) {
        progress.accept(String.format(Locale.ROOT, "stopped after %d passes (the most allowed) with a largest change "
            + "of %.2g, above the tolerance %.2g: confidences are not settled; raise the passes", pass, change,
            spreading.tolerance()));
      }
      JavaRDD<Row> predicted = scores.flatMap(e -> {
        LabelSpreading.Prediction p = LabelSpreading.predict(e._2());
        return p == null ? List.<Row>of().iterator()
            : List.of(RowFactory.create(e._1(), names.get(p.labelIndex()), p.confidence())).iterator();
      });
      Dataset<Row> labels = Checkpoints.materialize(spark.createDataFrame(predicted, SPREAD));
      return new Spread(labels, names, pass, change);
    } finally {
      edges.unpersist();
      seedRows.unpersist();
      if (scores != seedRows) scores.unpersist();
    }
  }

  /** Edges {@code (j, (i, S_ij))}: keyed by the node whose scores flow along them, symmetric, normalised. */
  private static JavaPairRDD<String, Tuple2<String, Double>> normalisedEdges(Dataset<Row> neighbours,
      HashPartitioner partitioner) {
    JavaPairRDD<String, Tuple2<List<String>, double[]>> lists = neighbours.javaRDD().mapToPair(row -> {
      List<String> ids = row.getList(row.fieldIndex("neighbour_ids"));
      List<Double> d = row.getList(row.fieldIndex("neighbour_distances"));
      return new Tuple2<>(row.<String>getAs("crop_id"),
          new Tuple2<>(List.copyOf(ids), d.stream().mapToDouble(Double::doubleValue).toArray()));
    });
    JavaPairRDD<String, Double> scales = lists.mapValues(v -> LabelSpreading.scale(v._2()));
    JavaPairRDD<String, Tuple2<String, Double>> byNeighbour = lists.flatMapToPair(e -> {
      List<Tuple2<String, Tuple2<String, Double>>> out = new ArrayList<>();
      for (int n = 0; n < e._2()._1().size(); n++) {
        String j = e._2()._1().get(n);
        if (!j.equals(e._1())) out.add(new Tuple2<>(j, new Tuple2<>(e._1(), e._2()._2()[n])));
      }
      return out.iterator();
    });
    JavaPairRDD<String, Double> pairWeights = byNeighbour.join(scales)
        .mapToPair(e -> new Tuple2<>(e._2()._1()._1(), new Tuple3<>(e._1(), e._2()._1()._2(), e._2()._2())))
        .join(scales)
        .mapToPair(e -> {
          String i = e._1();
          String j = e._2()._1()._1();
          double w = LabelSpreading.affinity(e._2()._1()._2(), e._2()._2(), e._2()._1()._3());
          return new Tuple2<>(i.compareTo(j) < 0 ? i + "\u0000" + j : j + "\u0000" + i, w);
        })
        .reduceByKey(Math::max);
    JavaPairRDD<String, Tuple2<String, Double>> symmetric = pairWeights.flatMapToPair(e -> {
      String[] pair = e._1().split("\u0000");
      return List.of(new Tuple2<>(pair[0], new Tuple2<>(pair[1], e._2())),
          new Tuple2<>(pair[1], new Tuple2<>(pair[0], e._2()))).iterator();
    }).filter(e -> e._2()._2() > 0);
    JavaPairRDD<String, Double> degrees = symmetric.mapValues(Tuple2::_2).reduceByKey(Double::sum);
    // (i, (j, w)) joined with D_i, re-keyed by j and joined with D_j gives S_ij keyed by j, the node it reads from.
    return symmetric.join(degrees)
        .mapToPair(e -> new Tuple2<>(e._2()._1()._1(), new Tuple3<>(e._1(), e._2()._1()._2(), e._2()._2())))
        .join(degrees)
        .mapToPair(e -> new Tuple2<>(e._1(), new Tuple2<>(e._2()._1()._1(),
            LabelSpreading.normalised(e._2()._1()._2(), e._2()._1()._3(), e._2()._2()))))
        .partitionBy(partitioner);
  }

  /**
   * The scores written once and read back (cutting the lineage of the passes before), partitioned and cached; the
   * materialized copy is released once the cached one is filled, which recomputes from the written files if lost.
   */
  private static JavaPairRDD<String, double[]> checkpoint(SparkSession spark, JavaPairRDD<String, double[]> scores,
      HashPartitioner partitioner) {
    JavaRDD<Row> rows = scores.map(e -> RowFactory.create(e._1(), toList(e._2())));
    Dataset<Row> written = Checkpoints.materialize(spark.createDataFrame(rows, SCORES));
    JavaPairRDD<String, double[]> cached = written.javaRDD()
        .mapToPair(row -> new Tuple2<>(row.getString(0),
            row.<Double>getList(1).stream().mapToDouble(Double::doubleValue).toArray()))
        .partitionBy(partitioner).persist(org.apache.spark.storage.StorageLevel.MEMORY_AND_DISK());
    cached.count();
    written.unpersist();
    return cached;
  }

  private static scala.collection.Seq<Double> toList(double[] values) {
    List<Double> list = new ArrayList<>(values.length);
    for (double v : values) list.add(v);
    return scala.jdk.javaapi.CollectionConverters.asScala(list);
  }

  private static double[] scale(double[] scores, double factor) {
    double[] out = new double[scores.length];
    for (int c = 0; c < scores.length; c++) out[c] = scores[c] * factor;
    return out;
  }

  private static double[] add(double[] a, double[] b) {
    double[] out = a.clone();
    for (int c = 0; c < out.length; c++) out[c] += b[c];
    return out;
  }
}
