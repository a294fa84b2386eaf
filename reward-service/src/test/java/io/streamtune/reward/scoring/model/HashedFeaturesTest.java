package io.streamtune.reward.scoring.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class HashedFeaturesTest {

  private final HashedFeatures f = new HashedFeatures(256);

  static double norm(float[] v) {
    double s = 0;
    for (float x : v) {
      s += x * x;
    }
    return Math.sqrt(s);
  }

  @Test
  void vectorsAreUnitLengthAndDeterministic() {
    float[] a = f.encode("the striker scored a goal", "sports");
    assertEquals(1.0, norm(a), 1e-5);
    assertArrayEquals(a, new HashedFeatures(256).encode("the striker scored a goal", "sports"));
  }

  @Test
  void theAnswerToTheSamePromptChangesTheVector() {
    assertFalse(
        Arrays.equals(
            f.encode("the striker scored", "sports"), f.encode("the striker scored", "food")));
  }

  @Test
  void caseAndUnicodeFormsGiveTheSameWords() {
    assertEquals(List.of("café", "sports"), HashedFeatures.words("CAFÉ, ＳＰＯＲＴＳ!", 10));
    assertArrayEquals(f.encode("Goal!", "Sports."), f.encode("goal", "sports"));
  }

  @Test
  void hostileInputsAreBoundedAndFinite() {
    float[] empty = f.encode(null, null);
    assertEquals(1.0, norm(empty), 1e-5); // the length bucket alone
    float[] huge = f.encode("word ".repeat(1_000_000), "x ".repeat(1_000_000));
    for (float x : huge) {
      assertTrue(Float.isFinite(x));
    }
    assertEquals(
        HashedFeatures.MAX_COMPLETION_WORDS, HashedFeatures.words("a ".repeat(999), 32).size());
    assertEquals(1.0, norm(f.encode("😀🎉", "\u0000\uFFFF")), 1e-5);
  }

  @Test
  void refusesATinyDimension() {
    assertThrows(IllegalArgumentException.class, () -> new HashedFeatures(4));
  }

  @Test
  void examplesReaderSkipsAndCountsBadLines() throws Exception {
    String data =
        """
        {"prompt": "p", "completion": "c", "good": true}

        not json
        {"prompt": "p", "completion": 5, "good": true}
        {"completion": "no prompt is fine", "good": false}
        {"prompt": "p", "completion": "c", "good": "yes"}
        """;
    ExamplesReader.Examples e =
        ExamplesReader.read(new java.io.BufferedReader(new java.io.StringReader(data)));
    assertEquals(
        List.of(
            new LabelledExample("p", "c", true),
            new LabelledExample("", "no prompt is fine", false)),
        e.examples());
    assertEquals(List.of(3, 4, 6), e.skippedLines());
  }

  @Test
  void aucAndAccuracy() {
    List<LabelledExample> ex =
        List.of(
            new LabelledExample("", "a", true),
            new LabelledExample("", "b", false),
            new LabelledExample("", "c", true),
            new LabelledExample("", "d", false));
    assertEquals(1.0, Evaluation.auc(new double[] {0.9, 0.1, 0.6, 0.4}, ex));
    assertEquals(0.75, Evaluation.auc(new double[] {0.9, 0.1, 0.3, 0.4}, ex));
    assertEquals(0.75, Evaluation.accuracy(new double[] {0.9, 0.1, 0.3, 0.4}, ex));
  }
}
