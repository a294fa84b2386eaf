package io.streamtune.reward.scoring;

import static io.streamtune.reward.scoring.Outputs.output;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LabelMatchScorerTest {

  private final LabelMatchScorer scorer = new LabelMatchScorer();

  @ParameterizedTest
  @ValueSource(
      strings = {
        "sports",
        "Sports",
        "  SPORTS.  ",
        "\"sports\"",
        "«sports»!",
        "ｓｐｏｒｔｓ", // fullwidth: NFKC
        "spo\u200Brts", // zero-width space inside
        "\tsports\n"
      })
  void equalAfterNormalizationScoresOne(String completion) {
    assertEquals(1.0, scorer.score(output("p", completion, "sports")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"food", "sport", "sports fan", "", "   ", "s p o r t s", "🏈"})
  void anythingElseScoresZero(String completion) {
    assertEquals(0.0, scorer.score(output("p", completion, "sports")));
  }

  @Test
  void innerWhitespaceIsCollapsedNotRemoved() {
    assertEquals(1.0, scorer.score(output("p", "New \u00A0  York", "new york")));
  }

  @Test
  void foldsCaseBeyondAscii() {
    assertEquals(1.0, scorer.score(output("p", "STRASSE", "straße")));
    assertEquals(1.0, scorer.score(output("p", "ÉTÉ", "été")));
  }

  @Test
  void nullCompletionIsEmptyAndMatchesOnlyAnEmptyReference() {
    assertEquals(0.0, scorer.score(output("p", null, "sports")));
    assertEquals(1.0, scorer.score(output("p", null, "...")));
  }

  @Test
  void missingReferenceIsAMissingField() {
    MissingFieldException e =
        assertThrows(MissingFieldException.class, () -> scorer.score(output("p", "x", null)));
    assertEquals("reference", e.field());
  }

  @Test
  void hugeCompletionIsScored() {
    String huge = "sports ".repeat(100_000);
    assertEquals(0.0, scorer.score(output("p", huge, "sports")));
  }
}
