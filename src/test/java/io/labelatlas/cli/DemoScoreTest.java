package io.labelatlas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.labelatlas.testing.SharedSpark;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class DemoScoreTest {
  /**
   * Two crops of one image flipped on purpose (c1, c3), one of another image not (c2); kmeans ranks c1 then c2 then
   * c3, gmm c3 then c1: of their first 2 suspects 1 and 2 are flipped. A box that differs by one pixel is another crop.
   */
  @Test
  void countsTheFlippedLabelsAtTheHeadOfEachRanking() {
    SparkSession spark = SharedSpark.session();
    Dataset<Row> crops = spark.createDataFrame(List.of(
        RowFactory.create("c1", "/d/a.png", 0, 0, 10, 10), RowFactory.create("c2", "/d/b.png", 0, 0, 10, 10),
        RowFactory.create("c3", "/d/a.png", 20, 20, 30, 30), RowFactory.create("c4", "/d/a.png", 1, 0, 10, 10)),
        new StructType().add("crop_id", DataTypes.StringType).add("source_path", DataTypes.StringType)
            .add("box_x1", DataTypes.IntegerType).add("box_y1", DataTypes.IntegerType)
            .add("box_x2", DataTypes.IntegerType).add("box_y2", DataTypes.IntegerType));
    Dataset<Row> truth = spark.createDataFrame(List.of(
        RowFactory.create("/d/a.png", 0, 0, 10, 10, "true"), RowFactory.create("/d/b.png", 0, 0, 10, 10, "false"),
        RowFactory.create("/d/a.png", 20, 20, 30, 30, "true")),
        new StructType().add("path", DataTypes.StringType).add("x1", DataTypes.IntegerType)
            .add("y1", DataTypes.IntegerType).add("x2", DataTypes.IntegerType).add("y2", DataTypes.IntegerType)
            .add("flipped", DataTypes.StringType));
    Dataset<Row> suspects = spark.createDataFrame(List.of(
        RowFactory.create("kmeans", "c1", 1), RowFactory.create("kmeans", "c2", 2),
        RowFactory.create("kmeans", "c3", 3), RowFactory.create("gmm", "c3", 1), RowFactory.create("gmm", "c1", 4)),
        new StructType().add("algorithm", DataTypes.StringType).add("crop_id", DataTypes.StringType)
            .add("rank", DataTypes.IntegerType));
    assertEquals(List.of(
        "demo: gmm: 2 of its first 2 suspects are labels the demo flipped on purpose (2 flipped in all, listed in t)",
        "demo: kmeans: 1 of its first 2 suspects are labels the demo flipped on purpose (2 flipped in all, listed in "
            + "t)"), DemoScore.lines(crops, suspects, truth, "t"));
    assertEquals(List.of(), DemoScore.lines(crops, suspects, truth.filter("flipped = 'false'"), "t"));
  }
}
