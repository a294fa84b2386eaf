package io.streamtune.reward.scoring;

import static io.streamtune.reward.scoring.Outputs.completion;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class FormatScorerTest {

  static final String TOOL_CALL =
      """
      {"type": "object", "required": ["tool", "args"],
       "properties": {"tool": {"enum": ["search", "weather"]}, "args": {"type": "object"}},
       "additionalProperties": false}
      """;

  private final FormatScorer schema = new FormatScorer(Optional.empty(), Optional.of(TOOL_CALL), 8);
  private final FormatScorer regex =
      new FormatScorer(Optional.of(Pattern.compile("label: [a-z]+")), Optional.empty(), 8);

  @Test
  void regexFullMatchPartialMatchAndMiss() {
    assertEquals(1.0, regex.score(completion("label: sports")));
    assertEquals(0.5, regex.score(completion("I think label: sports, surely")));
    assertEquals(0.0, regex.score(completion("sports")));
    assertEquals(0.0, regex.score(completion(null)));
  }

  @Test
  void jsonValidInvalidAndNotJson() {
    assertEquals(1.0, schema.score(completion("{\"tool\": \"search\", \"args\": {\"q\": \"x\"}}")));
    assertEquals(0.5, schema.score(completion("{\"tool\": \"launch\", \"args\": {}}")));
    assertEquals(0.5, schema.score(completion("[1, 2]")));
    assertEquals(0.0, schema.score(completion("{\"tool\": \"search\", ")));
    assertEquals(0.0, schema.score(completion("call search(x)")));
    assertEquals(0.0, schema.score(completion("")));
    assertEquals(0.0, schema.score(completion(null)));
  }

  @Test
  void trailingTextAfterJsonIsNotJson() {
    assertEquals(0.0, schema.score(completion("{\"tool\": \"search\", \"args\": {}} and more")));
  }

  @Test
  void nestingDeeperThanTheLimitIsNotJsonAndDoesNotOverflow() {
    String deep = "[".repeat(100_000) + "]".repeat(100_000);
    assertEquals(0.0, schema.score(completion(deep)));
    String deepObject = "{\"a\":".repeat(50_000) + "1" + "}".repeat(50_000);
    assertEquals(0.0, schema.score(completion(deepObject)));
  }

  @Test
  void bothChecksAverage() {
    FormatScorer both =
        new FormatScorer(Optional.of(Pattern.compile("\\{.*\\}")), Optional.of(TOOL_CALL), 8);
    assertEquals(1.0, both.score(completion("{\"tool\": \"weather\", \"args\": {}}")));
    assertEquals(0.75, both.score(completion("{\"tool\": 1}")));
  }

  @Test
  void catastrophicRegexGivesUpInsteadOfHanging() {
    // Unbounded, this pattern reads tens of millions of chars on 40 letters (seconds, growing
    // exponentially); java.util.regex memoizes simpler cases such as (a+)+b.
    FormatScorer evil =
        new FormatScorer(Optional.of(Pattern.compile("(.*a){12}x")), Optional.empty(), 8);
    RuntimeException e =
        assertThrows(RuntimeException.class, () -> evil.score(completion("a".repeat(40))));
    assertEquals(BoundedCharSequence.BudgetExceededException.class, e.getClass());
  }

  @Test
  void unicodeCompletionsAreFine() {
    assertEquals(
        1.0, schema.score(completion("{\"tool\": \"search\", \"args\": {\"q\": \"日本 😀\"}}")));
    assertEquals(0.0, regex.score(completion("label: спорт")));
  }

  @Test
  void badSchemasAreRefused() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new FormatScorer(Optional.empty(), Optional.of("{not json"), 8));
    assertThrows(
        IllegalArgumentException.class,
        () -> new FormatScorer(Optional.empty(), Optional.of("[1]"), 8));
    assertThrows(
        IllegalArgumentException.class,
        () -> new FormatScorer(Optional.empty(), Optional.of("{\"type\": 12}"), 8));
    assertThrows(
        IllegalArgumentException.class,
        () -> new FormatScorer(Optional.empty(), Optional.empty(), 8));
  }
}
