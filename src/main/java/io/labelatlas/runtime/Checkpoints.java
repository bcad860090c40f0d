package io.labelatlas.runtime;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * Materializes data that later passes must read unchanged (a numbering from {@code zipWithIndex}, neighbour lists, a
 * seeded ranking). Inside a {@link Scope} (every job and the cluster command open one, under the storage of their
 * tables or output) the rows are cached and also written as a reliable checkpoint, so losing the executor that held
 * them costs a re-read of the checkpoint files, not the run, and nothing order-dependent is recomputed. Outside a
 * scope (a library user's own session) it is a local checkpoint, which Spark documents as lost with its executor.
 */
public final class Checkpoints {
  /** The folder beside the tables (or output files) that holds a running job's checkpoints; deleted when it ends. */
  public static final String FOLDER = "_checkpoints";
  private static final AtomicReference<Scope> OPEN = new AtomicReference<>();

  private Checkpoints() {}

  public static Dataset<Row> materialize(Dataset<Row> data) {
    if (OPEN.get() == null) return data.localCheckpoint(true, StorageLevel.MEMORY_AND_DISK());
    // Cached for the passes that follow; the checkpoint, written by the job after the count, backs the lost blocks.
    JavaRDD<Row> rows = data.javaRDD().persist(StorageLevel.MEMORY_AND_DISK());
    rows.checkpoint();
    rows.count();
    return data.sparkSession().createDataFrame(rows, data.schema());
  }

  /**
   * Opens a checkpoint folder {@code root/_checkpoints/<random>} for the session; closing deletes it. Jobs in one JVM
   * run one after another, so the latest scope opened is the one in use.
   */
  public static Scope open(SparkSession spark, String root) {
    SparkContext context = spark.sparkContext();
    Path folder = new Path(root, FOLDER);
    context.setCheckpointDir(folder.toString());
    Scope scope = new Scope(spark, folder, context.getCheckpointDir().get());
    OPEN.set(scope);
    return scope;
  }

  /** A job's checkpoint folder; {@link #close} deletes it (best effort: a leftover folder is only disk space). */
  public static final class Scope implements AutoCloseable {
    private final SparkSession spark;
    private final Path folder;
    private final String dir;

    private Scope(SparkSession spark, Path folder, String dir) {
      this.spark = spark;
      this.folder = folder;
      this.dir = dir;
    }

    public String dir() {
      return dir;
    }

    @Override
    public void close() {
      OPEN.compareAndSet(this, null);
      try {
        FileSystem fs = folder.getFileSystem(spark.sparkContext().hadoopConfiguration());
        fs.delete(new Path(dir), true);
        // The shared parent goes too when no other run's checkpoints are in it.
        if (fs.exists(folder) && fs.listStatus(folder).length == 0) fs.delete(folder, false);
      } catch (IOException | RuntimeException e) {
        System.err.println("warning: could not delete the checkpoint folder " + dir + ": " + e.getMessage());
      }
    }
  }
}
