package io.streamtune.train.rest;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The body of {@code POST /train/score}: one {@code {"prompt": …, "completion": …}} object or an
 * array of them, bounded in count and length so one request cannot stall the trainer. A pure
 * function of the JSON, so its rules are tested without a service.
 */
final class ScoreRequest {

  /** Pairs per request: a client's batch, the default bound of /train/predict. */
  static final int MAX_PAIRS = 256;

  /**
   * Characters per prompt or completion: far beyond any context the model keeps, small enough that
   * tokenizing a full request stays cheap.
   */
  static final int MAX_CHARS = 16_384;

  private ScoreRequest() {}

  /** The {prompt, completion} pairs, or IllegalArgumentException saying what to send. */
  static List<String[]> parse(JsonNode body) {
    if (body == null || !(body.isObject() || body.isArray())) {
      throw new IllegalArgumentException(
          "send {\"prompt\": ..., \"completion\": ...} or an array of them");
    }
    List<JsonNode> items = new ArrayList<>();
    if (body.isArray()) {
      body.forEach(items::add);
    } else {
      items.add(body);
    }
    if (items.isEmpty() || items.size() > MAX_PAIRS) {
      throw new IllegalArgumentException("send between 1 and " + MAX_PAIRS + " pairs");
    }
    List<String[]> pairs = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      JsonNode item = items.get(i);
      String prompt = field(item, "prompt", i, true);
      String completion = field(item, "completion", i, false);
      pairs.add(new String[] {prompt, completion});
    }
    return pairs;
  }

  private static String field(JsonNode item, String name, int index, boolean blankAllowed) {
    JsonNode n = item == null || !item.isObject() ? null : item.get(name);
    if (n == null || !n.isTextual() || (!blankAllowed && n.asText().isEmpty())) {
      throw new IllegalArgumentException(
          "pair "
              + index
              + " needs a string field '"
              + name
              + "'"
              + (blankAllowed ? "" : " that is not empty"));
    }
    if (n.asText().length() > MAX_CHARS) {
      throw new IllegalArgumentException(
          "pair " + index + ": '" + name + "' is longer than " + MAX_CHARS + " characters");
    }
    return n.asText();
  }
}
