package io.labelatlas.cli;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * A user's table of vectors, read for the {@code cluster} command: Parquet or CSV, one id per row, the features as
 * one vector column or as numeric columns, and an optional label. {@link #read} checks the whole table in one Spark
 * pass (ids unique and present, no missing, NaN or infinite values, one length for all rows) without collecting it.
 */
final class VectorInput {
  /** The id as text: the key clustering works with ({@code ClusterStage} expects {@code crop_id}). */
  static final String KEY = "crop_id";
  /** The id with its original type and value, written back to the outputs. */
  static final String ID = "__id";
  static final String VALUES = "__values";
  static final String LABEL = "__label";

  /** Where the table is and which of its columns mean what; null where the user gave no flag. */
  record Source(String path, String inputFormat, String idColumn, String featuresColumn, List<String> columns,
      String labelColumn, boolean labelColumnGiven) {}

  /**
   * The validated table, persisted: {@code crop_id} (string), {@code __id} (original), {@code __values}
   * (array&lt;double&gt;) and, when labelled, {@code __label}. The caller unpersists {@code rows}.
   */
  record Table(Dataset<Row> rows, String format, long n, int dimension, String featuresDescription,
      DataType idType, boolean labelled) {
    /** The input of {@code ClusterStage.assign}: {@code crop_id} and an MLlib vector {@code features}. */
    Dataset<Row> features() {
      return rows.select(col(KEY), org.apache.spark.ml.functions.array_to_vector(col(VALUES)).as("features"));
    }
  }

  private VectorInput() {}

  static Table read(SparkSession spark, Source source) {
    TabularInput.Read input = TabularInput.read(spark, "cluster", source.path(), source.inputFormat());
    Dataset<Row> raw = input.rows();
    StructType schema = raw.schema();
    StructField id = field(schema, source.idColumn(), "--id-col", source.path());
    StructField label = source.labelColumnGiven() ? field(schema, source.labelColumn(), "--label-col", source.path())
        : find(schema, source.labelColumn());
    Features features = features(schema, source, id, label);

    List<Column> columns = new ArrayList<>(List.of(quoted(id.name()).as(ID),
        quoted(id.name()).cast(DataTypes.StringType).as(KEY), features.values().as(VALUES)));
    if (label != null) columns.add(quoted(label.name()).as(LABEL));
    Dataset<Row> rows = raw.select(columns.toArray(Column[]::new)).persist(StorageLevel.MEMORY_AND_DISK());
    try {
      Checks checks = check(rows);
      List<String> problems = checks.problems(source, features);
      if (!problems.isEmpty()) {
        throw new UsageException("cluster: bad input " + source.path() + ": " + String.join("; ", problems));
      }
      return new Table(rows, input.format(), checks.n(), checks.dimension(), features.description(), id.dataType(),
          label != null);
    } catch (RuntimeException e) {
      rows.unpersist();
      throw e;
    }
  }

  /** The feature values as one array&lt;double&gt; column, and how to name element i in a message. */
  private record Features(Column values, String description, String vectorColumn, List<String> columnNames) {
    String element(int index) {
      if (columnNames != null) return "column '" + columnNames.get(index) + "'";
      return "element " + index + " of '" + vectorColumn + "'";
    }
  }

  private static Features features(StructType schema, Source source, StructField id, StructField label) {
    if (source.featuresColumn() != null && source.columns() != null) {
      throw new UsageException("cluster: give --features-col or --columns, not both");
    }
    if (source.featuresColumn() != null) {
      return vector(field(schema, source.featuresColumn(), "--features-col", source.path()));
    }
    if (source.columns() != null) {
      List<StructField> chosen = new ArrayList<>();
      for (String name : source.columns()) {
        StructField field = field(schema, name, "--columns", source.path());
        if (!isNumeric(field.dataType())) {
          throw new UsageException("cluster: --columns names '" + field.name() + "', a column of type "
              + field.dataType().simpleString() + ", not a number");
        }
        chosen.add(field);
      }
      if (chosen.isEmpty()) throw new UsageException("cluster: --columns names no column");
      return numeric(chosen);
    }
    List<StructField> numeric = new ArrayList<>();
    List<StructField> vectors = new ArrayList<>();
    for (StructField field : schema.fields()) {
      if (field.name().equals(id.name()) || (label != null && field.name().equals(label.name()))) continue;
      if (isNumeric(field.dataType())) numeric.add(field);
      if (isVector(field.dataType())) vectors.add(field);
    }
    if (vectors.isEmpty() && !numeric.isEmpty()) return numeric(numeric);
    if (vectors.size() == 1 && numeric.isEmpty()) return vector(vectors.get(0));
    throw new UsageException("cluster: cannot tell which columns of " + source.path() + " are the features (numeric: "
        + names(numeric) + "; vectors: " + names(vectors) + "); pass --features-col NAME or --columns a,b,c");
  }

  private static Features vector(StructField field) {
    DataType type = field.dataType();
    Column values;
    if (type instanceof VectorUDT) {
      values = org.apache.spark.ml.functions.vector_to_array(quoted(field.name()), "float64");
    } else if (isVector(type)) {
      values = quoted(field.name()).cast(DataTypes.createArrayType(DataTypes.DoubleType));
    } else {
      throw new UsageException("cluster: --features-col '" + field.name() + "' is of type " + type.simpleString()
          + ", not a vector (MLlib vector or array of numbers)");
    }
    return new Features(values, "vector column '" + field.name() + "' (" + type.simpleString() + ")", field.name(),
        null);
  }

  private static Features numeric(List<StructField> fields) {
    Column[] cells = new Column[fields.size()];
    List<String> names = new ArrayList<>();
    for (int i = 0; i < cells.length; i++) {
      cells[i] = quoted(fields.get(i).name()).cast(DataTypes.DoubleType);
      names.add(fields.get(i).name());
    }
    return new Features(org.apache.spark.sql.functions.array(cells), "columns " + String.join(", ", names), null,
        names);
  }

  private static boolean isNumeric(DataType type) {
    return type instanceof NumericType;
  }

  private static boolean isVector(DataType type) {
    return type instanceof VectorUDT || (type instanceof ArrayType array && isNumeric(array.elementType()));
  }

  private static String names(List<StructField> fields) {
    return fields.isEmpty() ? "none" : String.join(", ", fields.stream().map(StructField::name).toList());
  }

  private static StructField field(StructType schema, String name, String flag, String path) {
    return TabularInput.column(schema, name, "cluster", flag, path);
  }

  private static StructField find(StructType schema, String name) {
    return TabularInput.find(schema, name);
  }

  private static Column quoted(String name) {
    return TabularInput.quoted(name);
  }

  /**
   * What one pass over the table found. Examples are the smallest offending id (in string order), so the message does
   * not change from run to run.
   */
  private record Checks(long n, long nullIds, long repeatedIds, Row repeatedExample, long nullVectors,
      String nullVectorExample, long rowsWithMissing, Row missingExample, long rowsWithNonFinite,
      Row nonFiniteExample, Row shortest, Row longest) {
    int dimension() {
      return longest == null ? 0 : longest.getInt(0);
    }

    List<String> problems(Source source, Features features) {
      List<String> problems = new ArrayList<>();
      if (n == 0) {
        problems.add("it has no rows");
        return problems;
      }
      if (nullIds > 0) problems.add(nullIds + " row(s) have no id (--id-col '" + source.idColumn() + "' is null)");
      if (repeatedIds > 0) {
        problems.add("id '" + repeatedExample.getString(0) + "' appears " + repeatedExample.getLong(1) + " times"
            + (repeatedIds > 1 ? " (and " + (repeatedIds - 1) + " more ids repeat)" : "") + "; --id-col '"
            + source.idColumn() + "' must be unique");
      }
      if (nullVectors > 0) {
        problems.add("the features of id '" + nullVectorExample + "' are missing (null)"
            + more(nullVectors, "row"));
      }
      if (rowsWithMissing > 0) {
        problems.add("missing (null) value in " + features.element(missingExample.getInt(1) - 1) + " at id '"
            + missingExample.getString(0) + "'" + more(rowsWithMissing, "row"));
      }
      if (rowsWithNonFinite > 0) {
        problems.add("NaN or infinite value in " + features.element(nonFiniteExample.getInt(1) - 1) + " at id '"
            + nonFiniteExample.getString(0) + "'" + more(rowsWithNonFinite, "row"));
      }
      if (shortest != null && shortest.getInt(0) != longest.getInt(0)) {
        problems.add("rows of different length: id '" + shortest.getString(1) + "' has " + shortest.getInt(0)
            + " values, id '" + longest.getString(1) + "' has " + longest.getInt(0));
      } else if (shortest != null && shortest.getInt(0) == 0) {
        problems.add("the feature vectors are empty (id '" + shortest.getString(1) + "' has 0 values)");
      }
      return problems;
    }

    private static String more(long count, String what) {
      return count > 1 ? " (" + count + " " + what + "s in all)" : "";
    }
  }

  private static Checks check(Dataset<Row> rows) {
    Column values = col(VALUES);
    Dataset<Row> perRow = rows.select(
        col(KEY),
        when(values.isNull(), 1).otherwise(0).as("null_vector"),
        when(values.isNotNull(), org.apache.spark.sql.functions.size(values)).as("length"),
        // 1-based positions of the first missing and the first NaN/infinite element; 0 where none.
        expr("array_position(transform(" + VALUES + ", x -> x IS NULL), true)").cast("int").as("missing_at"),
        expr("array_position(transform(" + VALUES + ", x -> isnan(x) OR abs(x) = CAST('Infinity' AS DOUBLE)), true)")
            .cast("int").as("non_finite_at"));
    // Grouping by id finds repeated ids in the same pass; only a few numbers per row are shuffled, not the vectors.
    Dataset<Row> perId = perRow.groupBy(KEY).agg(
        count(lit(1)).as("rows"),
        sum("null_vector").as("null_vectors"),
        min("length").as("shortest"),
        max("length").as("longest"),
        min(when(col("missing_at").gt(0), col("missing_at"))).as("missing_at"),
        min(when(col("non_finite_at").gt(0), col("non_finite_at"))).as("non_finite_at"));
    Column id = col(KEY);
    Row r = perId.agg(
        sum("rows"),
        max(when(id.isNull(), col("rows"))),
        count(when(id.isNotNull().and(col("rows").gt(1)), 1)),
        min(when(id.isNotNull().and(col("rows").gt(1)), struct(id, col("rows")))),
        sum(when(col("null_vectors").gt(0), col("null_vectors"))),
        min(when(col("null_vectors").gt(0), id)),
        count(when(col("missing_at").isNotNull(), 1)),
        min(when(col("missing_at").isNotNull(), struct(id, col("missing_at")))),
        count(when(col("non_finite_at").isNotNull(), 1)),
        min(when(col("non_finite_at").isNotNull(), struct(id, col("non_finite_at")))),
        min(when(col("shortest").isNotNull(), struct(col("shortest"), id))),
        max(when(col("longest").isNotNull(), struct(col("longest"), id)))).first();
    return new Checks(r.isNullAt(0) ? 0 : r.getLong(0), r.isNullAt(1) ? 0 : r.getLong(1), r.getLong(2),
        r.getStruct(3), r.isNullAt(4) ? 0 : r.getLong(4), r.getString(5), r.getLong(6), r.getStruct(7),
        r.getLong(8), r.getStruct(9), r.getStruct(10), r.getStruct(11));
  }
}
