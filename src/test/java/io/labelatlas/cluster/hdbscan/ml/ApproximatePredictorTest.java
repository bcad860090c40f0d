package io.labelatlas.cluster.hdbscan.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.labelatlas.cluster.hdbscan.ClusterSelection;
import io.labelatlas.cluster.hdbscan.Hdbscan;
import io.labelatlas.cluster.hdbscan.HdbscanResult;
import io.labelatlas.cluster.hdbscan.SelectionMethod;
import org.junit.jupiter.api.Test;

class ApproximatePredictorTest {
  /**
   * On a line: r0 = 0 and r1 = 1 in cluster 0 (born at lambda 0.25, largest own lambda 2), r2 = 10 noise. Core
   * distances 0.5, 0.5, 3; exit lambdas 1.5, 1.0, 0.2; GLOSH lambda_max 2, 2, 1.
   */
  private static PredictionData line(double... weights) {
    return new PredictionData(new double[][] {{0}, {1}, {10}}, new long[] {0, 1, 2}, new int[] {0, 0, -1},
        new double[] {0.5, 0.5, 3}, new double[] {1.5, 1.0, 0.2}, new double[] {2, 2, 1}, weights,
        new double[] {0.25}, new double[] {2.0});
  }

  private static void assertPrediction(int cluster, double probability, double outlierScore,
      ApproximatePredictor.Prediction actual) {
    assertEquals(cluster, actual.cluster(), actual.toString());
    assertEquals(probability, actual.probability(), 1e-12, actual.toString());
    assertEquals(outlierScore, actual.outlierScore(), 1e-12, actual.toString());
  }

  @Test
  void aPointInsideAClusterLeavesWithItsNeighbour() {
    // core(x) = 0.1 (x and r0 make 2); mrd to r0 = max(0.1, 0.5, 0.1) = 0.5, so lambda_x = 2, capped at r0's 1.5.
    ApproximatePredictor predictor = new ApproximatePredictor(line(1, 1, 1), 2);
    assertPrediction(0, 1.5 / 2, 1 - 1.5 / 2, predictor.predict(new double[] {0.1}));
  }

  @Test
  void aPointThatJoinsBeforeItsClusterIsBornIsNoise() {
    // core(x) = 4.2 (to r1); the nearest by mrd is r1 at 4.2; lambda_x = 1/4.2 < 0.25, the birth of cluster 0.
    ApproximatePredictor predictor = new ApproximatePredictor(line(1, 1, 1), 2);
    assertPrediction(-1, 0, 1 - (1 / 4.2) / 2, predictor.predict(new double[] {5.2}));
  }

  @Test
  void aPointWhoseNeighbourIsNoiseIsNoise() {
    // core(x) = 0.5 (to r2); mrd to r2 = max(0.5, 3, 0.5) = 3; lambda = min(1/3, 0.2) = 0.2; r2 leaves the root.
    ApproximatePredictor predictor = new ApproximatePredictor(line(1, 1, 1), 2);
    assertPrediction(-1, 0, 1 - 0.2 / 1, predictor.predict(new double[] {9.5}));
  }

  @Test
  void minSamplesOneIsPlainSingleLinkage() {
    // core(x) = 0: mrd to r0 = max(0.5, 0.3) = 0.5, to r1 = max(0.5, 0.7) = 0.7; r0 wins, lambda 2 capped at 1.5.
    ApproximatePredictor predictor = new ApproximatePredictor(line(1, 1, 1), 1);
    assertPrediction(0, 1.5 / 2, 1 - 1.5 / 2, predictor.predict(new double[] {0.3}));
  }

  @Test
  void heavyReferencePointsShortenTheCoreDistance() {
    // minSamples 4 needs x plus three neighbours: with unit weights that is r2 at 9.9, so mrd 9.9 to every point
    // and the tie goes to the nearest by distance, r0; lambda_x = 1/9.9 is below the birth of cluster 0.
    ApproximatePredictor unit = new ApproximatePredictor(line(1, 1, 1), 4);
    assertEquals(-1, unit.predict(new double[] {0.1}).cluster());
    // r0 standing for three training points makes core(x) = 0.1, as if x sat in a dense cluster.
    ApproximatePredictor weighted = new ApproximatePredictor(line(3, 3, 1), 4);
    assertPrediction(0, 1.5 / 2, 1 - 1.5 / 2, weighted.predict(new double[] {0.1}));
  }

  @Test
  void farAwayPointsAreNoiseAndOutliers() {
    ApproximatePredictor predictor = new ApproximatePredictor(line(1, 1, 1), 2);
    ApproximatePredictor.Prediction far = predictor.predict(new double[] {-1000});
    assertEquals(-1, far.cluster());
    assertTrue(far.outlierScore() > 0.99, far.toString());
  }

  @Test
  void rejectsAPointOfAnotherDimension() {
    ApproximatePredictor predictor = new ApproximatePredictor(line(1, 1, 1), 2);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> predictor.predict(new double[] {1, 2}));
    assertTrue(e.getMessage().contains("2 values") && e.getMessage().contains("fit on 1"), e.getMessage());
  }

  /** With every training point kept, a training point's own row is its neighbour: all three outputs come back. */
  @Test
  void trainingPointsGetTheirTrainingOutputsBack() {
    double[][] points = SeparatedBlobs.points();
    HdbscanResult fit = Hdbscan.fit(points, 15, 5, SelectionMethod.EOM, 0, false);
    int[] selected = ClusterSelection.select(fit.condensedTree(), SelectionMethod.EOM, 0, false).selectedClusters();
    assertEquals(3, selected.length);
    PredictionData everyPoint = PredictionData.fromFit(points, fit, selected, 5000, 1);
    assertEquals(points.length, everyPoint.size());
    ApproximatePredictor predictor = new ApproximatePredictor(everyPoint, 5);
    for (int i = 0; i < points.length; i++) {
      ApproximatePredictor.Prediction p = predictor.predict(points[i]);
      assertEquals(fit.labels()[i], p.cluster(), "point " + i);
      assertEquals(fit.probabilities()[i], p.probability(), 1e-9, "point " + i);
      assertEquals(fit.outlierScores()[i], p.outlierScore(), 1e-9, "point " + i);
    }
  }

  @Test
  void aSampledReferenceSetStillFindsTheBlobs() {
    double[][] points = SeparatedBlobs.points();
    HdbscanResult fit = Hdbscan.fit(points, 15, 5, SelectionMethod.EOM, 0, false);
    int[] selected = ClusterSelection.select(fit.condensedTree(), SelectionMethod.EOM, 0, false).selectedClusters();
    PredictionData data = PredictionData.fromFit(points, fit, selected, 60, 7);
    assertTrue(data.size() <= 60, "kept " + data.size());
    ApproximatePredictor predictor = new ApproximatePredictor(data, 5);
    int clustered = 0;
    int sameLabel = 0;
    for (int i = 0; i < points.length; i++) {
      if (fit.labels()[i] >= 0) {
        clustered++;
        sameLabel += predictor.predict(points[i]).cluster() == fit.labels()[i] ? 1 : 0;
      }
    }
    assertTrue(sameLabel >= 0.9 * clustered, sameLabel + " of " + clustered);
    for (int blob = 0; blob < 3; blob++) {
      ApproximatePredictor.Prediction centre = predictor.predict(SeparatedBlobs.CENTRES[blob]);
      assertEquals(fit.labels()[blob * SeparatedBlobs.PER_BLOB], centre.cluster(), "blob " + blob);
      assertTrue(centre.probability() > 0.5, centre.toString());
    }
  }
}
