package io.labelatlas.store;

import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The Delta tables LabelAtlas writes: name, schema and stable key of each. {@code docs/tables.md} describes them for
 * users; keep the two in step.
 */
public enum Table {
  RUNS("runs", List.of("run_id"),
      field("run_id", DataTypes.StringType, false),
      field("job_name", DataTypes.StringType, false),
      field("config_json", DataTypes.StringType, false),
      field("code_version", DataTypes.StringType, false),
      field("input_fingerprint", DataTypes.StringType, false),
      field("started_at", DataTypes.TimestampType, false),
      field("ended_at", DataTypes.TimestampType, true),
      field("status", DataTypes.StringType, false),
      field("attempts", DataTypes.IntegerType, false),
      field("counts", DataTypes.createMapType(DataTypes.StringType, DataTypes.LongType), true),
      field("stage_seconds", DataTypes.createMapType(DataTypes.StringType, DataTypes.DoubleType), true),
      field("message", DataTypes.StringType, true)),

  CROPS("crops", List.of("crop_id"),
      field("crop_id", DataTypes.StringType, false),
      field("source_path", DataTypes.StringType, false),
      field("source_sha256", DataTypes.StringType, false),
      field("variant", DataTypes.StringType, false),
      field("box_x1", DataTypes.IntegerType, true),
      field("box_y1", DataTypes.IntegerType, true),
      field("box_x2", DataTypes.IntegerType, true),
      field("box_y2", DataTypes.IntegerType, true),
      field("crop_x", DataTypes.IntegerType, false),
      field("crop_y", DataTypes.IntegerType, false),
      field("crop_width", DataTypes.IntegerType, false),
      field("crop_height", DataTypes.IntegerType, false),
      field("image_width", DataTypes.IntegerType, false),
      field("image_height", DataTypes.IntegerType, false),
      field("given_label", DataTypes.StringType, true),
      field("label_origin", DataTypes.StringType, true),
      field("first_run_id", DataTypes.StringType, false),
      field("last_run_id", DataTypes.StringType, false)),

  LABELS("labels", List.of("crop_id", "source"),
      field("crop_id", DataTypes.StringType, false),
      field("label", DataTypes.StringType, true),
      field("source", DataTypes.StringType, false),
      field("origin", DataTypes.StringType, true),
      field("run_id", DataTypes.StringType, false),
      field("decided_by", DataTypes.StringType, false),
      field("updated_at", DataTypes.TimestampType, false),
      field("confidence", DataTypes.DoubleType, true)),

  DECISIONS("decisions", List.of("decision_id"),
      field("decision_id", DataTypes.StringType, false),
      field("run_id", DataTypes.StringType, false),
      field("algorithm", DataTypes.StringType, true),
      field("reviewer", DataTypes.StringType, false),
      field("decided_at", DataTypes.TimestampType, false),
      field("action", DataTypes.StringType, false),
      field("clusters", DataTypes.createArrayType(DataTypes.IntegerType), true),
      field("crop_ids", DataTypes.createArrayType(DataTypes.StringType), true),
      field("label_before", DataTypes.StringType, true),
      field("label_after", DataTypes.StringType, true),
      field("crops_affected", DataTypes.LongType, false)),

  NEIGHBOURS("neighbours", List.of("run_id", "crop_id"),
      field("run_id", DataTypes.StringType, false),
      field("crop_id", DataTypes.StringType, false),
      field("neighbour_ids", DataTypes.createArrayType(DataTypes.StringType), false),
      field("neighbour_distances", DataTypes.createArrayType(DataTypes.DoubleType), false)),

  EMBEDDINGS("embeddings", List.of("crop_id", "backbone", "model_sha256", "preprocessing", "dim"),
      field("crop_id", DataTypes.StringType, false),
      field("backbone", DataTypes.StringType, false),
      field("model_sha256", DataTypes.StringType, false),
      field("preprocessing", DataTypes.StringType, false),
      field("dim", DataTypes.IntegerType, false),
      field("vector", DataTypes.createArrayType(DataTypes.FloatType, false), false),
      field("run_id", DataTypes.StringType, false)),

