package io.streamtune.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Utf8Test {

  @Test
  void validUtf8DecodesToTheSameTextAsTheLenientDecoder() {
    for (String s :
        new String[] {"", "plain ascii", "héllo wörld", "日本語", "😀 and 𝄞", "a\u0000b"}) {
      assertEquals(s, Utf8.decodeStrict(s.getBytes(StandardCharsets.UTF_8)));
    }
  }

  @Test
  void invalidUtf8IsNullNotReplacementCharacters() {
    byte[][] invalid = {
      {(byte) 0xFF}, // never valid in UTF-8
      {'a', (byte) 0xC3}, // a two-byte sequence cut short at the end
      {(byte) 0xC3, 'a'}, // a lead byte followed by a non-continuation byte
      {(byte) 0x80}, // a lone continuation byte
      {(byte) 0xC0, (byte) 0xAF}, // an overlong '/'
      {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, // an encoded surrogate (U+D800)
      {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, // above U+10FFFF
    };
    for (byte[] bytes : invalid) {
      assertNull(Utf8.decodeStrict(bytes));
      // The lenient decoder would have accepted them with U+FFFD in place.
      assertTrue(new String(bytes, StandardCharsets.UTF_8).contains("\uFFFD"));
    }
  }
}
