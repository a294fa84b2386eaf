package io.streamtune.reward.scoring;

import static io.streamtune.reward.scoring.Outputs.completion;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamtune.reward.config.RewardConfig.LengthUnit;
import org.junit.jupiter.api.Test;

class LengthScorerTest {

  private final LengthScorer chars = new LengthScorer(LengthUnit.CHARS, 3, 10, 4);

  @Test
  void insideTheRangeScoresOne() {
    assertEquals(1.0, chars.score(completion("abc")));
    assertEquals(1.0, chars.score(completion("abcdefghij")));
  }

  @Test
  void outsideFallsOffSmoothlyAndMonotonically() {
    double previous = 1.0;
    for (int n = 11; n < 40; n++) {
      double s = chars.score(completion("x".repeat(n)));
      assertTrue(s < previous && s > 0, "n=" + n + " s=" + s);
      previous = s;
    }
    // one tolerance beyond the edge: exp(-1/2)
    assertEquals(Math.exp(-0.5), chars.score(completion("x".repeat(14))), 1e-12);
    assertEquals(Math.exp(-0.5 * 0.25), chars.score(completion("x")), 1e-12);
  }

  @Test
  void countsCodePointsNotUtf16Units() {
    // four emoji: 8 UTF-16 units, 4 code points → inside [3, 10]
    assertEquals(1.0, new LengthScorer(LengthUnit.CHARS, 3, 4, 1).score(completion("😀😀😀😀")));
  }

  @Test
  void tokensAreWhitespaceSeparatedWords() {
    LengthScorer tokens = new LengthScorer(LengthUnit.TOKENS, 2, 3, 1);
    assertEquals(1.0, tokens.score(completion("  two\u3000words ")));
    assertEquals(Math.exp(-0.5), tokens.score(completion("one")), 1e-12);
    assertEquals(Math.exp(-0.5 * 4), tokens.score(completion(null)), 1e-12);
  }

  @Test
  void hugeInputScoresNearZeroWithoutError() {
    double s = chars.score(completion("y".repeat(5_000_000)));
    assertEquals(0.0, s);
  }

  @Test
  void rejectsAnImpossibleRange() {
    assertThrows(IllegalArgumentException.class, () -> new LengthScorer(LengthUnit.CHARS, 5, 4, 1));
    assertThrows(IllegalArgumentException.class, () -> new LengthScorer(LengthUnit.CHARS, 1, 4, 0));
    assertThrows(
        IllegalArgumentException.class, () -> new LengthScorer(LengthUnit.CHARS, -1, 4, 1));
  }
}
