package io.labelatlas.ingest;

import io.labelatlas.config.JobConfig.InputConfig;
import io.labelatlas.runtime.HadoopFiles;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * {@code input.kind: voc}, Pascal VOC: ANNOTATIONS/.../x.xml names its image, found at the same relative folder under
 * IMAGES; one reference per {@code <object>} box. XML is parsed without DTDs or external entities.
 */
final class VocSource implements InputSource {
  @Override
  public Dataset<Row> list(SparkSession spark, InputConfig input, HadoopFiles files) {
    String annotations = SourcePaths.qualified(spark, input.annotations() != null ? input.annotations() : input.path() + "/annotations");
    String images = SourcePaths.qualified(spark, input.images() != null ? input.images() : input.path() + "/images");
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

}
