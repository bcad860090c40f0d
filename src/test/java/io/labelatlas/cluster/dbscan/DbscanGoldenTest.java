package io.labelatlas.cluster.dbscan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Compares {@link Dbscan} and {@link KDistanceCurve} with scikit-learn 1.2.1 on the data sets of
 * {@code golden/dbscan/generate.py}: labels must be identical, cluster numbers included.
 */
class DbscanGoldenTest {

  @ParameterizedTest
  @ValueSource(strings = {"blobs2d", "small2d", "blobs10d"})
  void labelsEqualSklearnExactly(String name) throws IOException {
    SklearnDbscanGolden golden = SklearnDbscanGolden.load(name);
    assertTrue(golden.runs().size() >= 2);
    for (SklearnDbscanGolden.Run run : golden.runs()) {
      DbscanLabels result = Dbscan.fit(golden.points(), run.eps(), run.minSamples());
      assertArrayEquals(run.core(), result.coreSamples(), name + " " + run + ": core samples");
      assertArrayEquals(run.labels(), result.labels(), name + " " + run + ": labels");
      assertEquals(Arrays.stream(run.labels()).max().getAsInt() + 1, result.clusterCount(), name + " " + run);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"blobs2d", "small2d", "blobs10d"})
  void kDistancesEqualSklearn(String name) throws IOException {
    SklearnDbscanGolden golden = SklearnDbscanGolden.load(name);
    for (Map.Entry<Integer, double[]> entry : golden.kDistances().entrySet()) {
      int k = entry.getKey();
      double[] expected = entry.getValue();
      assertArrayEquals(expected, KDistanceCurve.perPoint(golden.points(), k), 1e-12, name + " k=" + k);

      double[] sortedDescending = expected.clone();
      Arrays.sort(sortedDescending);
      reverse(sortedDescending);
      assertArrayEquals(sortedDescending, KDistanceCurve.compute(golden.points(), k), 1e-12, name + " k=" + k);
    }
  }

  /** The k-distance with the point counted as its own neighbour decides DBSCAN's core flag with minSamples = k. */
  @ParameterizedTest
  @ValueSource(strings = {"blobs2d", "small2d", "blobs10d"})
  void coreIffKDistanceWithinEps(String name) throws IOException {
    SklearnDbscanGolden golden = SklearnDbscanGolden.load(name);
    for (SklearnDbscanGolden.Run run : golden.runs()) {
      double[] kDistance = KDistanceCurve.perPoint(golden.points(), run.minSamples());
      for (int i = 0; i < kDistance.length; i++) {
        assertEquals(run.core()[i], kDistance[i] <= run.eps(), name + " " + run + " point " + i);
      }
    }
  }

  static void reverse(double[] values) {
    for (int i = 0, j = values.length - 1; i < j; i++, j--) {
      double t = values[i];
      values[i] = values[j];
      values[j] = t;
    }
  }
}
