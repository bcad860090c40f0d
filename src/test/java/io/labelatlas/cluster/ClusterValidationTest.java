package io.labelatlas.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.labelatlas.config.JobConfig;
import io.labelatlas.config.JobConfigLoader;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shared size checks, without Spark: the job names its keys and crops, another caller its own words. */
class ClusterValidationTest {
  private static JobConfig.ClusterConfig config(String... sets) {
    return JobConfigLoader.fromYaml("input: {kind: folders, path: x}\ncluster: {k: 3}\n", List.of(sets)).config()
        .cluster();
  }

  private static String failure(String algorithm, long n, JobConfig.ClusterConfig config, SettingNames names) {
    return assertThrows(IllegalArgumentException.class, () -> ClusterStage.validate(algorithm, n, 3, config, names))
        .getMessage();
  }

  @Test
  void theJobNamesItsKeysAndAnotherCallerItsOwnWords() {
    JobConfig.ClusterConfig k = config("cluster.k=10");
    assertEquals("'cluster.k' = 10 is larger than the 5 crops to cluster", failure("kmeans", 5, k, SettingNames.JOB));
    SettingNames flags = new SettingNames(key -> "--" + key.replace('_', '-'), "rows");
    assertEquals("--k = 10 is larger than the 5 rows to cluster", failure("gmm", 5, k, flags));
    assertTrue(failure("dbscan", 1, config(), flags).contains("needs at least 2 rows"));
    assertTrue(failure("dbscan", 100, config("cluster.exact_max_points=50", "cluster.dbscan.mode=exact"), flags)
        .contains("--exact-max-points = 50"));
    ClusterStage.validate("dbscan", 100, 3, config("cluster.exact_max_points=50"), flags);
    assertTrue(failure("hdbscan", 100, config("cluster.exact_max_points=50", "cluster.hdbscan.mode=exact"), flags)
        .contains("or set --hdbscan.mode to auto or partitioned"));
  }

  @Test
  void settingsThatFitPassAndUnknownAlgorithmsAreNamed() {
    ClusterStage.validate("ward", 120, 3, config());
    ClusterStage.validate("hdbscan", 120, 3, config());
    assertTrue(assertThrows(IllegalArgumentException.class, () -> ClusterStage.validate("spectral", 120, 3, config()))
        .getMessage().contains("'spectral'"));
  }
}
