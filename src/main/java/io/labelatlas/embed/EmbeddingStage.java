package io.labelatlas.embed;

import io.labelatlas.ingest.CropBox;
import io.labelatlas.ingest.CropPixels;
import io.labelatlas.store.VectorColumns;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.util.LongAccumulator;
import scala.Tuple2;

/**
 * Runs a {@link Backbone} over crops inside {@code mapPartitions}: one backbone instance per executor JVM shared by
 * all its tasks (loading a deep model per partition is the known waste), crops fed in batches, and only one batch of
 * crops and vectors held per task at a time.
 */
public final class EmbeddingStage {
  private static final ConcurrentHashMap<String, Backbone> PER_JVM = new ConcurrentHashMap<>();

  private EmbeddingStage() {}

  static Backbone shared(Backbone shipped) {
    String key = shipped.name() + "|" + shipped.modelSha256() + "|" + shipped.preprocessing();
    return PER_JVM.computeIfAbsent(key, k -> shipped);
  }

  private static final String[] PIXEL_COLUMNS = {"crop_id", "width", "height", "channels", "pixels"};
  private static final String[] BOX_COLUMNS = {"box_x1", "box_y1", "box_x2", "box_y2", "image_width", "image_height"};

  /**
   * @param crops rows with {@code crop_id, width, height, channels, pixels} and, where the crop stage made them, the
   *     box and image size ({@code box_x1 .. box_y2, image_width, image_height}) that box backbones read
   * @return (crop_id, vector) pairs
   */
  public static JavaPairRDD<String, float[]> embed(Dataset<Row> crops, Backbone backbone, int batchSize,
      LongAccumulator done) {
    boolean withBox = java.util.Arrays.asList(crops.columns()).containsAll(java.util.Arrays.asList(BOX_COLUMNS));
    List<String> columns = new ArrayList<>(List.of(PIXEL_COLUMNS));
    if (withBox) columns.addAll(List.of(BOX_COLUMNS));
    return crops.selectExpr(columns.toArray(String[]::new)).javaRDD()
        .mapPartitionsToPair(rows -> new BatchIterator(rows, shared(backbone), batchSize, done));
  }

  private static CropPixels crop(Row row) {
    CropBox box = row.size() <= PIXEL_COLUMNS.length || row.isNullAt(9) ? null : CropBox.of((Integer) row.get(5),
        (Integer) row.get(6), (Integer) row.get(7), (Integer) row.get(8), row.getInt(9), row.getInt(10));
    return new CropPixels(row.getInt(1), row.getInt(2), row.getInt(3), (byte[]) row.get(4), box);
  }

  /** Pulls one batch of crops at a time from the partition, embeds it, and hands the vectors out one by one. */
  private static final class BatchIterator implements Iterator<Tuple2<String, float[]>> {
    private final Iterator<Row> rows;
    private final Backbone backbone;
    private final int batchSize;
    private final LongAccumulator done;
    private final List<String> ids = new ArrayList<>();
    private List<float[]> vectors = List.of();
    private int next;

    BatchIterator(Iterator<Row> rows, Backbone backbone, int batchSize, LongAccumulator done) {
      this.rows = rows;
      this.backbone = backbone;
      this.batchSize = batchSize;
      this.done = done;
    }

    @Override
    public boolean hasNext() {
      if (next < ids.size()) return true;
      if (!rows.hasNext()) return false;
      ids.clear();
      List<CropPixels> batch = new ArrayList<>(batchSize);
      while (rows.hasNext() && batch.size() < batchSize) {
        Row row = rows.next();
        ids.add(row.getString(0));
        batch.add(crop(row));
      }
      vectors = backbone.embed(batch);
      if (vectors.size() != batch.size()) {
        throw new IllegalStateException(backbone.name() + " returned " + vectors.size() + " vectors for "
            + batch.size() + " crops");
      }
      for (float[] vector : vectors) {
        if (vector.length != backbone.dimension()) {
          throw new IllegalStateException(backbone.name() + " returned a vector of length " + vector.length
              + ", expected " + backbone.dimension());
        }
      }
      next = 0;
      if (done != null) done.add(batch.size());
      return true;
    }

    @Override
    public Tuple2<String, float[]> next() {
      if (!hasNext()) throw new NoSuchElementException();
      String id = ids.get(next);
      float[] vector = vectors.get(next);
      next++;
      return new Tuple2<>(id, vector);
    }
  }

  /** Vectors read back from the embeddings table, as pairs. */
  public static JavaPairRDD<String, float[]> fromTable(Dataset<Row> idAndVector) {
    return idAndVector.javaRDD().mapToPair(row -> new Tuple2<>(row.getString(0), VectorColumns.toFloats(row.get(1))));
  }
}
