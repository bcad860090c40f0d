package io.labelatlas.cluster.ward;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Golden values from {@code golden/ward/generate.py} (scikit-learn 1.2.1, scipy 1.10.1); see its README. */
class WardGoldenTest {

  @ParameterizedTest
  @ValueSource(strings = {"blobs2d_n100", "blobs2d_n1500", "blobs20d_n600", "blobs5d_n400"})
  void treeAndLabelsEqualScipyAndSklearn(String name) {
    WardGolden golden = WardGolden.resource(name);
    assertEquals(6, golden.labels().size(), name + ": expected labels for six values of k");
    WardAssertions.assertMatches(golden, name);
  }
}
