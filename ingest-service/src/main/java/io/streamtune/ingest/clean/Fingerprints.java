package io.streamtune.ingest.clean;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Stable identities derived from content: the record id, the input's skeleton (what near duplicates
 * share), the de-duplication key and the eval bucket. Same input, same answer, on every instance
 * and after every restart.
 */
public final class Fingerprints {

  private static final Pattern NOT_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");

  private Fingerprints() {}

  /**
   * The skeleton of an input: NFKC, lower case, every run of non-letters/digits (punctuation,
   * symbols, spaces) as one space, trimmed. Case, spacing and punctuation variants share one.
   */
  public static String skeleton(String text) {
    String s = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
    return NOT_WORD.matcher(s).replaceAll(" ").trim();
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
