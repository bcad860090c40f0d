package io.labelatlas.embed.djl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.labelatlas.embed.EmbeddingStage;
import io.labelatlas.embed.djl.ImageNetPreprocessing.Mode;
import io.labelatlas.ingest.CropPixels;
import io.labelatlas.testing.SharedSpark;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The torchscript backbone inside Spark's embedding stage (mapPartitions over four partitions in the shared local[2]
 * session): every crop gets the vector the backbone gives it directly, and the JVM loads the model once for all tasks.
 */
class SparkTorchScriptEmbeddingTest {
  @TempDir
  Path dir;

  @Test
  void embedsCropsInPartitionsWithOneModelPerJvm() throws Exception {
    Path model = TorchScriptBackboneTest.copy("models/tiny_embedder_ts.pt", dir.resolve("tiny.pt"));
    DjlBackbone backbone = DjlBackbone.open(new DeepBackboneSettings("torchscript", model.toString(), 8,
        new ImageNetPreprocessing(Mode.RESIZE, 224), "auto", 0, null, null), "crop(test)",
        SharedSpark.session().sparkContext().hadoopConfiguration());
    int loadsBefore = DjlBackbone.loads(backbone.modelSha256());

    SparkSession spark = SharedSpark.session();
    List<CropPixels> crops = TorchScriptBackboneTest.crops(14, 5);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < crops.size(); i++) {
      CropPixels c = crops.get(i);
      rows.add(RowFactory.create("crop-" + i, c.width(), c.height(), c.channels(), c.pixels()));
    }
    StructType schema = new StructType()
        .add("crop_id", DataTypes.StringType).add("width", DataTypes.IntegerType)
        .add("height", DataTypes.IntegerType).add("channels", DataTypes.IntegerType)
        .add("pixels", DataTypes.BinaryType);
    Dataset<Row> frame = spark.createDataFrame(rows, schema).repartition(4);
    LongAccumulator done = spark.sparkContext().longAccumulator("embedded");

    Map<String, float[]> vectors = EmbeddingStage.embed(frame, backbone, 3, done).collectAsMap();

    assertEquals(crops.size(), vectors.size());
    assertEquals(crops.size(), done.sum());
    List<float[]> direct = backbone.embed(crops);
    for (int i = 0; i < crops.size(); i++) {
      assertArrayEquals(direct.get(i), vectors.get("crop-" + i), 1e-5f, "crop-" + i);
    }
    assertEquals(loadsBefore, DjlBackbone.loads(backbone.modelSha256()), "tasks reuse the JVM's loaded model");
  }
}
