package io.streamtune.ingest.clean;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Stable identities derived from content: the record id, the input's skeleton (what near duplicates
 * share), the de-duplication key and the eval bucket. Same input, same answer, on every instance
 * and after every restart.
 */
public final class Fingerprints {

  private Fingerprints() {}

  /**
   * The skeleton of an input: NFKC, lower case, every run of non-letters/digits (punctuation,
   * symbols, spaces) as one space, trimmed. Case, spacing and punctuation variants share one.
   */
  public static String skeleton(String text) {
    return words(TextRules.nfkc(text).toLowerCase(Locale.ROOT));
  }

  /**
   * What {@code s.replaceAll("[^\\p{L}\\p{N}]+", " ").trim()} gives, by one pass over the code
   * points instead of a regex (and {@code s} itself when it is already so): the words, one space
   * apart. A regex matcher and its replacement buffer were a tenth of the cleaning step's time.
   */
  static String words(String s) {
    if (isWords(s)) {
      return s;
    }
    StringBuilder out = new StringBuilder(s.length());
    boolean gap = false;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      if (isWord(cp)) {
        if (gap && !out.isEmpty()) {
          out.append(' ');
        }
        gap = false;
        out.appendCodePoint(cp);
      } else {
        gap = true;
      }
    }
    return out.toString();
  }

  /** True when {@link #words} would change nothing: ASCII letters and digits, single spaces. */
  private static boolean isWords(String s) {
    boolean afterSpace = true; // a leading space is a change
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == ' ' && !afterSpace) {
        afterSpace = true;
      } else if (isAsciiWord(c)) {
        afterSpace = false;
      } else {
        return false;
      }
    }
    return !afterSpace || s.isEmpty();
  }

  private static boolean isAsciiWord(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z');
  }

  /** Regex {@code [\\p{L}\\p{N}]}: a letter (Lu Ll Lt Lm Lo) or a number (Nd Nl No). */
  private static boolean isWord(int cp) {
    return switch (Character.getType(cp)) {
      case Character.UPPERCASE_LETTER,
          Character.LOWERCASE_LETTER,
          Character.TITLECASE_LETTER,
          Character.MODIFIER_LETTER,
          Character.OTHER_LETTER,
          Character.DECIMAL_DIGIT_NUMBER,
          Character.LETTER_NUMBER,
          Character.OTHER_NUMBER ->
          true;
      default -> false;
    };
  }

  /** The de-duplication (and partitioning) key: a hash of the skeleton, or of the text if none. */
  public static String inputKey(String cleanedInput) {
    return skeletonKey(skeleton(cleanedInput), cleanedInput);
  }

  /** {@link #inputKey} from the skeleton already computed (it is the costly part). */
  public static String skeletonKey(String skeleton, String cleanedInput) {
    return sha256Hex(skeleton.isEmpty() ? "raw:" + cleanedInput : "sk:" + skeleton, 32);
  }

  /**
   * The de-duplication key of a (prompt, completion) pair, for generation and chat records: a hash
   * of both skeletons, so a repeat of the pair meets its original and another completion of the
   * same prompt does not.
   */
  public static String pairKey(String prompt, String completion) {
    return pairKeyOfSkeleton(skeleton(prompt), completion);
  }

  /** {@link #pairKey} from the prompt's skeleton already computed. */
  public static String pairKeyOfSkeleton(String promptSkeleton, String completion) {
    return sha256Hex("pair:" + promptSkeleton + '\u0000' + skeleton(completion), 32);
  }

  /** The content id of a record: a hash of its kind and normalized prompt and completion. */
  public static String contentId(String kind, String prompt, String completion) {
    return sha256Hex(kind + '\u0000' + prompt + '\u0000' + completion, 32);
  }

  /**
   * True when the input with this key belongs to the eval split: the key's hash read as a fraction
   * in [0, 1) is below {@code evalFraction}. An input and its near duplicates share the key.
   */
  public static boolean isEval(String inputKey, double evalFraction) {
    long bits = Long.parseUnsignedLong(inputKey.substring(0, 13), 16); // 52 bits
    double u = bits / (double) (1L << 52);
    return u < evalFraction;
  }

  /** One digest per thread: looking the algorithm up costs more than hashing a short text. */
  private static final ThreadLocal<MessageDigest> SHA256 =
      ThreadLocal.withInitial(
          () -> {
            try {
              return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
              throw new IllegalStateException("SHA-256 is part of every JVM", e);
            }
          });

  static String sha256Hex(String s, int hexChars) {
    byte[] digest = SHA256.get().digest(s.getBytes(StandardCharsets.UTF_8)); // digest() resets
    return HexFormat.of().formatHex(digest, 0, hexChars / 2);
  }
}
