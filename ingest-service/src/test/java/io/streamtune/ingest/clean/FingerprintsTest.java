package io.streamtune.ingest.clean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FingerprintsTest {

  @Test
  void variantsShareASkeletonAndAKey() {
    assertEquals("spicy garlic soup", Fingerprints.skeleton("  Spicy, GARLIC soup!! "));
    assertEquals(
        Fingerprints.inputKey("Spicy, garlic soup!"), Fingerprints.inputKey("spicy garlic soup"));
    assertNotEquals(
        Fingerprints.inputKey("spicy garlic soup"), Fingerprints.inputKey("mild garlic soup"));
    assertNotEquals(
        Fingerprints.inputKey("!!!"), Fingerprints.inputKey("???"), "no skeleton: raw text");
  }

  /** The hand-written pass gives exactly what the regex it replaced gives, on arbitrary text. */
  @Test
  void wordsIsTheRegexItReplaced() {
    java.util.regex.Pattern notWord = java.util.regex.Pattern.compile("[^\\p{L}\\p{N}]+");
    String[] pieces = {
      "a", "Z", "7", " ", "  ", "\t", "\n", ",", "!", "-", "é", "ß", "Ω", "漢", "٣", "²", "Ⅻ",
      "\u0301", "\u00A0", "\u2028", "😀", "\uD800", "\uDC00", "𝔘", "_", "ǅ", "ʰ"
    };
    java.util.Random random = new java.util.Random(16);
    for (int t = 0; t < 20_000; t++) {
      StringBuilder b = new StringBuilder();
      for (int k = random.nextInt(12); k > 0; k--) {
        b.append(pieces[random.nextInt(random.nextBoolean() ? 4 : pieces.length)]);
      }
      String text = b.toString();
      assertEquals(notWord.matcher(text).replaceAll(" ").trim(), Fingerprints.words(text), text);
    }
    String plain = "already plain words 42";
    assertTrue(plain == Fingerprints.words(plain), "no copy when nothing changes");
  }

  @Test
  void contentIdDependsOnKindPromptAndCompletion() {
    String id = Fingerprints.contentId("LABEL", "a", "b");
    assertEquals(32, id.length());
    assertEquals(id, Fingerprints.contentId("LABEL", "a", "b"));
    assertNotEquals(id, Fingerprints.contentId("LABEL", "a", "c"));
    assertNotEquals(id, Fingerprints.contentId("GENERATION", "a", "b"));
  }

  @Test
  void evalSplitIsCloseToTheFraction() {
    int eval = 0;
    for (int i = 0; i < 20_000; i++) {
      if (Fingerprints.isEval(Fingerprints.inputKey("text " + i), 0.05)) {
        eval++;
      }
    }
    assertTrue(eval > 850 && eval < 1150, "eval " + eval);
    assertTrue(!Fingerprints.isEval(Fingerprints.inputKey("x"), 0.0));
  }

  @Test
  void theClusterSplitIsCloseToTheFractionAndIndependentOfTheRoute() {
    MinHash m = new MinHash(4);
    int eval = 0;
    Set<String> routesInEval = new HashSet<>();
    Set<String> routesInClean = new HashSet<>();
    java.util.Random random = new java.util.Random(7);
    for (int i = 0; i < 20_000; i++) { // unrelated texts: similar ones share a split on purpose
      StringBuilder text = new StringBuilder();
      for (int c = 0; c < 40; c++) {
        text.append((char) ('a' + random.nextInt(26)));
      }
      int[] sig = m.signature(text.toString());
      boolean e = MinHash.isEval(sig, 0.05);
      eval += e ? 1 : 0;
      (e ? routesInEval : routesInClean).add(MinHash.route(sig));
    }
    assertTrue(eval > 850 && eval < 1150, "eval " + eval);
    assertTrue(routesInEval.size() > 100 && routesInClean.size() > 100, "routes and split aligned");
  }

  @Test
  void minHashEstimatesTheTrueShingleJaccard() {
    MinHash m = new MinHash(4);
    String a = "the coach said our striker scored a late goal in the match";
    List<String> others =
        List.of(
            a.replace("late", "very late"),
            a.replace("striker", "stryker"),
            "the coach said our striker missed",
            "fresh bread and garlic soup from the oven tonight");
    for (String b : others) {
      double truth = jaccard(a, b);
      double estimate = MinHash.similarity(m.signature(a), m.signature(b));
      assertTrue(Math.abs(estimate - truth) < 0.12, b + ": true " + truth + ", est " + estimate);
    }
    assertEquals(1.0, MinHash.similarity(m.signature(a), m.signature(a)));
    assertEquals(MinHash.BANDS, MinHash.bandHashes(m.signature("ab")).length);
  }

  /**
   * Signatures are stored (the seen store, its changelog, records in flight on the repartition
   * topic): a change of their values would make every kept input look new after an upgrade. These
   * hashes were computed with the implementation before the branch-free minimum (the last one that
   * used {@code Math.min}); any faster loop must give the same values.
   */
  @Test
  void signaturesKeepTheirValuesAcrossVersions() {
    String[] texts = {
      "",
      "ab",
      "the quick brown fox jumps over the lazy dog",
      "caf\u00e9 na\u00efve r\u00e9sum\u00e9 \u4e2d\u6587 emoji \ud83d\ude00 end",
      "x".repeat(3000)
    };
    int[][] expected = {{4, 191184035}, {1, -1430734065}, {9, -5728683}};
    for (int[] e : expected) {
      MinHash m = new MinHash(e[0]);
      int h = 17;
      for (String t : texts) {
        h = 31 * h + java.util.Arrays.hashCode(m.signature(t));
      }
      assertEquals(e[1], h, "shingle size " + e[0]);
    }
  }

  private static double jaccard(String a, String b) {
    Set<String> x = grams(a);
    Set<String> y = grams(b);
    Set<String> union = new HashSet<>(x);
    union.addAll(y);
    x.retainAll(y);
    return x.size() / (double) union.size();
  }

  private static Set<String> grams(String s) {
    Set<String> g = new HashSet<>();
    for (int i = 0; i + 4 <= s.length(); i++) {
      g.add(s.substring(i, i + 4));
    }
    return g;
  }
}
