package io.streamtune.reward.streams;

import io.streamtune.common.Utf8;
import java.util.Arrays;
import java.util.Base64;

/**
 * The original value of a rejected output, kept beside its reason: as text when it is valid UTF-8,
 * else as base64; cut to a bound so the rejected record itself always fits in a message.
 */
record Originals(String text, String base64, boolean truncated) {

  /** Chars (or bytes) of the original kept: well under Kafka's default 1 MB message limit. */
  static final int LIMIT = 256 * 1024;

  static Originals of(byte[] value) {
    if (value == null) {
      return new Originals(null, null, false);
    }
    String text = Utf8.decodeStrict(value);
    if (text == null) {
      byte[] kept = value.length <= LIMIT ? value : Arrays.copyOf(value, LIMIT);
      return new Originals(null, Base64.getEncoder().encodeToString(kept), kept != value);
    }
    if (text.length() <= LIMIT) {
      return new Originals(text, null, false);
    }
    int end = Character.isHighSurrogate(text.charAt(LIMIT - 1)) ? LIMIT - 1 : LIMIT;
    return new Originals(text.substring(0, end), null, true);
  }
}
