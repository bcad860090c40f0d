package io.labelatlas.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ComparisonTableTest {
  private static ComparisonTable.Row row(String config, String algorithm, Double ami, Double p) {
    return new ComparisonTable.Row(config, "run-" + algorithm, "hog", algorithm, "k=6",
        ami == null ? Map.of() : Map.of("ami", new ComparisonTable.Estimate(ami, ami - 0.01, ami + 0.02),
            "silhouette", new ComparisonTable.Estimate(Double.NaN, null, null)),
        p == null ? Map.of() : Map.of("ami", p), 6L, 0.0, 1.25);
  }

  private static ComparisonTable table() {
    return new ComparisonTable(List.of(
        row("hog/kmeans/k=6", "kmeans", 0.2883, 0.0021),
        row("hog/dbscan", "dbscan", null, null),
        row("hog/gmm/k=6", "gmm", 0.4654, null),
        row("hog/ward/k=6", "ward", 0.2883, 0.5)),
        List.of("ami", "silhouette"), "ami", "hog/gmm/k=6");
  }

  @Test
  void rowsAreSortedByTheRankingMetricWithMissingValuesLastAndTiesInGivenOrder() {
    assertEquals(List.of("gmm", "kmeans", "ward", "dbscan"),
        table().rows().stream().map(ComparisonTable.Row::algorithm).toList());
  }

  @Test
  void markdownShowsIntervalsAndMarksTheBest() {
    assertEquals("""
        | # | backbone | algorithm | params | ami | silhouette | p vs best (ami) | clusters | noise | seconds |
        |---|---|---|---|---|---|---|---|---|---|
        | 1 | hog | gmm | k=6 | 0.4654 [0.4554, 0.4854] | NaN | best | 6 | 0.000 | 1.3 |
        | 2 | hog | kmeans | k=6 | 0.2883 [0.2783, 0.3083] | NaN | 0.002 | 6 | 0.000 | 1.3 |
        | 3 | hog | ward | k=6 | 0.2883 [0.2783, 0.3083] | NaN | 0.500 | 6 | 0.000 | 1.3 |
        | 4 | hog | dbscan | k=6 |  |  |  | 6 | 0.000 | 1.3 |
        """, table().markdown());
  }

  @Test
  void csvKeepsFullPrecisionInSeparateColumnsAndQuotesWhereNeeded() {
    ComparisonTable table = new ComparisonTable(List.of(new ComparisonTable.Row("cfg, \"x\"", "r1", "hog", "kmeans",
        "k=6", Map.of("ami", new ComparisonTable.Estimate(0.123456789, null, 0.2)), Map.of("ami", 0.0005), null, null,
        null)), List.of("ami"), "ami", null);
    assertEquals("rank,config,backbone,algorithm,params,run_id,ami,ami_ci_low,ami_ci_high,p_vs_best_ami,best,"
        + "clusters,noise_fraction,seconds\n"
        + "1,\"cfg, \"\"x\"\"\",hog,kmeans,k=6,r1,0.123456789,,0.2,5.0E-4,false,,,\n", table.csv());
    assertEquals("| 1 | hog | kmeans | k=6 | 0.1235 | <0.001 |  |  |  |",
        table.markdown().lines().toList().get(2));
  }

  @Test
  void autoSettingsShowWhatTheRunChose() {
    assertEquals("k=auto(7) seed=3", ComparisonTable.paramsWithChoices("k=auto seed=3", Map.of("k", 7.0)));
    assertEquals("min_cluster_size=auto(23) min_samples=auto(5)", ComparisonTable.paramsWithChoices(
        "min_cluster_size=auto min_samples=auto", Map.of("min_cluster_size", 23.0, "min_samples", 5.0)));
    assertEquals("eps=auto(10.84) min_samples=5",
        ComparisonTable.paramsWithChoices("eps=auto min_samples=5", Map.of("eps", 10.8412)));
    assertEquals("k=auto", ComparisonTable.paramsWithChoices("k=auto", Map.of()));
    assertEquals("k=6", ComparisonTable.paramsWithChoices("k=6", Map.of("k", 6.0)));
  }
}
