package io.streamtune.reward.scoring;

import io.streamtune.common.payload.ModelOutput;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Does the completion have the wanted shape? Each configured check gives 1.0 (pass), 0.5 (close) or
 * 0.0 (miss), and the score is their mean:
 *
 * <ul>
 *   <li>regex: the whole completion matches 1.0; a match somewhere inside it 0.5; none 0.0;
 *   <li>JSON schema: valid 1.0; JSON that breaks the schema 0.5; not JSON 0.0.
 * </ul>
 *
 * The partial credit gives a policy-gradient learner a slope towards the target format.
 */
public final class FormatScorer implements Scorer {

  /** Character reads allowed per completion character, plus a fixed allowance. */
  private static final long READS_PER_CHAR = 1_000;

  private static final long READS_BASE = 100_000;

  private final Optional<Pattern> regex;
  private final Optional<JsonSchemaCheck> schema;

  /**
   * @param regex the pattern, if any
   * @param schemaJson the schema document, if any
   * @param maxJsonDepth deepest nesting accepted in a completion
   * @throws IllegalArgumentException when neither is given, or the schema is unusable
   */
  public FormatScorer(Optional<Pattern> regex, Optional<String> schemaJson, int maxJsonDepth) {
    if (regex.isEmpty() && schemaJson.isEmpty()) {
      throw new IllegalArgumentException("the format scorer needs a regex or a JSON schema");
    }
    this.regex = regex;
    this.schema = schemaJson.map(s -> new JsonSchemaCheck(s, maxJsonDepth));
  }

  @Override
  public String name() {
    return ScorerNames.FORMAT;
  }

  @Override
  public double score(ModelOutput output) {
    String completion = output.completion() == null ? "" : output.completion();
    double sum = 0;
    int checks = 0;
    if (regex.isPresent()) {
      sum += regexScore(regex.get(), completion);
      checks++;
    }
    if (schema.isPresent()) {
      sum +=
          switch (schema.get().check(completion)) {
            case VALID -> 1.0;
            case INVALID_FOR_SCHEMA -> 0.5;
            case NOT_JSON -> 0.0;
          };
      checks++;
    }
    return sum / checks;
  }

  private static double regexScore(Pattern pattern, String completion) {
    long budget = READS_BASE + READS_PER_CHAR * completion.length();
    Matcher m = pattern.matcher(new BoundedCharSequence(completion, budget));
    if (m.matches()) {
      return 1.0;
    }
    return m.reset().find() ? 0.5 : 0.0;
  }
}
