package io.labelatlas.runtime;

import java.io.IOException;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * Materializes data that later passes must read unchanged (a numbering from {@code zipWithIndex}, neighbour lists, a
 * seeded ranking). Inside a {@link Scope} (every job and the cluster command open one, under the storage of their
 * tables or output) the rows are written once as Parquet in the scope's folder and read back, cached: losing the
 * executor that held them costs a re-read of those files, not the run, and nothing order-dependent is recomputed.
 * (Plain files rather than Spark's RDD checkpoints, whose directory check fails on object stores such as s3a.)
 * Outside a scope (a library user's own session) it is a local checkpoint, which Spark documents as lost with its
 * executor.
 */
public final class Checkpoints {
  /** The folder beside the tables (or output files) that holds a running job's checkpoints; deleted when it ends. */
  public static final String FOLDER = "_checkpoints";
  private static final AtomicReference<Scope> OPEN = new AtomicReference<>();

  private Checkpoints() {}

  public static Dataset<Row> materialize(Dataset<Row> data) {
    Scope scope = OPEN.get();
    if (scope == null) return data.localCheckpoint(true, StorageLevel.MEMORY_AND_DISK());
    String path = scope.nextPath();
    data.write().parquet(path);
    SparkSession spark = data.sparkSession();
    // The original schema, nullability included (a Parquet read makes every column nullable); the first pass over
    // it fills the cache from the files.
    return spark.createDataFrame(spark.read().parquet(path).javaRDD(), data.schema())
        .persist(StorageLevel.MEMORY_AND_DISK());
  }

  /**
   * Opens the checkpoint folder {@code root/_checkpoints/<random>}; closing deletes it. Jobs in one JVM run one after
   * another, so the latest scope opened is the one in use.
   */
  public static Scope open(SparkSession spark, String root) {
    Scope scope = new Scope(spark, new Path(root, FOLDER), UUID.randomUUID().toString());
    OPEN.set(scope);
    return scope;
  }

  /** A job's checkpoint folder; {@link #close} deletes it (best effort: a leftover folder is only disk space). */
  public static final class Scope implements AutoCloseable {
    private final SparkSession spark;
    private final Path parent;
    private final Path dir;
    private final AtomicInteger written = new AtomicInteger();

    private Scope(SparkSession spark, Path parent, String name) {
      this.spark = spark;
      this.parent = parent;
      this.dir = new Path(parent, name);
    }

    public String dir() {
      return dir.toString();
    }

    private String nextPath() {
      return new Path(dir, "data-" + written.incrementAndGet()).toString();
    }

    @Override
    public void close() {
      OPEN.compareAndSet(this, null);
      try {
        FileSystem fs = parent.getFileSystem(spark.sparkContext().hadoopConfiguration());
        fs.delete(dir, true);
        // The shared parent goes too when no other run's checkpoints are in it.
        if (fs.exists(parent) && fs.listStatus(parent).length == 0) fs.delete(parent, false);
      } catch (IOException | RuntimeException e) {
        System.err.println("warning: could not delete the checkpoint folder " + dir + ": " + e.getMessage());
      }
    }
  }
}
