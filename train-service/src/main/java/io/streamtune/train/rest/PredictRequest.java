package io.streamtune.train.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamtune.train.config.PredictConfig;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The body of {@code POST /train/predict}, checked against the request's work budget before any
 * inference: malformed → 400, too much asked → 413, each with what to send instead. A pure function
 * of the JSON and the limits, so its rules are tested without a service.
 *
 * @param items the inputs in request order
 * @param texts the label inputs' texts, in order
 * @param prompts the generation inputs' prompts, in order
 * @param array whether the body was an array (the answer is one then too)
 */
record PredictRequest(
    List<JsonNode> items, List<String> texts, List<String> prompts, boolean array) {

  /** The bounds of one request (train.predict.*). */
  record Limits(int maxInputs, int maxChars, long maxPositions, long maxNewTokens) {
    static Limits of(PredictConfig c) {
      return new Limits(c.maxInputs(), c.maxChars(), c.maxPositions(), c.maxNewTokens());
    }
  }

  /** What the model is: the allowed labels, its context, and the tokens each prompt generates. */
  record Model(int labels, int context, int newTokensPerPrompt) {}

  /** The request is refused with {@code status} (400 or 413) and a message saying what to send. */
  static final class Refused extends RuntimeException {
    final int status;

    Refused(int status, String message) {
      super(message);
      this.status = status;
    }
  }

  static PredictRequest parse(JsonNode body, Limits limits, Model model) {
    if (body == null || !(body.isObject() || body.isArray())) {
      throw new Refused(400, "send {\"text\": ...} or {\"prompt\": ...} or an array of them");
    }
    List<JsonNode> items = new ArrayList<>();
    if (body.isArray()) {
      body.forEach(items::add);
    } else {
      items.add(body);
    }
    if (items.isEmpty()) {
      throw new Refused(400, "send between 1 and " + limits.maxInputs() + " inputs");
    }
    if (items.size() > limits.maxInputs()) {
      throw new Refused(
          413,
          items.size()
              + " inputs is over train.predict.max-inputs="
              + limits.maxInputs()
              + ": split the request");
    }
    List<String> texts = new ArrayList<>();
    List<String> prompts = new ArrayList<>();
    long positions = 0;
    for (int i = 0; i < items.size(); i++) {
      String text = field(items.get(i), "text");
      String prompt = field(items.get(i), "prompt");
      if ((text == null) == (prompt == null)) {
        throw new Refused(
            400, "input " + i + " needs exactly one non-blank string field: text or prompt");
      }
      String value = text != null ? text : prompt;
      if (value.length() > limits.maxChars()) {
        throw new Refused(
            413,
            "input "
                + i
                + " has "
                + value.length()
                + " characters, over train.predict.max-chars="
                + limits.maxChars()
                + " (the model reads at most its last "
                + model.context()
                + " tokens)");
      }
      if (text != null) {
        texts.add(text);
        int bytes = text.getBytes(StandardCharsets.UTF_8).length;
        positions += (long) Math.min(bytes, model.context()) * model.labels();
      } else {
        prompts.add(prompt);
      }
    }
    if (positions > limits.maxPositions()) {
      throw new Refused(
          413,
          texts.size()
              + " texts × "
              + model.labels()
              + " labels ask for "
              + positions
              + " scored positions, over train.predict.max-positions="
              + limits.maxPositions()
              + ": send fewer or shorter texts per request");
    }
    long newTokens = (long) prompts.size() * model.newTokensPerPrompt();
    if (newTokens > limits.maxNewTokens()) {
      long fit = Math.max(1, limits.maxNewTokens() / Math.max(1, model.newTokensPerPrompt()));
      throw new Refused(
          413,
          prompts.size()
              + " prompts × "
              + model.newTokensPerPrompt()
              + " new tokens (train.outputs.max-new-tokens) = "
              + newTokens
              + " tokens to generate, over train.predict.max-new-tokens="
              + limits.maxNewTokens()
              + ": send at most "
              + fit
              + " prompts per request");
    }
    return new PredictRequest(List.copyOf(items), texts, prompts, body.isArray());
  }

  /** The non-blank string field {@code name} of {@code item}, or null. */
  static String field(JsonNode item, String name) {
    JsonNode n = item == null ? null : item.get(name);
    return n != null && n.isTextual() && !n.asText().isBlank() ? n.asText() : null;
  }
}
