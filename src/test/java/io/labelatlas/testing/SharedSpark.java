package io.labelatlas.testing;

import io.labelatlas.config.JobConfig;
import io.labelatlas.runtime.SparkSessions;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * The one SparkSession of a test JVM (local[2], loopback only, Delta enabled), started on first use and shared by
 * every Spark test class, as spark-testing-base's SharedSparkContext does (see docs/decisions.md for why we do not
 * depend on it).
 */
public final class SharedSpark {
  private static SparkSession session;

  private SharedSpark() {}

  public static synchronized SparkSession session() {
    if (session == null) {
      session = SparkSessions.forJob(new JobConfig.SparkConfig("local[2]", 4,
          Map.of("spark.sql.shuffle.partitions", "4", "spark.default.parallelism", "4")), "tests");
    }
    return session;
  }
}
