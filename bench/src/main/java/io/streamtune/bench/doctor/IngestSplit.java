package io.streamtune.bench.doctor;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Which side of ingest's train/eval split a label record's text lands on, computed the way ingest
 * computes it ({@code io.streamtune.ingest.clean.Fingerprints}: SHA-256 of the text's skeleton read
 * as a fraction, below {@code ingest.split.eval-fraction} = eval). Two faults need it: a leak that
 * must show in training but not in eval, and a tiny training set beside a normal eval set. The
 * benchmark checks the count it expects against ingest's own eval count after each run, so a change
 * on ingest's side is seen, not silently scored.
 */
final class IngestSplit {

  private static final Pattern NOT_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");

  private IngestSplit() {}

  /** True when ingest sends this text to records.eval. */
  static boolean isEval(String text, double evalFraction) {
    String skeleton =
        NOT_WORD
            .matcher(Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT))
            .replaceAll(" ")
            .trim();
    String key = sha256Hex(skeleton.isEmpty() ? "raw:" + text : "sk:" + skeleton);
    long bits = Long.parseUnsignedLong(key.substring(0, 13), 16); // 52 bits
    return bits / (double) (1L << 52) < evalFraction;
  }

  private static String sha256Hex(String s) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JVM", e);
    }
  }
}
