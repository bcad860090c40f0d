package io.labelatlas.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LabelBalanceTest {
  @Test
  void balancedClassesHaveNoInequality() {
    LabelBalance b = LabelBalance.of(new long[] {25, 25, 25, 25});
    assertEquals(1.0, b.imbalanceRatio(), 0.0);
    assertEquals(0.0, b.giniCoefficient(), 0.0);
    assertEquals(0.75, b.giniImpurity(), 1e-15);
    assertEquals(Math.log(4), b.entropy(), 1e-15);
  }

  @Test
  void matchesTheDefinitionsByHand() {
    // Sizes 1, 3, 6: sum |ci - cj| over ordered pairs = 2 (2 + 5 + 3) = 20, / (2 * 3 * 10) = 1/3.
    LabelBalance b = LabelBalance.of(new String[] {"x", "y", "y", "y", "z", "z", "z", "z", "z", "z"});
    assertEquals(3, b.classes());
    assertEquals(10, b.n());
    assertEquals(6.0, b.imbalanceRatio(), 0.0);
    assertEquals(1.0 / 3, b.giniCoefficient(), 1e-15);
    assertEquals(1 - (0.01 + 0.09 + 0.36), b.giniImpurity(), 1e-15);
    // Order does not matter.
    assertEquals(b, LabelBalance.of(new long[] {6, 1, 3}));
  }

  @Test
  void oneDominantClassApproachesTheMaximum() {
    LabelBalance b = LabelBalance.of(new long[] {1, 1, 1_000_000});
    assertEquals(2.0 / 3, b.giniCoefficient(), 1e-5);
    assertEquals(1_000_000.0, b.imbalanceRatio(), 0.0);
  }

  @Test
  void rejectsBadInput() {
    assertThrows(IllegalArgumentException.class, () -> LabelBalance.of(new long[0]));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> LabelBalance.of(new long[] {3, 0}));
    assertTrue(e.getMessage().contains("> 0"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> LabelBalance.of(new String[] {"a", null}));
    assertTrue(e.getMessage().contains("sample 1"), e.getMessage());
  }
}
