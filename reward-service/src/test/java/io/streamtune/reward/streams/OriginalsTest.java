package io.streamtune.reward.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class OriginalsTest {

  @Test
  void textWhenUtf8Base64Otherwise() {
    Originals t = Originals.of("héllo 😀".getBytes(StandardCharsets.UTF_8));
    assertEquals("héllo 😀", t.text());
    assertNull(t.base64());
    assertFalse(t.truncated());
    Originals b = Originals.of(new byte[] {(byte) 0xFF, 0});
    assertNull(b.text());
    assertEquals(Base64.getEncoder().encodeToString(new byte[] {(byte) 0xFF, 0}), b.base64());
  }

  @Test
  void hugeOriginalsAreCutToTheLimitWithoutSplittingASurrogatePair() {
    String huge = "a".repeat(Originals.LIMIT - 1) + "😀" + "b".repeat(10);
    Originals t = Originals.of(huge.getBytes(StandardCharsets.UTF_8));
    assertTrue(t.truncated());
    assertEquals(Originals.LIMIT - 1, t.text().length());
    byte[] binary = new byte[Originals.LIMIT + 5];
    binary[0] = (byte) 0xFF;
    Originals b = Originals.of(binary);
    assertTrue(b.truncated());
    assertEquals(Originals.LIMIT, Base64.getDecoder().decode(b.base64()).length);
  }

  @Test
  void nullStaysNull() {
    Originals n = Originals.of(null);
    assertNull(n.text());
    assertNull(n.base64());
  }
}
