package io.streamtune.reward.scoring;

import static io.streamtune.reward.scoring.Outputs.completion;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class KeywordsScorerTest {

  private final KeywordsScorer scorer =
      new KeywordsScorer(List.of("cat", "New York", "c++"), List.of("darn", "(bad)"));

  @Test
  void fractionOfRequiredPhrasesPresent() {
    assertEquals(1.0, scorer.score(completion("A CAT in new   york, coding c++.")));
    assertEquals(2.0 / 3, scorer.score(completion("The cat likes C++")), 1e-12);
    assertEquals(0.0, scorer.score(completion("nothing here")));
  }

  @Test
  void matchesWholeWordsOnly() {
    assertEquals(0.0, scorer.score(completion("concatenate catalog cats scat")));
    assertEquals(1.0 / 3, scorer.score(completion("cat_ no, but cat yes")), 1e-12);
  }

  @Test
  void anyBannedPhraseScoresZero() {
    assertEquals(0.0, scorer.score(completion("cat new york c++ DARN")));
    assertEquals(0.0, scorer.score(completion("cat new york c++ (bad)")));
    // a banned word inside a longer word is not the word
    assertEquals(1.0, scorer.score(completion("cat new york c++ darned")));
  }

  @Test
  void unicodeIsNormalizedAndCaseFoldedBeyondAscii() {
    KeywordsScorer s = new KeywordsScorer(List.of("café", "ΣΟΦΙΑ"), List.of());
    assertEquals(1.0, s.score(completion("CAFÉ and σοφια")));
    assertEquals(1.0, s.score(completion("cafe\u0301 and Σοφια"))); // decomposed é
  }

  @Test
  void regexMetacharactersInPhrasesAreLiteral() {
    KeywordsScorer s = new KeywordsScorer(List.of("a.b", "x*"), List.of());
    assertEquals(0.0, s.score(completion("axb xxxx")));
    assertEquals(0.5, s.score(completion("a.b")));
  }

  @Test
  void nullEmptyAndHugeCompletions() {
    assertEquals(0.0, scorer.score(completion(null)));
    assertEquals(0.0, scorer.score(completion("")));
    assertEquals(0.0, scorer.score(completion("x ".repeat(1_000_000) + "darn")));
    assertEquals(1.0, new KeywordsScorer(List.of(), List.of("darn")).score(completion(null)));
  }

  @Test
  void blankPhraseIsRejected() {
    assertThrows(IllegalArgumentException.class, () -> new KeywordsScorer(List.of(" "), List.of()));
  }
}
