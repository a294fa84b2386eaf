package io.streamtune.ingest.clean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MinHashIndexTest {

  private final MinHash minHash = new MinHash(4);

  private int[] bands(String text) {
    return MinHash.bandHashes(minHash.signature(Fingerprints.skeleton(text)));
  }

  @Test
  void aSmallEditSharesABandAndAnUnrelatedTextDoesNot() {
    MinHashIndex index = new MinHashIndex(1000, 32);
    index.add("a", bands("the coach said our striker scored a late goal in the match"));
    index.add("b", bands("fresh bread and garlic soup from the oven tonight"));
    assertEquals(
        Set.of("a"),
        index.candidates(bands("the coach said our stryker scored a late goal in the match")));
    assertTrue(index.candidates(bands("heavy rain expected on the coast all weekend")).isEmpty());
    assertEquals(2, index.size());
  }

  @Test
  void generationsKeepTheNewestHalfToWholeWindow() {
    MinHashIndex index = new MinHashIndex(4, 32);
    List<String> texts =
        List.of(
            "one text about football matches",
            "two text about cooking dinners",
            "three text about laptops and chips",
            "four text about rain and storms",
            "five text about the keeper saves");
    for (int i = 0; i < texts.size(); i++) {
      index.add("k" + i, bands(texts.get(i)));
    }
    // two generations of two: k4 alone in the newer, k2 and k3 in the older, k0 and k1 gone
    assertEquals(3, index.size());
    assertTrue(index.candidates(bands(texts.get(0))).isEmpty());
    assertTrue(index.candidates(bands(texts.get(1))).isEmpty());
    for (int i = 2; i < 5; i++) {
      assertEquals(Set.of("k" + i), index.candidates(bands(texts.get(i))));
    }
  }

  @Test
  void aHotBucketAnswersWithAtMostTheCapAndGrowthKeepsEveryEntry() {
    MinHashIndex index = new MinHashIndex(100_000, 3);
    int[] same = bands("many variants of one short text");
    for (int i = 0; i < 10; i++) {
      index.add("v" + i, same);
    }
    assertEquals(3, index.candidates(same).size());
    for (int i = 0; i < 5000; i++) { // forces the tables to grow many times
      index.add("u" + i, bands("unrelated number " + i + " with some words " + (i * 7919)));
    }
    for (int i = 0; i < 5000; i += 499) {
      assertTrue(
          index
              .candidates(bands("unrelated number " + i + " with some words " + (i * 7919)))
              .contains("u" + i));
    }
    assertThrows(IllegalArgumentException.class, () -> new MinHashIndex(1, 3));
  }
}
