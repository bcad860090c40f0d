package io.labelatlas.runtime;

import java.io.IOException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import scala.Option;

/**
 * Materializes data that later passes must read unchanged (a numbering from {@code zipWithIndex}, neighbour lists, a
 * seeded ranking). Inside a {@link Scope} (every job and command opens one, under the storage of its tables or output)
 * that is a reliable checkpoint: the rows are written to shared storage, so losing the executor that computed them
 * costs a re-read, not the run, and nothing non-deterministic is recomputed. Outside a scope (a library user's own
 * session without a checkpoint directory) it is a local checkpoint, which Spark documents as lost with its executor.
 */
public final class Checkpoints {
  /** The folder beside the tables (or output files) that holds a running job's checkpoints; deleted when it ends. */
  public static final String FOLDER = "_checkpoints";

  private Checkpoints() {}

  public static <T> Dataset<T> materialize(Dataset<T> data) {
    if (!data.sparkSession().sparkContext().getCheckpointDir().isDefined()) {
      return data.localCheckpoint(true, StorageLevel.MEMORY_AND_DISK());
    }
    // Cached first, so that writing the checkpoint reads the rows the count computed instead of computing them again.
    Dataset<T> cached = data.persist(StorageLevel.MEMORY_AND_DISK());
    try {
      return cached.checkpoint(true);
    } finally {
      cached.unpersist(false);
    }
  }

  /** Opens a checkpoint folder {@code root/_checkpoints/<random>} for the session; closing deletes it. */
  public static Scope open(SparkSession spark, String root) {
    SparkContext context = spark.sparkContext();
    context.setCheckpointDir(new Path(root, FOLDER).toString());
    Option<String> dir = context.getCheckpointDir();
    return new Scope(spark, dir.get());
  }

  /** A job's checkpoint folder; {@link #close} deletes it (best effort: a leftover folder is only disk space). */
  public static final class Scope implements AutoCloseable {
    private final SparkSession spark;
    private final String dir;

    private Scope(SparkSession spark, String dir) {
      this.spark = spark;
      this.dir = dir;
    }

    public String dir() {
      return dir;
    }

    @Override
    public void close() {
      Path path = new Path(dir);
      try {
        FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
        fs.delete(path, true);
      } catch (IOException | RuntimeException e) {
        System.err.println("warning: could not delete the checkpoint folder " + dir + ": " + e.getMessage());
      }
    }
  }
}
