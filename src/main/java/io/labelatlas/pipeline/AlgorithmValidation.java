package io.labelatlas.pipeline;

import io.labelatlas.cluster.ClusterStage;
import io.labelatlas.config.ConfigException;
import io.labelatlas.config.JobConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Every algorithm of {@code cluster.algorithms} checked against the run's n crops and dimension d before the work it
 * would waste: once n is known (right after ingest, with d bounded by {@code reduce.dimension}, before anything is
 * embedded) and again with the dimension PCA kept, before the first clustering. One refused algorithm fails the run
 * with every refusal named, instead of failing after the algorithms listed before it ran.
 */
final class AlgorithmValidation {
  private AlgorithmValidation() {}

  /**
   * @param d the dimension the algorithms will see, or an upper bound of it before the reduce step
   * @param spared what has not been spent yet, for the message ("nothing has been embedded or clustered")
   * @throws ConfigException naming each refused algorithm, the setting and what to do
   */
  static void requireAll(JobConfig.ClusterConfig config, long n, int d, String spared) {
    List<String> refusals = new ArrayList<>();
    for (String algorithm : config.algorithms()) {
      try {
        ClusterStage.validate(algorithm, n, d, config);
      } catch (IllegalArgumentException e) {
        refusals.add(algorithm + ": " + e.getMessage());
      }
    }
    if (refusals.isEmpty()) return;
    String which = refusals.size() == 1 ? "an algorithm that cannot" : refusals.size() + " algorithms that cannot";
    throw new ConfigException(String.format(Locale.ROOT,
        "'cluster.algorithms' lists %s cluster this run's %,d crops, refused before it wasted any work (%s): %s. "
            + "Remove %s from 'cluster.algorithms' or change the settings named, then rerun.",
        which, n, spared, String.join("; ", refusals), refusals.size() == 1 ? "it" : "them"));
  }
}
