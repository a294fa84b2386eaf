package io.streamtune.common;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Strict UTF-8: a record that is not valid UTF-8 is told apart, never patched with U+FFFD. */
public final class Utf8 {

  private Utf8() {}

  /**
   * Decodes {@code bytes} as UTF-8, or returns null when they are not valid UTF-8 (malformed or
   * truncated sequences, overlong forms, encoded surrogates), where {@code new String(bytes,
   * UTF_8)} would silently put replacement characters in their place.
   */
  public static String decodeStrict(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }
}
