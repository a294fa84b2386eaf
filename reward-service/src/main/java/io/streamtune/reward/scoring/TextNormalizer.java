package io.streamtune.reward.scoring;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Canonical text for comparisons: Unicode NFKC, invisible format characters removed, case folded,
 * whitespace collapsed, surrounding punctuation and whitespace trimmed. {@code " «Sports!» "} and
 * {@code "ＳＰＯＲＴＳ"} both become {@code "sports"}.
 */
public final class TextNormalizer {

  private static final Pattern FORMAT_CHARS = Pattern.compile("\\p{Cf}+");
  private static final Pattern WHITESPACE =
      Pattern.compile("\\s+", Pattern.UNICODE_CHARACTER_CLASS);
  private static final Pattern SURROUNDING =
      Pattern.compile("^[\\p{P}\\s]+|[\\p{P}\\s]+$", Pattern.UNICODE_CHARACTER_CLASS);

  private TextNormalizer() {}

  /** The normalized form of {@code text}; null becomes the empty string. */
  public static String normalize(String text) {
    if (text == null) {
      return "";
    }
    String s = Normalizer.normalize(text, Normalizer.Form.NFKC);
    s = FORMAT_CHARS.matcher(s).replaceAll("");
    // Upper then lower folds more cases than lower alone (e.g. German sharp s → "ss").
    s = s.toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
    s = Normalizer.normalize(s, Normalizer.Form.NFKC);
    s = WHITESPACE.matcher(s).replaceAll(" ");
    return SURROUNDING.matcher(s).replaceAll("");
  }
}
