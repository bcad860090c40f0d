package io.labelatlas.ingest;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Schema of an image reference: one image (or one box in it) that the crop stage should read, or an annotation
 * problem found while listing the sources ({@code error} set), which becomes an {@code errors} row.
 */
public final class ImageRefs {
  public static final String IMAGE = "image";
  public static final String DEFECT = "defect";
  public static final String TEMPLATE = "template";

  public static final StructType SCHEMA = new StructType()
      .add("source_path", DataTypes.StringType, false)
      .add("label", DataTypes.StringType, true)
      .add("box_x1", DataTypes.IntegerType, true)
      .add("box_y1", DataTypes.IntegerType, true)
      .add("box_x2", DataTypes.IntegerType, true)
      .add("box_y2", DataTypes.IntegerType, true)
      .add("variant", DataTypes.StringType, false)
      .add("label_origin", DataTypes.StringType, true)
      .add("error_stage", DataTypes.StringType, true)
      .add("error", DataTypes.StringType, true)
      .add("error_item", DataTypes.StringType, true);

  private ImageRefs() {}

  public static Row whole(String path, String label, String origin) {
    return RowFactory.create(path, label, null, null, null, null, IMAGE, origin, null, null, null);
  }

  public static Row boxed(String path, String label, Box box, String variant, String origin) {
    return RowFactory.create(path, label, box.x1(), box.y1(), box.x2(), box.y2(), variant, origin, null, null, null);
  }

  /**
   * A reference that could not be made (bad annotation or manifest row); it becomes an {@code errors} row.
   * {@code item} tells apart several problems of one file (e.g. {@code object 3}, {@code line 12}), since the errors
   * table is keyed by file, stage and item.
   */
  public static Row problem(String path, String origin, String stage, String item, String reason) {
    return RowFactory.create(path, null, null, null, null, null, IMAGE, origin, stage, reason, item);
  }
}
