package io.streamtune.reward.streams;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamtune.common.JsonSerde;
import io.streamtune.common.payload.ModelOutput;
import io.streamtune.reward.scoring.RejectException;
import io.streamtune.reward.scoring.RejectReason;
import java.io.IOException;

/**
 * Reads a {@code model.outputs} value defensively: any bytes in, a usable {@link ModelOutput} out,
 * or a {@link RejectException} naming the field at fault. Never lets a bad value reach a scorer.
 */
final class OutputParser {

  private static final int MAX_MESSAGE = 200;

  private OutputParser() {}

  static ModelOutput parse(byte[] value, int maxCompletionChars) {
    if (value == null) {
      throw malformed("value is null (a tombstone); expected a ModelOutput JSON object");
    }
    JsonNode node;
    try {
      node = JsonSerde.MAPPER.readTree(value);
    } catch (IOException e) {
      throw malformed("value is not JSON: " + shorten(e.getMessage()));
    }
    if (node == null || !node.isObject()) {
      throw malformed("value is not a JSON object");
    }
    requireText(node, "outputId", true);
    requireText(node, "completion", false);
    JsonNode version = node.get("modelVersion");
    if (version == null || !version.isIntegralNumber() || !version.canConvertToLong()) {
      throw malformed("field modelVersion is missing or not a whole number");
    }
    for (String optional : new String[] {"recordId", "prompt", "reference"}) {
      JsonNode f = node.get(optional);
      if (f != null && !f.isNull() && !f.isTextual()) {
        throw malformed("field " + optional + " is not a string");
      }
    }
    ModelOutput output;
    try {
      output = JsonSerde.MAPPER.treeToValue(node, ModelOutput.class);
    } catch (IOException | IllegalArgumentException e) {
      throw malformed("value does not fit ModelOutput: " + shorten(e.getMessage()));
    }
    if (output.completion().length() > maxCompletionChars) {
      throw new RejectException(
          RejectReason.OUTPUT_TOO_LARGE,
          "field completion has "
              + output.completion().length()
              + " chars, more than reward.max-completion-chars="
              + maxCompletionChars);
    }
    return output;
  }

  private static void requireText(JsonNode node, String field, boolean nonBlank) {
    JsonNode f = node.get(field);
    if (f == null || f.isNull()) {
      throw malformed("field " + field + " is missing");
    }
    if (!f.isTextual()) {
      throw malformed("field " + field + " is not a string");
    }
    if (nonBlank && f.textValue().isBlank()) {
      throw malformed("field " + field + " is blank");
    }
  }

  private static RejectException malformed(String detail) {
    return new RejectException(RejectReason.MALFORMED_OUTPUT, detail);
  }

  private static String shorten(String message) {
    String m = message == null ? "" : message.replaceAll("\\s+", " ");
    return m.length() <= MAX_MESSAGE ? m : m.substring(0, MAX_MESSAGE) + "…";
  }
}
