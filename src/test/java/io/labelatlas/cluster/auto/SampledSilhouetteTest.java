package io.labelatlas.cluster.auto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.labelatlas.evaluate.Silhouette;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SampledSilhouetteTest {

  @Test
  void indicesAreDistinctSortedSeededAndAllWhenTheSampleCoversN() {
    int[] a = SampledSilhouette.indices(1000, 50, 7);
    assertEquals(50, a.length);
    assertEquals(50, Arrays.stream(a).distinct().count());
    for (int i = 1; i < a.length; i++) assertTrue(a[i - 1] < a[i]);
    assertArrayEquals(a, SampledSilhouette.indices(1000, 50, 7));
    assertTrue(!Arrays.equals(a, SampledSilhouette.indices(1000, 50, 8)));
    assertArrayEquals(new int[] {0, 1, 2}, SampledSilhouette.indices(3, 10, 7));
  }

  @Test
  void fullSampleEqualsTheExactSilhouette() {
    double[][] points = ClusterTestData.blobs();
    int[] labels = new int[points.length];
    for (int i = 0; i < labels.length; i++) labels[i] = i / ClusterTestData.PER_BLOB;
    int[] all = SampledSilhouette.indices(points.length, points.length, 1);
    assertEquals(Silhouette.score(points, labels), SampledSilhouette.score(points, labels, all), 0.0);
  }

  @Test
  void undefinedSilhouetteIsNaN() {
    double[][] points = {{0}, {1}, {2}};
    assertTrue(Double.isNaN(SampledSilhouette.score(points, new int[] {0, 0, 0}, new int[] {0, 1, 2})));
    assertTrue(Double.isNaN(SampledSilhouette.score(points, new int[] {0, 1, 2}, new int[] {0, 1, 2})));
  }

  @Test
  void clusteredScoreIgnoresNoise() {
    double[][] points = {{0}, {0.1}, {10}, {10.1}, {5}};
    double withoutNoise = SampledSilhouette.score(points, new int[] {0, 0, 1, 1, 0}, new int[] {0, 1, 2, 3});
    assertEquals(withoutNoise, SampledSilhouette.scoreClustered(points, new int[] {0, 0, 1, 1, -1}, 100, 1), 0.0);
  }
}
