package io.labelatlas.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** DataFrame equality for tests: same columns, same rows as multisets (order ignored), as spark-testing-base checks. */
public final class DataFrameAssertions {
  private DataFrameAssertions() {}

  public static void assertSameRows(Dataset<Row> expected, Dataset<Row> actual) {
    assertEquals(Arrays.asList(expected.columns()), Arrays.asList(actual.columns()), "columns differ");
    assertEquals(0, expected.exceptAll(actual).count(), () -> "rows missing from actual: " + sample(expected.exceptAll(actual)));
    assertEquals(0, actual.exceptAll(expected).count(), () -> "unexpected rows in actual: " + sample(actual.exceptAll(expected)));
  }

  private static List<Row> sample(Dataset<Row> rows) {
    return rows.limit(5).collectAsList();
  }
}
