package io.labelatlas.pipeline;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.storage.StorageLevel;

/**
 * What one run caches and broadcasts, released when the run ends (success or failure). Broadcasts go last: the lineage
 * of cached data still refers to them, so they can only be destroyed once nothing will be recomputed.
 */
final class RunResources implements AutoCloseable {
  private final List<Dataset<?>> datasets = new ArrayList<>();
  private final List<JavaPairRDD<?, ?>> pairs = new ArrayList<>();
  private final List<Broadcast<?>> broadcasts = new ArrayList<>();

  /** Persists {@code dataset} in memory and on disk until the run ends. */
  <T> Dataset<T> persist(Dataset<T> dataset) {
    return held(dataset.persist(StorageLevel.MEMORY_AND_DISK()));
  }

  /** Registers an already persisted dataset for release at the end of the run. */
  <T> Dataset<T> held(Dataset<T> dataset) {
    datasets.add(dataset);
    return dataset;
  }

  /** Registers an already persisted RDD for release at the end of the run. */
  <K, V> JavaPairRDD<K, V> held(JavaPairRDD<K, V> rdd) {
    pairs.add(rdd);
    return rdd;
  }

  <T> Broadcast<T> releaseAtEnd(Broadcast<T> broadcast) {
    broadcasts.add(broadcast);
    return broadcast;
  }

  @Override
  public void close() {
    for (Dataset<?> dataset : datasets) dataset.unpersist();
    for (JavaPairRDD<?, ?> rdd : pairs) rdd.unpersist();
    datasets.clear();
    pairs.clear();
    for (Broadcast<?> broadcast : broadcasts) broadcast.destroy();
    broadcasts.clear();
  }
}
