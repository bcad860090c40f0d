package io.labelatlas.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.labelatlas.store.Table;
import io.labelatlas.testing.SharedSpark;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import scala.collection.Seq;

/**
 * Two runs' tables, row for row by each table's key: the same keys, no duplicates, and equal values (top-level
 * doubles to 1e-9 relative, arrays such as embedding vectors exactly: a sum's order may differ between a cluster and local mode). Run ids, timestamps and timings differ by
 * design and are left out (every timestamp column, and metrics that measure time).
 */
final class TableComparison {
  private static final List<Table> COMPARED = List.of(Table.CROPS, Table.EMBEDDINGS, Table.ASSIGNMENTS, Table.METRICS,
      Table.CLUSTERS, Table.SUSPECTS, Table.SUBCLASSES, Table.ERRORS);
  private static final Set<Table> NEVER_EMPTY = Set.of(Table.CROPS, Table.EMBEDDINGS, Table.ASSIGNMENTS,
      Table.METRICS, Table.CLUSTERS, Table.SUSPECTS, Table.ERRORS);
  private static final Set<String> PER_RUN = Set.of("run_id", "first_run_id", "last_run_id", "updated_at");

  private TableComparison() {}

  static void assertSameRows(Path expectedTables, Path actualTables) {
    SparkSession spark = SharedSpark.session();
    for (Table table : COMPARED) {
      Map<String, List<Object>> expected = rows(spark, expectedTables, table);
      Map<String, List<Object>> actual = rows(spark, actualTables, table);
      assertEquals(expected.keySet(), actual.keySet(), table.tableName() + ": different keys");
      for (Map.Entry<String, List<Object>> row : expected.entrySet()) {
        List<Object> other = actual.get(row.getKey());
        for (int i = 0; i < row.getValue().size(); i++) {
          assertClose(row.getValue().get(i), other.get(i), table.tableName() + " " + row.getKey() + " column " + i);
        }
      }
      if (NEVER_EMPTY.contains(table)) assertTrue(!expected.isEmpty(), table.tableName() + " is empty");
    }
  }

  private static Map<String, List<Object>> rows(SparkSession spark, Path tables, Table table) {
    List<String> key = table.key().stream().filter(column -> !PER_RUN.contains(column)).toList();
    List<String> values = new ArrayList<>();
    for (StructField field : table.schema().fields()) {
      boolean perRun = PER_RUN.contains(field.name()) || field.dataType().equals(DataTypes.TimestampType);
      if (!perRun && !key.contains(field.name())) values.add(field.name());
    }
    Map<String, List<Object>> rows = new TreeMap<>();
    for (Row row : spark.read().format("delta").load(tables.resolve(table.tableName()).toString()).collectAsList()) {
      if (table == Table.METRICS && row.<String>getAs("metric").contains("seconds")) continue;
      StringBuilder id = new StringBuilder();
      for (String column : key) id.append(String.valueOf(row.<Object>getAs(column))).append('|');
      List<Object> cells = new ArrayList<>();
      for (String column : values) {
        Object cell = row.getAs(column);
        cells.add(cell instanceof Seq<?> seq ? scala.jdk.javaapi.CollectionConverters.asJava(seq) : cell);
      }
      List<Object> previous = rows.put(id.toString(), cells);
      assertTrue(previous == null, table.tableName() + ": key " + id + " twice");
    }
    return rows;
  }

  private static void assertClose(Object expected, Object actual, String where) {
    if (expected instanceof Double a && actual instanceof Double b) {
      boolean same = a.equals(b) || Math.abs(a - b) <= 1e-9 * Math.max(1, Math.max(Math.abs(a), Math.abs(b)));
      assertTrue(same, where + ": " + a + " vs " + b);
    } else {
      assertEquals(expected, actual, where);
    }
  }
}
