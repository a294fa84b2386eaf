package io.streamtune.reward.scoring;

import io.streamtune.common.payload.ModelOutput;
import java.text.Normalizer;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Required and banned words or phrases, matched as whole words, case-insensitively, after NFKC.
 * Score: the fraction of required phrases present (1.0 when none are required), and 0.0 as soon as
 * any banned phrase appears — banned means banned.
 */
public final class KeywordsScorer implements Scorer {

  private final List<Pattern> required;
  private final List<Pattern> banned;

  public KeywordsScorer(List<String> required, List<String> banned) {
    this.required = required.stream().map(KeywordsScorer::phrase).toList();
    this.banned = banned.stream().map(KeywordsScorer::phrase).toList();
  }

  @Override
  public String name() {
    return ScorerNames.KEYWORDS;
  }

  @Override
  public double score(ModelOutput output) {
    String text = Normalizer.normalize(nullToEmpty(output.completion()), Normalizer.Form.NFKC);
    for (Pattern p : banned) {
      if (p.matcher(text).find()) {
        return 0.0;
      }
    }
    if (required.isEmpty()) {
      return 1.0;
    }
    long found = required.stream().filter(p -> p.matcher(text).find()).count();
    return (double) found / required.size();
  }

  /**
   * A phrase as a pattern: its words quoted, any whitespace between them, and no letter, digit or
   * underscore right before or after (so "cat" does not match "concatenate").
   *
   * @throws IllegalArgumentException when the phrase is blank
   */
  static Pattern phrase(String phrase) {
    String norm = Normalizer.normalize(nullToEmpty(phrase), Normalizer.Form.NFKC).strip();
    if (norm.isEmpty()) {
      throw new IllegalArgumentException("a keyword must not be blank");
    }
    StringBuilder regex = new StringBuilder("(?<![\\p{L}\\p{N}_])");
    String[] words = norm.split("\\s+");
    for (int i = 0; i < words.length; i++) {
      regex.append(i == 0 ? "" : "\\s+").append(Pattern.quote(words[i]));
    }
    regex.append("(?![\\p{L}\\p{N}_])");
    return Pattern.compile(
        regex.toString(),
        Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.UNICODE_CHARACTER_CLASS);
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
