package io.labelatlas.ingest;

import io.labelatlas.config.ConfigException;
import io.labelatlas.config.JobConfig.InputConfig;
import io.labelatlas.runtime.HadoopFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/** {@code input.kind: deeppcb}, the DeepPCB layout: a split list of image and annotation pairs, boxes with class ids. */
final class DeepPcbSource implements InputSource {
  /** DeepPCB's defect type ids, as in its README. */
  static final Map<Integer, String> TYPES =
      Map.of(1, "open", 2, "short", 3, "mousebite", 4, "spur", 5, "copper", 6, "pin-hole");

  /**
   * DeepPCB: ROOT/&lt;split&gt;.txt lists "image annotation" pairs; the image is written as ID.jpg but stored as
   * ID_test.jpg (defective) and ID_temp.jpg (its defect-free template).
   */
  @Override
  public Dataset<Row> list(SparkSession spark, InputConfig input, HadoopFiles files) {
    String root = SourcePaths.qualified(spark, input.path());
    String listFile = root + "/" + input.split() + ".txt";
    try {
      if (!files.exists(listFile)) {
        throw new ConfigException("DeepPCB list " + listFile + " (from 'input.split' = " + input.split() + ") does not exist");
      }
    } catch (IOException e) {
      throw new ConfigException("DeepPCB list " + listFile + " cannot be read: " + e.getMessage(), e);
    }
    boolean includeGood = input.includeGood();
    long maxBytes = input.maxImageBytes();
    Dataset<Row> lines = spark.read().text(listFile).filter(functions.trim(functions.col("value")).notEqual(""));
    return lines.mapPartitions((MapPartitionsFunction<Row, Row>) rows -> {
      List<Row> out = new ArrayList<>();
      while (rows.hasNext()) {
        String line = rows.next().getString(0).trim();
        String[] parts = line.split("\\s+");
        if (parts.length != 2) {
          out.add(ImageRefs.problem(listFile, listFile, "ingest", "line '" + line + "'",
              "list line '" + line + "' is not 'image annotation'"));
          continue;
        }
        String stem = parts[0].replaceFirst("\\.jpg$", "");
        String defective = root + "/" + stem + "_test.jpg";
        String template = root + "/" + stem + "_temp.jpg";
        String annotation = root + "/" + parts[1];
        String text;
        try {
          text = new String(files.readAll(annotation, maxBytes), StandardCharsets.UTF_8);
        } catch (IOException e) {
          out.add(ImageRefs.problem(defective, annotation, "ingest", "image",
              "annotation file " + annotation + ": " + e.getMessage()));
          continue;
        }
        int lineNumber = 0;
        for (String boxLine : text.split("\\R")) {
          lineNumber++;
          if (boxLine.isBlank()) continue;
          String[] fields = boxLine.trim().split("[\\s,]+");
          try {
            if (fields.length != 5) throw new IllegalArgumentException("expected 'x1 y1 x2 y2 type', found '" + boxLine.trim() + "'");
            int[] v = new int[5];
            for (int i = 0; i < 5; i++) v[i] = Integer.parseInt(fields[i]);
            String label = TYPES.get(v[4]);
            if (label == null) throw new IllegalArgumentException("unknown DeepPCB class id " + v[4] + " (known: 1..6)");
            Box box = new Box(v[0], v[1], v[2], v[3]);
            out.add(ImageRefs.boxed(defective, label, box, ImageRefs.DEFECT, annotation));
            if (includeGood) out.add(ImageRefs.boxed(template, "good", box, ImageRefs.TEMPLATE, annotation));
          } catch (IllegalArgumentException e) {
            out.add(ImageRefs.problem(defective, annotation, "ingest", "line " + lineNumber,
                annotation + " line " + lineNumber + ": " + e.getMessage()));
          }
        }
      }
      return out.iterator();
    }, Encoders.row(ImageRefs.SCHEMA));
  }
}
