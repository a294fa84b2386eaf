package io.streamtune.train.pretrained;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class ConfigJsonTest {

  @Test
  void readsGpt2Fields() {
    ConfigJson c = ConfigJson.parse(TinyGpt2.configJson(), "config.json");
    assertEquals(TinyGpt2.LAYERS, c.layers());
    assertEquals(TinyGpt2.HEADS, c.heads());
    assertEquals(TinyGpt2.EMBD, c.embedding());
    assertEquals(TinyGpt2.POSITIONS, c.positions());
    assertEquals(TinyGpt2.VOCAB, c.vocabSize());
    assertEquals(1e-5, c.layerNormEpsilon());
    assertEquals("float32", c.dtype());
    assertEquals(0.25, c.toModelConfig(0.25).dropout());
  }

  @Test
  void gpt2SmallShapeCountsItsParameters() {
    ObjectNode json = TinyGpt2.configJson();
    json.put("n_layer", 12).put("n_head", 12).put("n_embd", 768).put("n_positions", 1024);
    json.put("vocab_size", 50257);
    assertEquals(124_439_808L, ConfigJson.parse(json, "gpt2").parameterCount());
  }

  @Test
  void nCtxStandsInForNPositionsAndDefaultsApply() {
    ConfigJson c =
        parse(
            j -> {
              j.remove("n_positions");
              j.remove("layer_norm_epsilon");
              j.remove("activation_function");
            });
    assertEquals(TinyGpt2.POSITIONS, c.positions());
    assertEquals(1e-5, c.layerNormEpsilon());
  }

  @Test
  void unsupportedValuesNameTheField() {
    assertFails(j -> j.remove("n_embd"), "required field 'n_embd' is missing");
    assertFails(
        j -> {
          j.remove("n_positions");
          j.remove("n_ctx");
        },
        "'n_positions (or n_ctx)' is missing");
    assertFails(
        j -> j.put("activation_function", "relu"), "field 'activation_function' = \"relu\"");
    assertFails(j -> j.put("activation_function", "gelu"), "allowed: gelu_new");
    assertFails(j -> j.put("model_type", "llama"), "field 'model_type'");
    assertFails(j -> j.put("n_head", 5), "field 'n_embd' = 32 must be divisible by n_head (5)");
    assertFails(j -> j.put("n_inner", 100), "field 'n_inner' = 100");
    assertFails(j -> j.put("tie_word_embeddings", false), "field 'tie_word_embeddings'");
    assertFails(
        j -> j.put("scale_attn_by_inverse_layer_idx", true), "scale_attn_by_inverse_layer_idx");
    assertFails(j -> j.put("n_layer", -2), "field 'n_layer' = -2 must be a positive integer");
    assertFails(j -> j.put("vocab_size", "many"), "field 'vocab_size'");
  }

  private static ConfigJson parse(Consumer<ObjectNode> edit) {
    ObjectNode json = TinyGpt2.configJson();
    edit.accept(json);
    return ConfigJson.parse(json, "config.json");
  }

  private static void assertFails(Consumer<ObjectNode> edit, String expected) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse(edit));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }
}
