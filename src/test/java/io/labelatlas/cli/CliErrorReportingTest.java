package io.labelatlas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.labelatlas.testing.SharedSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user's mistake reads as one: {@code error:} and the message (and a hint), exit code 2, no stack trace unless
 * {@code --verbose}; an internal error keeps its stack trace and exits 1.
 */
class CliErrorReportingTest {
  @TempDir static Path root;
  private static Path tables;

  @BeforeAll
  static void writeTables() {
    SparkSession spark = SharedSpark.session();
    tables = root.resolve("tables");
    spark.createDataFrame(List.of(RowFactory.create("c1", "scratch", "given"), RowFactory.create("c2", "pit", "given")),
            new StructType().add("crop_id", DataTypes.StringType).add("label", DataTypes.StringType)
                .add("source", DataTypes.StringType))
        .write().format("delta").save(tables.resolve("labels").toString());
  }

  private static boolean hasStackFrames(String text) {
    return text.contains("\tat ");
  }

  @Test
  void aMisspelledColumnInSqlIsOneMessageWithTheColumnsAndExitsTwo() {
    LabelAtlasCliTest.Result result = LabelAtlasCliTest.run("sql", "--tables", tables.toString(),
        "SELECT crop_id, labl FROM labels");
    assertEquals(2, result.code(), result.err());
    assertTrue(result.err().startsWith("error: sql: "), result.err());
    assertTrue(result.err().contains("`labl` cannot be resolved"), result.err());
    assertTrue(result.err().contains("hint: columns of labels: crop_id, label, source"), result.err());
    assertFalse(hasStackFrames(result.err()), result.err());
    assertTrue(result.err().lines().count() <= 4, "a few lines, not a stack trace:\n" + result.err());

    LabelAtlasCliTest.Result verbose = LabelAtlasCliTest.run("--verbose", "sql", "--tables", tables.toString(),
        "SELECT crop_id, labl FROM labels");
    assertEquals(2, verbose.code());
    assertTrue(verbose.err().contains("`labl` cannot be resolved"), verbose.err());
    assertTrue(hasStackFrames(verbose.err()), "--verbose prints the stack trace:\n" + verbose.err());
    LabelAtlasCliTest.Result verboseLast = LabelAtlasCliTest.run("sql", "--tables", tables.toString(),
        "SELECT labl FROM labels", "--verbose");
    assertTrue(hasStackFrames(verboseLast.err()), "--verbose is global, allowed anywhere:\n" + verboseLast.err());
  }

  @Test
  void aMissingTableAndABadQueryAreUserErrorsToo() {
    LabelAtlasCliTest.Result table = LabelAtlasCliTest.run("sql", "--tables", tables.toString(),
        "SELECT * FROM label");
    assertEquals(2, table.code(), table.err());
    assertTrue(table.err().contains("hint: the tables under --tables are labels"), table.err());
    assertFalse(hasStackFrames(table.err()), table.err());

    LabelAtlasCliTest.Result parse = LabelAtlasCliTest.run("sql", "--tables", tables.toString(), "SELEC 1");
    assertEquals(2, parse.code(), parse.err());
    assertTrue(parse.err().contains("SELEC"), parse.err());
    assertFalse(hasStackFrames(parse.err()), parse.err());

    LabelAtlasCliTest.Result noDir = LabelAtlasCliTest.run("sql", "--tables", root.resolve("nowhere").toString(),
        "SELECT 1");
    assertEquals(2, noDir.code(), noDir.err());
    assertTrue(noDir.err().contains("nowhere"), noDir.err());
    assertFalse(hasStackFrames(noDir.err()), noDir.err());
  }

  @Test
  void badYamlBadSetAndAMissingFileNeedNoStackTrace() throws IOException {
    Path bad = Files.writeString(root.resolve("bad.yaml"), "input: [unclosed\n");
    for (String[] args : List.of(new String[] {"run", bad.toString()},
        new String[] {"run", "jobs/demo.yaml", "--set", "crop.margin=200"},
        new String[] {"run", "jobs/demo.yaml", "--set", "no-equals-sign"},
        new String[] {"evaluate", "--input", root.resolve("absent.csv").toString(), "--truth", "a", "--pred", "b"},
        new String[] {"cluster", "--input", root.resolve("absent.csv").toString(), "--algorithm", "kmeans",
            "--output", root.resolve("out").toString()})) {
      LabelAtlasCliTest.Result result = LabelAtlasCliTest.run(args);
      assertEquals(2, result.code(), String.join(" ", args) + "\n" + result.err());
      assertTrue(result.err().startsWith("error: "), result.err());
      assertFalse(hasStackFrames(result.err()), result.err());
    }
  }
}
