package io.labelatlas.cli;

import io.labelatlas.config.JobConfig;
import io.labelatlas.runtime.SparkSessions;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * The SparkSession of a command that runs without a job file ({@code sql}, {@code cluster}, {@code evaluate},
 * {@code inject-noise}). Every command and every job share one master rule: spark-submit's {@code --master} if given,
 * else {@code --master} (commands) or {@code spark.master} of the job and its profile (jobs), else
 * {@link #DEFAULT_MASTER}, the default of a job's {@code spark.master} too.
 */
final class CommandSessions {
  static final String DEFAULT_MASTER = "local[*]";
  /** The help line of {@code --master}, the same in every command. */
  static final String MASTER_HELP = "Spark master, default " + DEFAULT_MASTER + " (all cores); spark-submit's"
      + " --master wins";

  private CommandSessions() {}

  static SparkSession start(Arguments parsed, int partitions, String command) {
    return start(parsed.flags.get("master"), partitions, command);
  }

  /** A session on {@code masterOrNull}, else on {@link #DEFAULT_MASTER}. */
  static SparkSession start(String masterOrNull, int partitions, String command) {
    String master = masterOrNull == null ? DEFAULT_MASTER : masterOrNull;
    return SparkSessions.forJob(new JobConfig.SparkConfig(master, partitions, Map.of()), command);
  }
}