  ASSIGNMENTS("assignments", List.of("run_id", "crop_id", "algorithm"),
      field("run_id", DataTypes.StringType, false),
      field("crop_id", DataTypes.StringType, false),
      field("algorithm", DataTypes.StringType, false),
      field("cluster", DataTypes.IntegerType, false),
      field("probability", DataTypes.DoubleType, true),
      field("outlier_score", DataTypes.DoubleType, true)),

  METRICS("metrics", List.of("run_id", "algorithm", "metric"),
      field("run_id", DataTypes.StringType, false),
      field("algorithm", DataTypes.StringType, false),
      field("metric", DataTypes.StringType, false),
      field("value", DataTypes.DoubleType, true),
      field("detail", DataTypes.StringType, true),
      field("ci_low", DataTypes.DoubleType, true),
      field("ci_high", DataTypes.DoubleType, true),
      field("bca_low", DataTypes.DoubleType, true),
      field("bca_high", DataTypes.DoubleType, true),
      field("std_error", DataTypes.DoubleType, true),
      field("bias", DataTypes.DoubleType, true),
      field("ci_method", DataTypes.StringType, true),
      field("interval_note", DataTypes.StringType, true),
      field("value_corrected", DataTypes.DoubleType, true),
      field("percentile_low", DataTypes.DoubleType, true),
      field("percentile_high", DataTypes.DoubleType, true),
      field("basic_low", DataTypes.DoubleType, true),
      field("basic_high", DataTypes.DoubleType, true)),

  CLUSTERS("clusters", List.of("run_id", "algorithm", "cluster"),
      field("run_id", DataTypes.StringType, false),
      field("algorithm", DataTypes.StringType, false),
      field("cluster", DataTypes.IntegerType, false),
      field("size", DataTypes.LongType, false),
      field("labelled", DataTypes.LongType, false),
      field("majority_label", DataTypes.StringType, true),
      field("majority_count", DataTypes.LongType, false),
      field("purity", DataTypes.DoubleType, true),
      field("entropy", DataTypes.DoubleType, true),
      field("stability", DataTypes.DoubleType, true),
      field("stability_rounds", DataTypes.IntegerType, true)),

  CLASSES("classes", List.of("run_id", "algorithm", "label"),
      field("run_id", DataTypes.StringType, false),
      field("algorithm", DataTypes.StringType, false),
      field("label", DataTypes.StringType, false),
      field("size", DataTypes.LongType, false),
      field("clusters_at_min_share", DataTypes.IntegerType, false),
      field("min_share", DataTypes.DoubleType, false),
      field("entropy", DataTypes.DoubleType, false),
      field("main_cluster", DataTypes.IntegerType, false),
      field("main_cluster_share", DataTypes.DoubleType, false)),

  SUSPECTS("suspects", List.of("run_id", "algorithm", "crop_id"),
      field("run_id", DataTypes.StringType, false),
      field("algorithm", DataTypes.StringType, false),
      field("crop_id", DataTypes.StringType, false),
      field("rank", DataTypes.IntegerType, false),
      field("score", DataTypes.DoubleType, false),
      field("given_label", DataTypes.StringType, false),
      field("suggested_label", DataTypes.StringType, true),
      field("cluster", DataTypes.IntegerType, false),
      field("cluster_majority_label", DataTypes.StringType, true),
      field("cluster_label_share", DataTypes.DoubleType, true),
      field("neighbour_majority_label", DataTypes.StringType, true),
      field("neighbour_label_share", DataTypes.DoubleType, true),
      field("boundary_margin", DataTypes.DoubleType, true),
      field("baseline_score", DataTypes.DoubleType, true),
      field("baseline_rank", DataTypes.IntegerType, true),
      field("probe_label", DataTypes.StringType, true),
      field("probe_confident_label", DataTypes.StringType, true),
      field("probe_self_confidence", DataTypes.DoubleType, true),
      field("probe_normalized_margin", DataTypes.DoubleType, true),
      field("probe_score", DataTypes.DoubleType, true),
      field("probe_rank", DataTypes.IntegerType, true)),

