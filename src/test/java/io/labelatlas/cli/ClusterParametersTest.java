package io.labelatlas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.labelatlas.config.JobConfig.ClusterConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusterParametersTest {
  @Test
  void dbscanModeAndBorderPointsHaveFlags() {
    ClusterConfig config = ClusterParameters.clusterConfig("dbscan", List.of(),
        Map.of("dbscan-mode", "partitioned", "border-points", "noise", "leaf-size", "500"));
    assertEquals("partitioned", config.dbscan().mode());
    assertEquals("noise", config.dbscan().borderPoints());
    assertEquals(500, config.hdbscan().leafSize());
  }

  @Test
  void everyJobKeyOfTheDbscanSectionHasAFlag() {
    for (String key : List.of("dbscan.eps", "dbscan.min_samples", "dbscan.mode", "dbscan.border_points")) {
      assertEquals(1, ClusterParameters.ALL.stream().filter(p -> p.key().equals(key)).count(), key);
    }
  }
}
