package io.labelatlas.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class LabelNoiseTest {
  private static final List<String> FOUR = List.of("a", "b", "c", "d");

  /** n crops with 32-hex ids, labelled round-robin over the given classes. */
  private static Map<String, String> crops(int n, List<String> classes) {
    Map<String, String> labels = new TreeMap<>();
    for (int i = 0; i < n; i++) {
      labels.put(String.format("%032x", 1_000_003L * i + 17), classes.get(i % classes.size()));
    }
    return labels;
  }

  private static Set<String> flippedIds(List<LabelNoise.Injected> injected) {
    return injected.stream().filter(LabelNoise.Injected::flipped).map(LabelNoise.Injected::cropId)
        .collect(Collectors.toSet());
  }

  @Test
  void rejectsFractionsOutsideZeroToOneNamingTheFlag() {
    for (double bad : new double[] {-0.01, 1.0, 1.5, Double.NaN}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new LabelNoise(bad, 1));
      assertTrue(e.getMessage().contains("--fraction"), e.getMessage());
    }
    new LabelNoise(0, 1);
    new LabelNoise(0.999, 1);
  }

  @Test
  void flipCountRoundsHalfUp() {
    assertEquals(20, new LabelNoise(0.1, 0).flipCount(200));
    assertEquals(3, new LabelNoise(0.1, 0).flipCount(25));
    assertEquals(2, new LabelNoise(0.1, 0).flipCount(24));
    assertEquals(0, new LabelNoise(0, 0).flipCount(1000));
    assertEquals(10, new LabelNoise(0.99, 0).flipCount(10));
  }

  @Test
  void defaultNameShowsFractionAndSeed() {
    assertEquals("noise-f0.1-s7", new LabelNoise(0.1, 7).defaultName());
    assertEquals("noise-f0.25-s-3", new LabelNoise(0.25, -3).defaultName());
    assertEquals("noise-f0-s0", new LabelNoise(0.0, 0).defaultName());
  }

  @Test
  void hashesMatchAReferenceSha256() {
    // python3: d = hashlib.sha256(struct.pack('>q', seed) + crop_id.encode()).digest()
    //          rank = int.from_bytes(d[:8], 'big') >> 1;  draw = int.from_bytes(d[8:16], 'big') % (classes - 1)
    // (7, 'abc'): rank 3865690733382451426, draw 1; (-3, '0123...cdef'): rank 1528248934100670611, draw 0.
    assertEquals(3865690733382451426L, new LabelNoise(0.1, 7).rank("abc"));
    assertEquals("c", new LabelNoise(0.1, 7).flippedLabel("abc", "b", FOUR)); // draw 1 skips index 1 ('b')
    String id = "0123456789abcdef0123456789abcdef";
    assertEquals(1528248934100670611L, new LabelNoise(0.1, -3).rank(id));
    assertEquals("b", new LabelNoise(0.1, -3).flippedLabel(id, "a", FOUR));
  }

  @Test
  void flipsExactlyRoundFractionTimesNToADifferentClass() {
    Map<String, String> labels = crops(1001, FOUR);
    List<LabelNoise.Injected> injected = new LabelNoise(0.1, 7).inject(labels);
    assertEquals(1001, injected.size());
    assertEquals(100, flippedIds(injected).size());
    for (LabelNoise.Injected crop : injected) {
      assertEquals(labels.get(crop.cropId()), crop.originalLabel());
      if (crop.flipped()) {
        assertNotEquals(crop.originalLabel(), crop.injectedLabel());
        assertTrue(FOUR.contains(crop.injectedLabel()));
      } else {
        assertEquals(crop.originalLabel(), crop.injectedLabel());
      }
    }
  }

  @Test
  void choiceDoesNotDependOnInputOrder() {
    Map<String, String> sorted = crops(500, FOUR);
    List<String> ids = new ArrayList<>(sorted.keySet());
    Collections.shuffle(ids, new Random(3));
    Map<String, String> shuffled = new LinkedHashMap<>();
    for (String id : ids) shuffled.put(id, sorted.get(id));
    assertEquals(new LabelNoise(0.2, 11).inject(sorted), new LabelNoise(0.2, 11).inject(shuffled));
  }

  @Test
  void aLargerFractionFlipsASupersetAndAnotherSeedOtherCrops() {
    Map<String, String> labels = crops(400, FOUR);
    Set<String> tenth = flippedIds(new LabelNoise(0.1, 5).inject(labels));
    Set<String> fifth = flippedIds(new LabelNoise(0.2, 5).inject(labels));
    assertEquals(80, fifth.size());
    assertTrue(fifth.containsAll(tenth));
    Set<String> otherSeed = flippedIds(new LabelNoise(0.1, 6).inject(labels));
    assertNotEquals(tenth, otherSeed);
  }

  @Test
  void newLabelIsUniformOverTheOtherClasses() {
    LabelNoise noise = new LabelNoise(0.5, 9);
    Map<String, Integer> counts = new HashMap<>();
    for (int i = 0; i < 3000; i++) counts.merge(noise.flippedLabel("crop-" + i, "b", FOUR), 1, Integer::sum);
    assertEquals(Set.of("a", "c", "d"), counts.keySet());
    // 1000 expected each; sd about 26, so +-150 is a fixed hash outcome far from the bounds, not a flaky test.
    for (int count : counts.values()) assertTrue(count > 850 && count < 1150, counts.toString());
  }

  @Test
  void aClassWithOneMemberCanBeFlippedOutOfAndInto() {
    Map<String, String> labels = crops(300, List.of("a", "b"));
    String lonely = labels.keySet().iterator().next();
    labels.put(lonely, "solo");
    LabelNoise noise = new LabelNoise(0.3, 2);
    List<String> classes = List.of("a", "b", "solo");
    assertNotEquals("solo", noise.flippedLabel(lonely, "solo", classes));
    List<LabelNoise.Injected> injected = noise.inject(labels);
    assertEquals(90, flippedIds(injected).size());
    assertTrue(injected.stream().anyMatch(c -> c.flipped() && c.injectedLabel().equals("solo")));
  }

  @Test
  void aSingleClassCannotBeFlippedUnlessNothingIsChosen() {
    Map<String, String> labels = crops(20, List.of("only"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new LabelNoise(0.1, 1).inject(labels));
    assertTrue(e.getMessage().contains("'only'"), e.getMessage());
    assertTrue(flippedIds(new LabelNoise(0.01, 1).inject(labels)).isEmpty()); // round(0.2) = 0
  }
}
