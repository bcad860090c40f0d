package io.labelatlas.ingest;

import io.labelatlas.runtime.HadoopFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;

/**
 * Reads, hashes and decodes each referenced image once on an executor, and cuts every box in it into a crop. Returns
 * crop rows and error rows in one dataset ({@code kind} tells them apart), so one pass over the images yields both
 * and a bad image never stops the job.
 */
public final class CropStage {
  public static final String KIND_CROP = "crop";
  public static final String KIND_ERROR = "error";

  public static final StructType SCHEMA = new StructType()
      .add("kind", DataTypes.StringType, false)
      .add("crop_id", DataTypes.StringType, true)
      .add("source_path", DataTypes.StringType, false)
      .add("source_sha256", DataTypes.StringType, true)
      .add("variant", DataTypes.StringType, true)
      .add("box_x1", DataTypes.IntegerType, true)
      .add("box_y1", DataTypes.IntegerType, true)
      .add("box_x2", DataTypes.IntegerType, true)
      .add("box_y2", DataTypes.IntegerType, true)
      .add("crop_x", DataTypes.IntegerType, true)
      .add("crop_y", DataTypes.IntegerType, true)
      .add("crop_width", DataTypes.IntegerType, true)
      .add("crop_height", DataTypes.IntegerType, true)
      .add("image_width", DataTypes.IntegerType, true)
      .add("image_height", DataTypes.IntegerType, true)
      .add("given_label", DataTypes.StringType, true)
      .add("label_origin", DataTypes.StringType, true)
      .add("width", DataTypes.IntegerType, true)
      .add("height", DataTypes.IntegerType, true)
      .add("channels", DataTypes.IntegerType, true)
      .add("pixels", DataTypes.BinaryType, true)
      .add("stage", DataTypes.StringType, true)
      .add("item", DataTypes.StringType, true)
      .add("reason", DataTypes.StringType, true);

  private CropStage() {}

  /** Stable id of a crop: the source's content hash and the box, so moved or renamed files keep their crops' ids. */
  public static String cropId(String sourceSha256, Box boxOrNull) {
    String key = sourceSha256 + "|" + (boxOrNull == null ? "image" : boxOrNull.x1() + "," + boxOrNull.y1() + ","
        + boxOrNull.x2() + "," + boxOrNull.y2());
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * @param refs {@link ImageRefs#SCHEMA} rows
   * @param keepColour keep RGB crops (deep backbones) rather than grey ones (HOG)
   */
  public static Dataset<Row> cut(Dataset<Row> refs, CropSettings settings, boolean keepColour, HadoopFiles files,
      long maxImageBytes, int partitions, LongAccumulator done) {
    Dataset<Row> grouped = refs.repartition(partitions, functions.col("source_path"))
        .sortWithinPartitions("source_path", "box_x1", "box_y1", "box_x2", "box_y2");
    return grouped.mapPartitions((MapPartitionsFunction<Row, Row>) rows ->
        new Cutter(rows, settings, keepColour, files, maxImageBytes, done), Encoders.row(SCHEMA));
  }

  /** Walks refs sorted by source path, decoding each image once for all its boxes. */
  private static final class Cutter implements Iterator<Row> {
    private final Iterator<Row> refs;
    private final CropSettings settings;
    private final boolean keepColour;
    private final HadoopFiles files;
    private final long maxImageBytes;
    private final LongAccumulator done;
    private final List<Row> pending = new ArrayList<>();
    private String currentPath;
    private String currentSha;
    private Raster currentImage;
    private boolean currentFailed;

    Cutter(Iterator<Row> refs, CropSettings settings, boolean keepColour, HadoopFiles files, long maxImageBytes,
        LongAccumulator done) {
      this.refs = refs;
      this.settings = settings;
      this.keepColour = keepColour;
      this.files = files;
      this.maxImageBytes = maxImageBytes;
      this.done = done;
    }

    @Override
    public boolean hasNext() {
      while (pending.isEmpty() && refs.hasNext()) process(refs.next());
      return !pending.isEmpty();
    }

    @Override
    public Row next() {
      if (!hasNext()) throw new java.util.NoSuchElementException();
      return pending.remove(0);
    }

    private void process(Row ref) {
      if (done != null) done.add(1);
      String path = ref.getString(0);
      Box box = ref.isNullAt(2) ? null : new Box(ref.getInt(2), ref.getInt(3), ref.getInt(4), ref.getInt(5));
      String item = box == null ? "image" : "box " + box;
      if (!ref.isNullAt(9)) {
        pending.add(error(path, ref.getString(8), ref.isNullAt(10) ? item : ref.getString(10), ref.getString(9)));
        return;
      }
      if (!path.equals(currentPath)) load(path);
      if (currentFailed) return;
      CropResult result;
      try {
        result = MarginCropper.cut(currentImage, box, settings);
      } catch (RuntimeException e) {
        pending.add(error(path, "crop", item, "crop failed: " + e));
        return;
      }
      if (!result.isAccepted()) {
        pending.add(error(path, "crop", item, result.rejection()));
        return;
      }
      Box window = result.window();
      CropPixels pixels = CropPixels.of(result.raster());
      pending.add(RowFactory.create(KIND_CROP, cropId(currentSha, box), path, currentSha, ref.getString(6),
          box == null ? null : box.x1(), box == null ? null : box.y1(),
          box == null ? null : box.x2(), box == null ? null : box.y2(),
          window.x1(), window.y1(), window.width(), window.height(),
          currentImage.width(), currentImage.height(), ref.getString(1), ref.getString(7),
          pixels.width(), pixels.height(), pixels.channels(), pixels.pixels(), null, null, null));
    }

    /** Reads and decodes a new image; a failure becomes one error row for the image, and its boxes are skipped. */
    private void load(String path) {
      currentPath = path;
      currentImage = null;
      currentSha = null;
      currentFailed = true;
      byte[] bytes;
      try {
        bytes = files.readAll(path, maxImageBytes);
      } catch (IOException | RuntimeException e) {
        pending.add(error(path, "read", "image", "cannot read " + path + ": " + e.getMessage()));
        return;
      }
      currentSha = ImageDecoder.sha256Hex(bytes);
      try {
        Raster image = ImageDecoder.decode(bytes, path);
        currentImage = keepColour || image.channels() == 1 ? image : image.toGrey();
        currentFailed = false;
      } catch (ImageDecodeException e) {
        pending.add(error(path, "decode", "image", e.getMessage()));
      } catch (RuntimeException | OutOfMemoryError e) {
        pending.add(error(path, "decode", "image", "cannot decode " + path + ": " + e));
      }
    }

    private static Row error(String path, String stage, String item, String reason) {
      return RowFactory.create(KIND_ERROR, null, path, null, null, null, null, null, null, null, null, null, null,
          null, null, null, null, null, null, null, null, stage, item, reason);
    }
  }
}
