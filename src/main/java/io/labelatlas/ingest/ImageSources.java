package io.labelatlas.ingest;

import io.labelatlas.config.ConfigException;
import io.labelatlas.config.JobConfig.InputConfig;
import io.labelatlas.runtime.HadoopFiles;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Lists the images, labels and boxes of a job's input as {@link ImageRefs} rows. Listing and annotation parsing run on
 * executors (Spark's file sources and {@code mapPartitions}); the driver sees only file names through Spark's own
 * file index. Annotation problems become rows with an error, never exceptions.
 */
public final class ImageSources {
  /** DeepPCB's defect type ids, as in its README. */
  public static final Map<Integer, String> DEEPPCB_TYPES =
      Map.of(1, "open", 2, "short", 3, "mousebite", 4, "spur", 5, "copper", 6, "pin-hole");

  private ImageSources() {}

  public static Dataset<Row> list(SparkSession spark, InputConfig input) {
    HadoopFiles files = new HadoopFiles(spark.sparkContext().hadoopConfiguration());
    Dataset<Row> refs = switch (input.kind()) {
      case "folders" -> folders(spark, input.path());
      case "manifest", "synthetic" -> manifest(spark, manifestPath(input), files);
      case "voc" -> voc(spark, input, files);
      case "deeppcb" -> deeppcb(spark, input, files);
      default -> throw new ConfigException("'input.kind' = '" + input.kind() + "' has no source");
    };
    if (input.limit() > 0) {
      // Sorted first so that a limit picks the same images on every run.
      refs = refs.orderBy("source_path", "box_x1", "box_y1", "box_x2", "box_y2", "variant").limit(input.limit());
    }
    return refs;
  }

  public static String manifestPath(InputConfig input) {
    return input.kind().equals("synthetic") ? input.path() + "/manifest.csv" : input.path();
  }

  static String qualified(SparkSession spark, String path) {
    try {
      Path hadoopPath = new Path(path);
      FileSystem fs = hadoopPath.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.exists(hadoopPath)) throw new ConfigException("'input.path' " + path + " does not exist");
      return fs.makeQualified(hadoopPath).toString();
    } catch (IOException e) {
      throw new ConfigException("'input.path' " + path + " cannot be read: " + e.getMessage(), e);
    }
  }

  /** One folder per class: ROOT/&lt;label&gt;/.../image. */
  static Dataset<Row> folders(SparkSession spark, String root) {
    String qualifiedRoot = qualified(spark, root);
    Dataset<Row> paths = spark.read().format("binaryFile").option("recursiveFileLookup", "true")
        .load(qualifiedRoot).select("path");
    return paths.mapPartitions((MapPartitionsFunction<Row, Row>) rows -> {
      String prefix = qualifiedRoot.endsWith("/") ? qualifiedRoot : qualifiedRoot + "/";
      List<Row> out = new ArrayList<>();
      while (rows.hasNext()) {
        String path = rows.next().getString(0);
        String relative = path.startsWith(prefix) ? path.substring(prefix.length()) : path;
        int slash = relative.indexOf('/');
        if (slash <= 0) {
          out.add(ImageRefs.problem(path, qualifiedRoot, "ingest", "image", "file is not inside a class folder of " + root));
        } else {
          out.add(ImageRefs.whole(path, relative.substring(0, slash), qualifiedRoot));
        }
      }
      return out.iterator();
    }, Encoders.row(ImageRefs.SCHEMA));
  }

  /** CSV (with header) or Parquet: path, optional label, optional box x1,y1,x2,y2. */
  static Dataset<Row> manifest(SparkSession spark, String manifest, HadoopFiles files) {
    String qualifiedManifest = qualified(spark, manifest);
    Dataset<Row> table = manifest.endsWith(".parquet") || manifest.endsWith(".parq")
        ? spark.read().parquet(qualifiedManifest)
        : spark.read().option("header", "true").option("mode", "PERMISSIVE").csv(qualifiedManifest);
    List<String> columns = Arrays.asList(table.columns());
    if (!columns.contains("path")) {
      throw new ConfigException("manifest " + manifest + " has no 'path' column (columns: " + columns + ")");
    }
    List<String> box = List.of("x1", "y1", "x2", "y2");
    long boxColumns = box.stream().filter(columns::contains).count();
    if (boxColumns != 0 && boxColumns != 4) {
      throw new ConfigException("manifest " + manifest + " must have all of x1,y1,x2,y2 or none of them");
    }
    boolean hasBox = boxColumns == 4;
    boolean hasLabel = columns.contains("label");
    String base = qualifiedManifest.substring(0, qualifiedManifest.lastIndexOf('/') + 1);
    Dataset<Row> selected = table.select(
        functions.col("path").cast("string"),
        hasLabel ? functions.col("label").cast("string") : functions.lit(null).cast("string"),
        hasBox ? functions.col("x1").cast("string") : functions.lit(null).cast("string"),
        hasBox ? functions.col("y1").cast("string") : functions.lit(null).cast("string"),
        hasBox ? functions.col("x2").cast("string") : functions.lit(null).cast("string"),
        hasBox ? functions.col("y2").cast("string") : functions.lit(null).cast("string"));
    return selected.mapPartitions((MapPartitionsFunction<Row, Row>) rows -> {
      List<Row> out = new ArrayList<>();
      while (rows.hasNext()) {
        Row row = rows.next();
        String raw = row.getString(0);
        if (raw == null || raw.isBlank()) {
          out.add(ImageRefs.problem(qualifiedManifest, qualifiedManifest, "ingest", "row " + rowText(row),
              "manifest row with empty path"));
          continue;
        }
        String path = isAbsolute(raw) ? raw : base + raw;
        String label = row.isNullAt(1) || row.getString(1).isBlank() ? null : row.getString(1).trim();
        if (row.isNullAt(2) && row.isNullAt(3) && row.isNullAt(4) && row.isNullAt(5)) {
          out.add(ImageRefs.whole(path, label, qualifiedManifest));
          continue;
        }
        try {
          Box parsed = new Box(parseInt(row, 2, "x1"), parseInt(row, 3, "y1"), parseInt(row, 4, "x2"),
              parseInt(row, 5, "y2"));
          out.add(ImageRefs.boxed(path, label, parsed, ImageRefs.DEFECT, qualifiedManifest));
        } catch (IllegalArgumentException e) {
          out.add(ImageRefs.problem(path, qualifiedManifest, "ingest", "row " + rowText(row), "manifest box: " + e.getMessage()));
        }
      }
      return out.iterator();
    }, Encoders.row(ImageRefs.SCHEMA));
  }

  private static String rowText(Row row) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < row.length(); i++) text.append(i == 0 ? "" : ",").append(row.isNullAt(i) ? "" : row.getString(i));
    return text.toString();
  }

  private static int parseInt(Row row, int index, String name) {
    String text = row.isNullAt(index) ? null : row.getString(index).trim();
    if (text == null || text.isEmpty()) throw new IllegalArgumentException(name + " is empty");
    try {
      double value = Double.parseDouble(text);
      if (value != Math.rint(value) || Math.abs(value) > Integer.MAX_VALUE) throw new NumberFormatException();
      return (int) value;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " = '" + text + "' is not a whole pixel coordinate");
    }
  }

  static boolean isAbsolute(String path) {
    return path.startsWith("/") || path.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*");
  }

  /** Pascal VOC: ANNOTATIONS/.../x.xml names its image, found at the same relative folder under IMAGES. */
  static Dataset<Row> voc(SparkSession spark, InputConfig input, HadoopFiles files) {
    String annotations = qualified(spark, input.annotations() != null ? input.annotations() : input.path() + "/annotations");
    String images = qualified(spark, input.images() != null ? input.images() : input.path() + "/images");
    Dataset<Row> xml = spark.read().format("binaryFile").option("recursiveFileLookup", "true")
        .option("pathGlobFilter", "*.xml").load(annotations).select("path", "content");
    return xml.mapPartitions((MapPartitionsFunction<Row, Row>) rows -> {
      DocumentBuilder parser = safeXmlParser();
      String prefix = annotations.endsWith("/") ? annotations : annotations + "/";
      List<Row> out = new ArrayList<>();
      while (rows.hasNext()) {
        Row row = rows.next();
        String xmlPath = row.getString(0);
        String relative = xmlPath.startsWith(prefix) ? xmlPath.substring(prefix.length()) : xmlPath;
        String folder = relative.contains("/") ? relative.substring(0, relative.lastIndexOf('/') + 1) : "";
        try {
          Document doc = parser.parse(new ByteArrayInputStream((byte[]) row.get(1)));
          String stem = relative.substring(relative.lastIndexOf('/') + 1).replaceFirst("\\.xml$", "");
          String imagePath = vocImage(files, images + "/" + folder, text(doc.getDocumentElement(), "filename"), stem);
          NodeList objects = doc.getElementsByTagName("object");
          if (objects.getLength() == 0) {
            out.add(ImageRefs.problem(imagePath, xmlPath, "ingest", "image", "annotation has no <object> boxes"));
          }
          for (int i = 0; i < objects.getLength(); i++) {
            Element object = (Element) objects.item(i);
            String label = text(object, "name");
            Element box = (Element) object.getElementsByTagName("bndbox").item(0);
            try {
              if (label == null || label.isBlank()) throw new IllegalArgumentException("<object> without <name>");
              if (box == null) throw new IllegalArgumentException("<object> without <bndbox>");
              Box parsed = Box.fromVoc(vocInt(box, "xmin"), vocInt(box, "ymin"), vocInt(box, "xmax"), vocInt(box, "ymax"));
              out.add(ImageRefs.boxed(imagePath, label.trim(), parsed, ImageRefs.DEFECT, xmlPath));
            } catch (IllegalArgumentException e) {
              out.add(ImageRefs.problem(imagePath, xmlPath, "ingest", "object " + (i + 1), "object " + (i + 1) + " in "
                  + xmlPath + ": " + e.getMessage()));
            }
          }
        } catch (Exception e) {
          out.add(ImageRefs.problem(xmlPath, xmlPath, "ingest", "image", "unreadable VOC annotation: " + e.getMessage()));
        }
      }
      return out.iterator();
    }, Encoders.row(ImageRefs.SCHEMA));
  }

  private static final List<String> IMAGE_EXTENSIONS = List.of(".jpg", ".jpeg", ".png", ".bmp", ".tif", ".tiff");

  /**
   * The image a VOC annotation belongs to. Real annotation sets name it loosely (NEU-DET writes some
   * {@code <filename>} values without extension), so try the name as given, then with the usual extensions, then the
   * annotation's own stem; a name that matches nothing is returned as given and reported as missing when read.
   */
  static String vocImage(HadoopFiles files, String folder, String filename, String annotationStem) throws IOException {
    List<String> candidates = new ArrayList<>();
    if (filename != null && !filename.isBlank()) {
      String name = filename.trim();
      candidates.add(name);
      if (!name.contains(".")) for (String ext : IMAGE_EXTENSIONS) candidates.add(name + ext);
    }
    for (String ext : IMAGE_EXTENSIONS) candidates.add(annotationStem + ext);
    for (String candidate : candidates) {
      if (files.exists(folder + candidate)) return folder + candidate;
    }
    return folder + candidates.get(0);
  }

  private static DocumentBuilder safeXmlParser() throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    factory.setExpandEntityReferences(false);
    DocumentBuilder builder = factory.newDocumentBuilder();
    builder.setErrorHandler(null);
    return builder;
  }

  private static String text(Element parent, String tag) {
    NodeList nodes = parent.getElementsByTagName(tag);
    return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent();
  }

  private static int vocInt(Element box, String tag) {
    String value = text(box, tag);
    if (value == null) throw new IllegalArgumentException("<bndbox> without <" + tag + ">");
    try {
      return (int) Math.round(Double.parseDouble(value.trim()));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("<" + tag + "> = '" + value.trim() + "' is not a number");
    }
  }

  /**
   * DeepPCB: ROOT/&lt;split&gt;.txt lists "image annotation" pairs; the image is written as ID.jpg but stored as
   * ID_test.jpg (defective) and ID_temp.jpg (its defect-free template).
   */
  static Dataset<Row> deeppcb(SparkSession spark, InputConfig input, HadoopFiles files) {
    String root = qualified(spark, input.path());
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
            String label = DEEPPCB_TYPES.get(v[4]);
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
