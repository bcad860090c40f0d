package io.labelatlas.embed;

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

  /**
   * @param crops rows with {@code crop_id, width, height, channels, pixels}
   * @return (crop_id, vector) pairs
   */
  public static JavaPairRDD<String, float[]> embed(Dataset<Row> crops, Backbone backbone, int batchSize,
      LongAccumulator done) {
    return crops.select("crop_id", "width", "height", "channels", "pixels").javaRDD()
        .mapPartitionsToPair(rows -> new BatchIterator(rows, shared(backbone), batchSize, done));
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
        batch.add(new CropPixels(row.getInt(1), row.getInt(2), row.getInt(3), (byte[]) row.get(4)));
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
