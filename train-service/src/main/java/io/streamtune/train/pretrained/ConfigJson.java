package io.streamtune.train.pretrained;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamtune.train.model.Gpt2Config;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A Hugging Face GPT-2 {@code config.json}: the fields that decide the architecture are read and
 * checked against what Streamtune's GPT-2 implements; any other value fails with a message naming
 * the field, the value found and the values allowed. Fields that do not change the computation
 * (token ids, task heads, generation defaults) are kept untouched in {@link #raw()} and written
 * back on export.
 *
 * @param raw the file as read
 * @param vocabSize vocab_size
 * @param positions n_positions (or the legacy n_ctx)
 * @param embedding n_embd
 * @param heads n_head
 * @param layers n_layer
 * @param layerNormEpsilon layer_norm_epsilon (default 1e-5)
 * @param dtype torch_dtype as written by the exporting tool, or null
 */
public record ConfigJson(
    ObjectNode raw,
    int vocabSize,
    int positions,
    int embedding,
    int heads,
    int layers,
    double layerNormEpsilon,
    String dtype) {

  /** GPT-2's GELU is the tanh approximation; these names all compute it. */
  static final List<String> ACTIVATIONS = List.of("gelu_new", "gelu_pytorch_tanh", "gelu_fast");

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Reads {@code file} (a config.json). */
  public static ConfigJson read(Path file) {
    JsonNode root;
    try {
      root = JSON.readTree(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException(file + " is not a JSON object");
    }
    return parse((ObjectNode) root, file.toString());
  }

  /** Checks and reads a parsed config; {@code source} names it in error messages. */
  public static ConfigJson parse(ObjectNode root, String source) {
    Checker c = new Checker(root, source);
    c.textIn("model_type", "gpt2", List.of("gpt2"));
    int layers = c.positiveInt("n_layer", null);
    int heads = c.positiveInt("n_head", null);
    int embedding = c.positiveInt("n_embd", null);
    int vocab = c.positiveInt("vocab_size", null);
    int positions =
        root.hasNonNull("n_positions")
            ? c.positiveInt("n_positions", null)
            : c.positiveInt("n_ctx", "n_positions (or n_ctx)");
    if (embedding % heads != 0) {
      throw c.error("n_embd", embedding, "must be divisible by n_head (" + heads + ")");
    }
    if (positions < 2) {
      throw c.error("n_positions", positions, "must be at least 2");
    }
    double eps = root.hasNonNull("layer_norm_epsilon") ? c.number("layer_norm_epsilon") : 1e-5;
    if (!(eps > 0 && eps < 1)) {
      throw c.error("layer_norm_epsilon", eps, "must be in (0, 1)");
    }
    c.textIn("activation_function", "gelu_new", ACTIVATIONS);
    if (root.hasNonNull("n_inner") && c.positiveInt("n_inner", null) != 4 * embedding) {
      throw c.error(
          "n_inner", root.get("n_inner"), "must be null or 4 * n_embd = " + 4 * embedding);
    }
    c.bool("scale_attn_weights", true);
    c.bool("scale_attn_by_inverse_layer_idx", false);
    c.bool("add_cross_attention", false);
    c.bool("tie_word_embeddings", true);
    String dtype = root.hasNonNull("torch_dtype") ? root.get("torch_dtype").asText() : null;
    return new ConfigJson(root, vocab, positions, embedding, heads, layers, eps, dtype);
  }

  /** The model shape for Streamtune's GPT-2, with the fine-tuning dropout the caller chose. */
  public Gpt2Config toModelConfig(double dropout) {
    return new Gpt2Config(
        vocabSize, positions, embedding, heads, layers, dropout, layerNormEpsilon);
  }

  /** Parameter count of the base model (LM head tied, so counted once). */
  public long parameterCount() {
    return toModelConfig(0).parameterCount();
  }

  /** Validation with messages that name the field; one instance per file. */
  private record Checker(JsonNode root, String source) {

    int positiveInt(String field, String alias) {
      JsonNode node = root.get(field);
      if (node == null || node.isNull()) {
        throw new IllegalArgumentException(
            source + ": required field '" + (alias == null ? field : alias) + "' is missing");
      }
      if (!node.canConvertToInt() || !node.isIntegralNumber() || node.asInt() <= 0) {
        throw error(field, node, "must be a positive integer");
      }
      return node.asInt();
    }

    double number(String field) {
      JsonNode node = root.get(field);
      if (!node.isNumber()) {
        throw error(field, node, "must be a number");
      }
      return node.asDouble();
    }

    void textIn(String field, String byDefault, List<String> allowed) {
      JsonNode node = root.get(field);
      String value = node == null || node.isNull() ? byDefault : node.asText();
      if (!allowed.contains(value)) {
        throw error(field, node, "is not supported (allowed: " + String.join(", ", allowed) + ")");
      }
    }

    void bool(String field, boolean required) {
      JsonNode node = root.get(field);
      if (node != null && !node.isNull() && node.asBoolean(!required) != required) {
        throw error(field, node, "is not supported (Streamtune's GPT-2 needs " + required + ")");
      }
    }

    IllegalArgumentException error(String field, Object value, String why) {
      return new IllegalArgumentException(
          source + ": field '" + field + "' = " + value + " " + why);
    }
  }
}
