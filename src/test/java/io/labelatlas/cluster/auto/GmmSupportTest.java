package io.labelatlas.cluster.auto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class GmmSupportTest {
  @Test
  void aKNeedsDPlusOnePointsPerComponent() {
    // 80 points in 10 dimensions: 7 components of 11 points fit, 8 do not.
    assertNull(GmmSupport.unsupported(7, 10, 80));
    assertTrue(GmmSupport.unsupported(8, 10, 80).contains("n < k(d + 1) = 88"));
    assertTrue(GmmSupport.rule(10).contains("d + 1 = 11"));
  }

  @Test
  void aFittedComponentWithTooFewPointsOrASingularCovarianceIsDegenerate() {
    double[][] identity = {{1, 0}, {0, 1}};
    assertNull(GmmSupport.degenerate(new double[] {0.5, 0.5}, new double[][][] {identity, identity}, 100));
    assertTrue(GmmSupport.degenerate(new double[] {0.98, 0.02}, new double[][][] {identity, identity}, 100)
        .contains("component 1 holds 2.0 < d + 1 points"));
    double[][] flat = {{1, 1}, {1, 1}}; // every point on the line y = x
    assertTrue(GmmSupport.degenerate(new double[] {0.5, 0.5}, new double[][][] {identity, flat}, 100)
        .contains("component 1 covariance singular"));
  }

  @Test
  void jacobiFindsTheEigenvaluesOfASymmetricMatrix() {
    double[][] a = {{4, 1, 2}, {1, 3, 0}, {2, 0, 5}};
    double[] values = GmmSupport.eigenvalues(a);
    Arrays.sort(values);
    // numpy.linalg.eigvalsh([[4,1,2],[1,3,0],[2,0,5]])
    assertArrayEquals(new double[] {1.85489731, 3.4760236, 6.66907909}, values, 1e-6);
  }
}
