package io.labelatlas.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.labelatlas.testing.SharedSpark;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeltaStoreSchemaTest {
  private static final StructType OLD_ASSIGNMENTS = new StructType()
      .add("run_id", DataTypes.StringType, false)
      .add("crop_id", DataTypes.StringType, false)
      .add("algorithm", DataTypes.StringType, false)
      .add("cluster", DataTypes.IntegerType, false)
      .add("probability", DataTypes.DoubleType, true);

  @Test
  void tablesFromAnOlderVersionGainTheNewNullableColumnsAndKeepTheirRows(@TempDir Path root) {
    SparkSession spark = SharedSpark.session();
    DeltaStore store = new DeltaStore(spark, root.toString());
    spark.createDataFrame(List.of(RowFactory.create("old", "c1", "kmeans", 0, null)), OLD_ASSIGNMENTS)
        .write().format("delta").save(store.path(Table.ASSIGNMENTS));

    store.writeRunScoped(Table.ASSIGNMENTS, spark.createDataFrame(
        List.of(RowFactory.create("new", "c1", "hdbscan", -1, 0.0, 0.9)), Table.ASSIGNMENTS.schema()), "new", true);
    store.writeRunScoped(Table.ASSIGNMENTS, spark.createDataFrame(
        List.of(RowFactory.create("new", "c1", "hdbscan", 2, 0.5, 0.1)), Table.ASSIGNMENTS.schema()), "new", false);

    List<Row> rows = store.read(Table.ASSIGNMENTS).orderBy("run_id").collectAsList();
    assertEquals(2, rows.size());
    assertTrue(List.of(store.read(Table.ASSIGNMENTS).columns()).contains("outlier_score"));
    assertEquals("new", rows.get(0).getAs("run_id"));
    assertEquals(2, (int) rows.get(0).getAs("cluster"));
    assertEquals(0.1, (double) rows.get(0).getAs("outlier_score"), 0);
    assertEquals("old", rows.get(1).getAs("run_id"));
    assertNull(rows.get(1).getAs("outlier_score"));
  }

  @Test
  void aColumnWhoseTypeChangedIsAnErrorNamingTableAndColumn(@TempDir Path root) {
    SparkSession spark = SharedSpark.session();
    DeltaStore store = new DeltaStore(spark, root.toString());
    StructType wrongType = new StructType()
        .add("run_id", DataTypes.StringType, false)
        .add("crop_id", DataTypes.StringType, false)
        .add("algorithm", DataTypes.StringType, false)
        .add("cluster", DataTypes.StringType, false);
    spark.createDataFrame(List.of(RowFactory.create("old", "c1", "kmeans", "0")), wrongType)
        .write().format("delta").save(store.path(Table.ASSIGNMENTS));
    IllegalStateException error = assertThrows(IllegalStateException.class, () -> store.writeRunScoped(
        Table.ASSIGNMENTS, spark.createDataFrame(List.of(RowFactory.create("new", "c1", "hdbscan", -1, 0.0, 0.9)),
            Table.ASSIGNMENTS.schema()), "new", true));
    assertTrue(error.getMessage().contains("'cluster'"), error.getMessage());
    assertTrue(error.getMessage().contains("assignments"), error.getMessage());
  }
}
