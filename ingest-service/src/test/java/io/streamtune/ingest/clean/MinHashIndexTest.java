package io.streamtune.ingest.clean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MinHashIndexTest {

  private final MinHash minHash = new MinHash(4);

  private int[] sig(String text) {
    return minHash.signature(Fingerprints.skeleton(text));
  }

  private MinHashIndex.Probe probe(String text) {
    return MinHashIndex.probe(sig(text));
  }

  @Test
  void aSmallEditSharesABandAndAnUnrelatedTextDoesNot() {
    MinHashIndex index = new MinHashIndex(1000, 32);
    index.add("a", probe("the coach said our striker scored a late goal in the match"));
    index.add("b", probe("fresh bread and garlic soup from the oven tonight"));
    assertEquals(
        Set.of("a"),
        index.candidates(probe("the coach said our stryker scored a late goal in the match"), 0));
    assertTrue(
        index.candidates(probe("heavy rain expected on the coast all weekend"), 0).isEmpty());
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
      index.add("k" + i, probe(texts.get(i)));
    }
    // two generations of two: k4 alone in the newer, k2 and k3 in the older, k0 and k1 gone
    assertEquals(3, index.size());
    assertTrue(index.candidates(probe(texts.get(0)), 0).isEmpty());
    assertTrue(index.candidates(probe(texts.get(1)), 0).isEmpty());
    for (int i = 2; i < 5; i++) {
      assertEquals(Set.of("k" + i), index.candidates(probe(texts.get(i)), 0));
    }
  }

  @Test
  void aHotBucketAnswersWithAtMostTheCapAndGrowthKeepsEveryEntry() {
    MinHashIndex index = new MinHashIndex(100_000, 3);
    MinHashIndex.Probe same = probe("many variants of one short text");
    for (int i = 0; i < 10; i++) {
      index.add("v" + i, same);
    }
    assertEquals(3, index.candidates(same, 0).size());
    for (int i = 0; i < 5000; i++) { // forces the tables to grow many times
      index.add("u" + i, probe("unrelated number " + i + " with some words " + (i * 7919)));
    }
    for (int i = 0; i < 5000; i += 499) {
      assertTrue(
          index
              .candidates(probe("unrelated number " + i + " with some words " + (i * 7919)), 0)
              .contains("u" + i));
    }
    assertThrows(IllegalArgumentException.class, () -> new MinHashIndex(1, 3));
  }

  /**
   * The sketch filter never drops an input the full comparison would keep (equal slots have equal
   * bytes), and drops inputs that share a band but not the asked similarity.
   */
  @Test
  void theSketchKeepsEveryMatchAndDropsChanceCandidates() {
    java.util.Random random = new java.util.Random(1016);
    List<String> texts = new java.util.ArrayList<>();
    List<int[]> kept = new java.util.ArrayList<>();
    MinHashIndex index = new MinHashIndex(100_000, 32);
    for (int i = 0; i < 400; i++) { // texts over a small vocabulary: many chance band matches
      texts.add(syllables(random));
      kept.add(sig(texts.get(i)));
      index.add("k" + i, MinHashIndex.probe(kept.get(i)));
    }
    int matches = 0;
    int chance = 0;
    int dropped = 0;
    for (int i = 0; i < 600; i++) {
      String query =
          switch (i % 3) {
            case 0 -> texts.get(i / 3); // exact
            case 1 -> texts.get(i / 3) + " sent from my phone"; // near variant
            default -> syllables(random); // unrelated
          };
      int[] q = sig(query);
      MinHashIndex.Probe p = MinHashIndex.probe(q);
      Set<String> all = index.candidates(p, 0);
      Set<String> close = index.candidates(p, 0.8);
      assertTrue(all.containsAll(close));
      for (String key : all) {
        double full = MinHash.similarity(q, kept.get(Integer.parseInt(key.substring(1))));
        if (full >= 0.8) {
          matches++;
          assertTrue(close.contains(key), "a match was dropped: " + key + " at " + full);
        } else {
          chance++;
          dropped += close.contains(key) ? 0 : 1;
        }
      }
    }
    assertTrue(matches >= 400, "exact repeats and variants match, got " + matches);
    assertTrue(chance > 100, "the vocabulary should give chance candidates, got " + chance);
    assertTrue(dropped > 0.95 * chance, dropped + " of " + chance + " chance candidates dropped");
  }

  private static String syllables(java.util.Random random) {
    String[] syllables = {"ka", "lo", "mi", "ren", "tu", "sa", "vel", "dor", "pi", "an"};
    StringBuilder b = new StringBuilder();
    while (b.length() < 300) {
      b.append(syllables[random.nextInt(syllables.length)]);
      b.append(random.nextInt(4) == 0 ? " " : "");
    }
    return b.toString();
  }
}
