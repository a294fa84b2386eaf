package io.streamtune.ingest.clean;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import io.streamtune.common.JsonSerde;
import io.streamtune.common.Utf8;

/**
 * Reads a raw value defensively, one check at a time: size, UTF-8, JSON, object. Never throws on
 * bad input; every failure is a reason code.
 */
public final class RawParser {

  private static final ObjectReader STRICT =
      JsonSerde.MAPPER
          .reader()
          .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  /** The parsed object, or the reason it is not one. */
  public record Parsed(JsonNode object, String text, String reason, String detail) {}

  private RawParser() {}

  public static Parsed parse(byte[] value, int maxBytes) {
    if (value == null) {
      return fail(null, Reasons.MALFORMED, "the value is null (a tombstone)");
    }
    if (value.length > maxBytes) {
      return fail(
          null, Reasons.TOO_LARGE, value.length + " bytes is over the limit of " + maxBytes);
    }
    String text = Utf8.decodeStrict(value);
    if (text == null) {
      return fail(null, Reasons.INVALID_UTF8, "the value is not valid UTF-8");
    }
    if (text.isBlank()) {
      return fail(text, Reasons.MALFORMED, "the value is empty");
    }
    JsonNode node;
    try {
      node = STRICT.readTree(text);
    } catch (JsonProcessingException e) {
      return fail(text, Reasons.MALFORMED, "not JSON: " + e.getOriginalMessage());
    } catch (RuntimeException | StackOverflowError e) {
      return fail(text, Reasons.MALFORMED, "not JSON: " + e.getClass().getSimpleName());
    }
    if (node == null || node.isMissingNode()) {
      return fail(text, Reasons.MALFORMED, "the value is empty");
    }
    if (!node.isObject()) {
      return fail(
          text, Reasons.NOT_OBJECT, "expected a JSON object, got " + node.getNodeType().name());
    }
    return new Parsed(node, text, null, null);
  }

  private static Parsed fail(String text, String reason, String detail) {
    return new Parsed(null, text, reason, detail);
  }
}
