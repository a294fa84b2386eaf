package io.streamtune.train.model;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The built-in tokenizer: one id per UTF-8 byte (0..255) plus four special ids. Needs no files and
 * handles any text. Decoding turns byte sequences that are not valid UTF-8 (a model can generate
 * them) into U+FFFD instead of failing; a Java string with an unpaired surrogate encodes its
 * surrogate as '?' (what {@link String#getBytes} does), so valid text always round-trips exactly.
 */
public final class ByteTokenizer implements Tokenizer {

  /** Beginning of sequence. */
  public static final int BOS = 256;

  /** Separator (reserved; the label separator is plain text so every tokenizer can share it). */
  public static final int SEP = 257;

  /** End of a completion. */
  public static final int EOS = 258;

  /** Padding. */
  public static final int PAD = 259;

  private static final int VOCAB = 260;

  @Override
  public int[] encode(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    int[] ids = new int[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      ids[i] = bytes[i] & 0xff;
    }
    return ids;
  }

  @Override
  public String decode(int[] ids) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(ids.length);
    for (int id : ids) {
      if (id >= 0 && id < 256) {
        out.write(id);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  @Override
  public int vocabSize() {
    return VOCAB;
  }

  @Override
  public int bos() {
    return BOS;
  }

  @Override
  public int eos() {
    return EOS;
  }

  @Override
  public int pad() {
    return PAD;
  }

  @Override
  public String name() {
    return "byte";
  }

  @Override
  public String describe() {
    return "byte-level (" + VOCAB + " ids)";
  }
}
