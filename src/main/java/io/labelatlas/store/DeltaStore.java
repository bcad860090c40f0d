package io.labelatlas.store;

import io.delta.tables.DeltaMergeBuilder;
import io.delta.tables.DeltaTable;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * The Delta tables of one LabelAtlas root ({@code ROOT/<table>}, local or {@code s3a://}). Every write is a MERGE on
 * the table's stable key, so a rerun over the same inputs updates rows instead of adding duplicates.
 */
public final class DeltaStore {
  /** What a MERGE does with a row whose key is already in the table. */
  public enum OnMatch { UPDATE, KEEP }

  private final SparkSession spark;
  private final String root;

  public DeltaStore(SparkSession spark, String root) {
    this.spark = spark;
    this.root = root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
  }

  public String root() {
    return root;
  }

  public String path(Table table) {
    return root + "/" + table.tableName();
  }

  public boolean exists(Table table) {
    return DeltaTable.isDeltaTable(spark, path(table));
  }

  public Dataset<Row> read(Table table) {
    return spark.read().format("delta").load(path(table));
  }

  /** The table as of its version now, unaffected by writes made later in this run. */
  public Dataset<Row> readCurrentVersion(Table table) {
    long version = DeltaTable.forPath(spark, path(table)).history(1).select("version").first().getLong(0);
    return spark.read().format("delta").option("versionAsOf", version).load(path(table));
  }

  /** Merges rows into the table, creating it on first write. Rows sharing a key keep one (the key defines identity). */
  public void merge(Table table, Dataset<Row> rows, OnMatch onMatch) {
    Dataset<Row> unique = unique(table, rows);
    if (createdWith(table, unique)) return;
    DeltaMergeBuilder merge = target(table, unique);
    if (onMatch == OnMatch.UPDATE) merge = merge.whenMatched().updateAll();
    merge.whenNotMatched().insertAll().execute();
  }

  /** Merges with explicit update expressions for matched rows (e.g. keep a first-seen column, count attempts). */
  public void merge(Table table, Dataset<Row> rows, Map<String, String> updateOnMatch) {
    Dataset<Row> unique = unique(table, rows);
    if (createdWith(table, unique)) return;
    target(table, unique).whenMatched().updateExpr(updateOnMatch).whenNotMatched().insertAll().execute();
  }

  /**
   * Writes the rows of one run into a table keyed by run id, so that afterwards the table holds exactly these rows for
   * that run. On a run id's first attempt no row can carry the id yet, so a plain append is exact and much cheaper than
   * a MERGE; a rerun MERGEs in one transaction: updates rows it still produces, inserts new ones and deletes the
   * run's rows it no longer produces (e.g. a contingency cell that is now empty).
   */
  public void writeRunScoped(Table table, Dataset<Row> rows, String runId, boolean firstAttempt) {
    if (!table.key().contains("run_id")) throw new IllegalArgumentException(table + " is not keyed by run_id");
    writeScoped(table, rows, functions.col("t.run_id").equalTo(functions.lit(runId)), firstAttempt);
  }

  /**
   * As {@link #writeRunScoped(Table, Dataset, String, boolean)} for the rows of one algorithm of a run: afterwards the
   * table holds exactly these rows for that run and algorithm, and the rows of the run's other algorithms are left as
   * they are. A job writes each algorithm's results as soon as it finishes, so a later failure keeps them. On a first
   * attempt each algorithm is written once, so the append stays exact.
   *
   * @param rows every row must carry this run id and algorithm
   */
  public void writeAlgorithmScoped(Table table, Dataset<Row> rows, String runId, String algorithm,
      boolean firstAttempt) {
    if (!table.key().contains("run_id") || !table.key().contains("algorithm")) {
      throw new IllegalArgumentException(table + " is not keyed by run_id and algorithm");
    }
    writeScoped(table, rows, functions.col("t.run_id").equalTo(functions.lit(runId))
        .and(functions.col("t.algorithm").equalTo(functions.lit(algorithm))), firstAttempt);
  }

  /** Appends on a first attempt, else MERGEs and deletes the target rows in {@code scope} that the rows lack. */
  private void writeScoped(Table table, Dataset<Row> rows, Column scope, boolean firstAttempt) {
    Dataset<Row> unique = unique(table, rows);
    if (firstAttempt || !exists(table)) {
      unique.write().format("delta").mode("append").save(path(table));
      return;
    }
    target(table, unique)
        .whenMatched().updateAll()
        .whenNotMatched().insertAll()
        .whenNotMatchedBySource(scope).delete()
        .execute();
  }

  /**
   * Tables written by an older LabelAtlas lack the nullable columns added since; they are added in place (old rows read
   * null there), so an upgrade never needs a rewrite. A missing non-nullable column or a changed type is an error.
   */
  void evolveSchema(Table table) {
    if (!exists(table)) return;
    org.apache.spark.sql.types.StructType current = read(table).schema();
    java.util.List<String> added = new java.util.ArrayList<>();
    for (org.apache.spark.sql.types.StructField field : table.schema().fields()) {
      java.util.Optional<org.apache.spark.sql.types.StructField> existing = java.util.Arrays.stream(current.fields())
          .filter(f -> f.name().equals(field.name())).findFirst();
      if (existing.isPresent()) {
        if (!existing.get().dataType().catalogString().equals(field.dataType().catalogString())) {
          throw new IllegalStateException("table " + path(table) + " column '" + field.name() + "' is "
              + existing.get().dataType().simpleString() + ", this LabelAtlas writes "
              + field.dataType().simpleString());
        }
      } else if (!field.nullable()) {
        throw new IllegalStateException("table " + path(table) + " lacks the required column '" + field.name() + "'");
      } else {
        added.add("`" + field.name() + "` " + field.dataType().sql());
      }
    }
    if (!added.isEmpty()) {
      spark.sql("ALTER TABLE delta.`" + path(table) + "` ADD COLUMNS (" + String.join(", ", added) + ")");
    }
  }

  private Dataset<Row> unique(Table table, Dataset<Row> rows) {
    evolveSchema(table);
    return rows.select(table.columns()).dropDuplicates(table.key().toArray(String[]::new));
  }

  /** Creates the table from these rows if it does not exist yet; true if it did so. */
  private boolean createdWith(Table table, Dataset<Row> rows) {
    if (exists(table)) return false;
    rows.write().format("delta").mode("append").save(path(table));
    return true;
  }

  private DeltaMergeBuilder target(Table table, Dataset<Row> source) {
    String condition = table.key().stream().map(k -> "t.`" + k + "` <=> s.`" + k + "`")
        .collect(Collectors.joining(" AND "));
    return DeltaTable.forPath(spark, path(table)).as("t").merge(source.as("s"), condition);
  }
}