  SUBCLASSES("subclasses", List.of("run_id", "algorithm", "label", "cluster"),
      field("run_id", DataTypes.StringType, false),
      field("algorithm", DataTypes.StringType, false),
      field("label", DataTypes.StringType, false),
      field("cluster", DataTypes.IntegerType, false),
      field("parts", DataTypes.IntegerType, false),
      field("class_size", DataTypes.LongType, false),
      field("members", DataTypes.LongType, false),
      field("share_of_class", DataTypes.DoubleType, false),
      field("cluster_size", DataTypes.LongType, false),
      field("cluster_purity", DataTypes.DoubleType, false),
      field("separation", DataTypes.DoubleType, true),
      field("detail", DataTypes.StringType, true)),

  LABEL_QUALITY("label_quality", List.of("run_id", "algorithm", "label"),
      field("run_id", DataTypes.StringType, false),
      field("algorithm", DataTypes.StringType, false),
      field("label", DataTypes.StringType, false),
      field("crops", DataTypes.LongType, false),
      field("counted", DataTypes.LongType, false),
      field("wrong_share", DataTypes.DoubleType, true),
      field("wrong_share_low", DataTypes.DoubleType, true),
      field("wrong_share_high", DataTypes.DoubleType, true),
      field("estimated_wrong", DataTypes.DoubleType, true),
      field("likely_true_label", DataTypes.StringType, true),
      field("likely_true_share", DataTypes.DoubleType, true),
      field("review_for_90", DataTypes.LongType, true)),

  LABEL_NOISE("label_noise", List.of("injection", "crop_id"),
      field("injection", DataTypes.StringType, false),
      field("crop_id", DataTypes.StringType, false),
      field("original_label", DataTypes.StringType, false),
      field("injected_label", DataTypes.StringType, false),
      field("flipped", DataTypes.BooleanType, false),
      field("fraction", DataTypes.DoubleType, false),
      field("seed", DataTypes.LongType, false),
      field("injected_at", DataTypes.TimestampType, false)),

  COMPARISON("comparison", List.of("comparison_id", "config", "metric"),
      field("comparison_id", DataTypes.StringType, false),
      field("config", DataTypes.StringType, false),
      field("run_id", DataTypes.StringType, false),
      field("backbone", DataTypes.StringType, false),
      field("algorithm", DataTypes.StringType, false),
      field("params", DataTypes.StringType, true),
      field("metric", DataTypes.StringType, false),
      field("value", DataTypes.DoubleType, true),
      field("ci_low", DataTypes.DoubleType, true),
      field("ci_high", DataTypes.DoubleType, true),
      field("p_vs_best", DataTypes.DoubleType, true),
      field("best_config", DataTypes.StringType, true),
      field("clusters", DataTypes.LongType, true),
      field("noise_fraction", DataTypes.DoubleType, true),
      field("seconds", DataTypes.DoubleType, true),
      field("created_at", DataTypes.TimestampType, false)),

  CONTINGENCY("contingency", List.of("run_id", "algorithm", "label", "cluster"),
      field("run_id", DataTypes.StringType, false),
      field("algorithm", DataTypes.StringType, false),
      field("label", DataTypes.StringType, false),
      field("cluster", DataTypes.IntegerType, false),
      field("count", DataTypes.LongType, false)),

  ERRORS("errors", List.of("run_id", "source_path", "stage", "item"),
      field("run_id", DataTypes.StringType, false),
      field("source_path", DataTypes.StringType, false),
      field("stage", DataTypes.StringType, false),
      field("item", DataTypes.StringType, false),
      field("reason", DataTypes.StringType, false),
      field("recorded_at", DataTypes.TimestampType, false));

  private final String tableName;
  private final List<String> key;
  private final StructType schema;

  Table(String tableName, List<String> key, StructField... fields) {
    this.tableName = tableName;
    this.key = key;
    this.schema = new StructType(fields);
  }

  private static StructField field(String name, org.apache.spark.sql.types.DataType type, boolean nullable) {
    return DataTypes.createStructField(name, type, nullable);
  }

  public String tableName() {
    return tableName;
  }

  public List<String> key() {
    return key;
  }

  public StructType schema() {
    return schema;
  }

  /** Columns in schema order, cast to the schema's types, for a select before a write. */
  public Column[] columns() {
    return Arrays.stream(schema.fields())
        .map(f -> functions.col(f.name()).cast(f.dataType()).as(f.name()))
        .toArray(Column[]::new);
  }

  public static Table byName(String name) {
    for (Table table : values()) {
      if (table.tableName.equals(name)) return table;
    }
    return null;
  }
}
