package io.labelatlas.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.labelatlas.config.JobConfig;
import io.labelatlas.config.JobConfigLoader;
import io.labelatlas.runtime.HadoopFiles;
import io.labelatlas.testing.SharedSpark;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every kind of bad input becomes one error row naming the source and the reason, and good inputs still crop. */
class SparkIngestTest {
  private final SparkSession spark = SharedSpark.session();

  static byte[] image(String format, int width, int height, int type) throws Exception {
    BufferedImage img = new BufferedImage(width, height, type);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) img.setRGB(x, y, ((x * 7 + y * 3) % 256) * 0x010101);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertTrue(ImageIO.write(img, format, out), "no ImageIO writer for " + format);
    return out.toByteArray();
  }

  private Dataset<Row> cut(JobConfig config) {
    Dataset<Row> refs = ImageSources.list(spark, config.input());
    return CropStage.cut(refs, new CropSettings(config.crop().margin(), config.crop().minSize(), config.crop().gamma(),
            config.crop().size()), false, new HadoopFiles(spark.sparkContext().hadoopConfiguration()),
        config.input().maxImageBytes(), 3, null).cache();
  }

  private static JobConfig job(String kind, Path path, String... sets) {
    List<String> overrides = new java.util.ArrayList<>(List.of("input.kind=" + kind, "input.path=" + path));
    overrides.addAll(Arrays.asList(sets));
    return JobConfigLoader.fromYaml("input: {kind: folders, path: x}\ncrop: {size: 64}\n", overrides).config();
  }

  private static Map<String, String> errorsByFile(Dataset<Row> rows) {
    return rows.filter(functions.col("kind").equalTo("error")).collectAsList().stream().collect(Collectors.toMap(
        r -> Path.of(r.<String>getAs("source_path").replace("file:", "")).getFileName() + "|" + r.getAs("item"),
        r -> r.getAs("stage") + ": " + r.getAs("reason")));
  }

  @Test
  void manifestBadInputsBecomeErrorRows(@TempDir Path dir) throws Exception {
    Files.write(dir.resolve("good.png"), image("png", 80, 60, BufferedImage.TYPE_BYTE_GRAY));
    Files.write(dir.resolve("good.bmp"), image("bmp", 40, 40, BufferedImage.TYPE_INT_RGB));
    byte[] jpeg = image("jpg", 64, 64, BufferedImage.TYPE_BYTE_GRAY);
    Files.write(dir.resolve("truncated.jpg"), Arrays.copyOf(jpeg, jpeg.length / 3));
    Files.write(dir.resolve("empty.png"), new byte[0]);
    Files.writeString(dir.resolve("notes.png"), "this is not an image");
    Files.write(dir.resolve("anim.gif"), image("gif", 10, 10, BufferedImage.TYPE_INT_RGB));
    Files.writeString(dir.resolve("manifest.csv"), String.join("\n",
        "path,label,x1,y1,x2,y2",
        "good.png,scratch,10,10,30,30",
        "good.png,pit,500,500,520,520",
        "good.png,pit,20,20,20,40",
        "good.png,pit,a,1,2,3",
        "good.bmp,stain,,,,",
        "truncated.jpg,crack,1,1,20,20",
        "empty.png,crack,1,1,20,20",
        "notes.png,crack,1,1,20,20",
        "anim.gif,crack,1,1,5,5",
        "missing.png,crack,1,1,5,5",
        ""));
    Dataset<Row> rows = cut(job("manifest", dir.resolve("manifest.csv")));

    List<Row> crops = rows.filter(functions.col("kind").equalTo("crop")).collectAsList();
    assertEquals(2, crops.size(), "good.png box and good.bmp whole image");
    Map<String, String> errors = errorsByFile(rows);
    assertEquals(8, errors.size(), errors.toString());
    assertTrue(errors.get("good.png|box [500,500,520,520)").contains("outside"), errors.toString());
    assertTrue(errors.get("good.png|box [20,20,20,40)").contains("area"), errors.toString());
    assertTrue(errors.values().stream().anyMatch(e -> e.contains("x1 = 'a'")), errors.toString());
    assertTrue(errors.get("truncated.jpg|image").startsWith("decode"), errors.toString());
    assertTrue(errors.get("empty.png|image").contains("zero-byte"), errors.toString());
    assertTrue(errors.get("notes.png|image").startsWith("decode"), errors.toString());
    assertTrue(errors.get("anim.gif|image").contains("GIF"), errors.toString());
    assertTrue(errors.get("missing.png|image").contains("not found"), errors.toString());
    for (Row crop : crops) {
      assertEquals(64 * 64, ((byte[]) crop.getAs("pixels")).length);
      assertNotNull(crop.getAs("source_sha256"));
    }
  }

  @Test
  void cropIdsFollowContentNotLocation(@TempDir Path dir) throws Exception {
    byte[] png = image("png", 50, 50, BufferedImage.TYPE_BYTE_GRAY);
    Files.createDirectories(dir.resolve("a/scratch"));
    Files.createDirectories(dir.resolve("b/other/scratch"));
    Files.write(dir.resolve("a/scratch/x.png"), png);
    Files.write(dir.resolve("b/other/scratch/renamed.png"), png);
    String first = cut(job("folders", dir.resolve("a"))).filter("kind = 'crop'").first().getAs("crop_id");
    String moved = cut(job("folders", dir.resolve("b/other"))).filter("kind = 'crop'").first().getAs("crop_id");
    assertEquals(first, moved);
    assertEquals(CropStage.cropId(ImageDecoder.sha256Hex(png), null), first);
  }

  @Test
  void folderSourceLabelsByClassFolder(@TempDir Path dir) throws Exception {
    for (String label : List.of("scratch", "pit")) {
      Files.createDirectories(dir.resolve(label));
      for (int i = 0; i < 3; i++) {
        Files.write(dir.resolve(label).resolve(i + ".png"), image("png", 30 + i, 30, BufferedImage.TYPE_BYTE_GRAY));
      }
    }
    Files.writeString(dir.resolve("README.txt"), "stray file at the root");
    Dataset<Row> rows = cut(job("folders", dir));
    assertEquals(6, rows.filter("kind = 'crop'").count());
    assertEquals(3, rows.filter("kind = 'crop' AND given_label = 'pit'").count());
    Map<String, String> errors = errorsByFile(rows);
    assertEquals(1, errors.size(), errors.toString());
    assertTrue(errors.get("README.txt|image").contains("class folder"), errors.toString());
  }

  @Test
  void vocSourceReadsBoxesAndReportsBrokenAnnotations(@TempDir Path dir) throws Exception {
    Files.createDirectories(dir.resolve("images/cls"));
    Files.createDirectories(dir.resolve("annotations/cls"));
    Files.write(dir.resolve("images/cls/a.jpg"), image("jpg", 100, 100, BufferedImage.TYPE_BYTE_GRAY));
    String voc = "<annotation><filename>%s</filename>%s</annotation>";
    String object = "<object><name>%s</name><bndbox><xmin>%d</xmin><ymin>%d</ymin><xmax>%d</xmax><ymax>%d</ymax></bndbox></object>";
    Files.writeString(dir.resolve("annotations/cls/a.xml"), String.format(voc, "a.jpg",
        String.format(object, "crazing", 1, 1, 40, 40) + String.format(object, "patches", 50, 50, 90, 95)));
    Files.writeString(dir.resolve("annotations/cls/b.xml"), String.format(voc, "b.jpg",
        String.format(object, "crazing", 1, 1, 10, 10)));
    Files.writeString(dir.resolve("annotations/cls/c.xml"), "<annotation><object>");
    // NEU-DET writes some <filename> values without extension.
    Files.write(dir.resolve("images/cls/d.png"), image("png", 60, 60, BufferedImage.TYPE_BYTE_GRAY));
    Files.writeString(dir.resolve("annotations/cls/d.xml"), String.format(voc, "d",
        String.format(object, "scratches", 5, 5, 30, 30)));
    // Two broken objects in one file are two error rows, told apart by their item.
    Files.writeString(dir.resolve("annotations/cls/e.xml"), String.format(voc, "a.jpg",
        "<object><name>x</name></object><object><bndbox><xmin>1</xmin></bndbox></object>"));
    Dataset<Row> rows = cut(job("voc", dir));
    List<Row> crops = rows.filter("kind = 'crop'").orderBy("given_label").collectAsList();
    assertEquals(3, crops.size());
    assertTrue(crops.get(2).<String>getAs("source_path").endsWith("images/cls/d.png"));
    assertEquals("crazing", crops.get(0).getAs("given_label"));
    assertEquals(Integer.valueOf(0), crops.get(0).<Integer>getAs("box_x1"));
    assertEquals(Integer.valueOf(40), crops.get(0).<Integer>getAs("box_x2"));
    Map<String, String> errors = errorsByFile(rows);
    assertEquals(4, errors.size(), errors.toString());
    assertTrue(errors.get("a.jpg|object 1").contains("without <bndbox>"), errors.toString());
    assertTrue(errors.get("a.jpg|object 2").contains("without <name>"), errors.toString());
    assertTrue(errors.get("b.jpg|image").contains("not found"), errors.toString());
    assertTrue(errors.get("c.xml|image").contains("unreadable VOC annotation"), errors.toString());
  }

  @Test
  void deepPcbSourceHandlesTemplatesUnknownClassesAndMissingAnnotations(@TempDir Path dir) throws Exception {
    Path group = Files.createDirectories(dir.resolve("group1/1"));
    Path notes = Files.createDirectories(dir.resolve("group1/1_not"));
    Files.write(group.resolve("100_test.jpg"), image("jpg", 120, 120, BufferedImage.TYPE_BYTE_GRAY));
    Files.write(group.resolve("100_temp.jpg"), image("jpg", 120, 120, BufferedImage.TYPE_BYTE_GRAY));
    Files.writeString(notes.resolve("100.txt"), "10 10 40 40 1\n50 50 70 90 9\n60 60 100 100 6");
    Files.writeString(dir.resolve("test.txt"),
        "group1/1/100.jpg group1/1_not/100.txt\ngroup1/1/101.jpg group1/1_not/101.txt\n");
    Dataset<Row> rows = cut(job("deeppcb", dir, "input.include_good=true"));
    List<Row> crops = rows.filter("kind = 'crop'").collectAsList();
    assertEquals(4, crops.size(), "two valid boxes, each also cut from the template");
    assertEquals(2, crops.stream().filter(r -> "good".equals(r.getAs("given_label"))).count());
    assertEquals(1, crops.stream().filter(r -> "pin-hole".equals(r.getAs("given_label"))).count());
    Map<String, String> errors = errorsByFile(rows);
    assertEquals(2, errors.size(), errors.toString());
    assertTrue(errors.values().stream().anyMatch(e -> e.contains("unknown DeepPCB class id 9")), errors.toString());
    assertTrue(errors.values().stream().anyMatch(e -> e.contains("101.txt") && e.contains("not found")), errors.toString());
  }
}
