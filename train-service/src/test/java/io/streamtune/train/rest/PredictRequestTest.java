package io.streamtune.train.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import org.junit.jupiter.api.Test;

class PredictRequestTest {

  static final ObjectMapper JSON = new ObjectMapper();
  static final PredictRequest.Limits LIMITS = new PredictRequest.Limits(256, 16_384, 1 << 20, 2048);
  static final PredictRequest.Model MODEL = new PredictRequest.Model(4, 128, 32);

  static ArrayNode many(String field, String value, int n) {
    ArrayNode a = JSON.createArrayNode();
    for (int i = 0; i < n; i++) {
      a.addObject().put(field, value);
    }
    return a;
  }

  static PredictRequest.Refused refused(JsonNode body) {
    return assertThrows(
        PredictRequest.Refused.class, () -> PredictRequest.parse(body, LIMITS, MODEL));
  }

  @Test
  void splitsTextsAndPromptsInOrder() throws Exception {
    PredictRequest r =
        PredictRequest.parse(
            JSON.readTree("[{\"text\":\"a goal\"},{\"prompt\":\"once\"},{\"text\":\"rain\"}]"),
            LIMITS,
            MODEL);
    assertEquals(3, r.items().size());
    assertEquals(java.util.List.of("a goal", "rain"), r.texts());
    assertEquals(java.util.List.of("once"), r.prompts());
    assertTrue(r.array());
    assertEquals(
        false, PredictRequest.parse(JSON.readTree("{\"text\":\"x\"}"), LIMITS, MODEL).array());
  }

  @Test
  void malformedIs400() throws Exception {
    assertEquals(400, refused(JSON.readTree("\"text\"")).status);
    assertEquals(400, refused(JSON.readTree("[]")).status);
    assertEquals(400, refused(JSON.readTree("[{\"text\":\"a\",\"prompt\":\"b\"}]")).status);
    assertEquals(400, refused(JSON.readTree("[{\"text\":\"  \"}]")).status);
    assertEquals(400, refused(null).status);
  }

  @Test
  void tooManyInputsOrCharactersIs413NamingTheSetting() {
    PredictRequest.Refused many = refused(many("text", "x", 257));
    assertEquals(413, many.status);
    assertTrue(many.getMessage().contains("train.predict.max-inputs=256"), many.getMessage());
    // the abusive client: 256 inputs of 38 kB
    PredictRequest.Refused longText = refused(many("text", "y".repeat(38_000), 256));
    assertEquals(413, longText.status);
    assertTrue(longText.getMessage().contains("train.predict.max-chars"), longText.getMessage());
  }

  @Test
  void generationOverTheTokenBudgetIs413SayingHowManyFit() {
    // the other abusive client: 256 generation prompts × 32 new tokens = 8192
    PredictRequest.Refused r = refused(many("prompt", "tell me a story", 256));
    assertEquals(413, r.status);
    assertTrue(r.getMessage().contains("8192"), r.getMessage());
    assertTrue(r.getMessage().contains("at most 64 prompts"), r.getMessage());
    assertEquals(64, PredictRequest.parse(many("prompt", "p", 64), LIMITS, MODEL).prompts().size());
  }

  @Test
  void labelWorkIsPositionsTimesLabelsCappedAtTheContext() {
    // 256 texts of 16 kB: each counts only its 128-position context, × 4 labels = 131072
    PredictRequest.parse(many("text", "z".repeat(16_000), 256), LIMITS, MODEL);
    PredictRequest.Limits tight = new PredictRequest.Limits(256, 16_384, 131_071, 2048);
    PredictRequest.Refused r =
        assertThrows(
            PredictRequest.Refused.class,
            () -> PredictRequest.parse(many("text", "z".repeat(16_000), 256), tight, MODEL));
    assertEquals(413, r.status);
    assertTrue(r.getMessage().contains("131072 scored positions"), r.getMessage());
    assertTrue(r.getMessage().contains("train.predict.max-positions"), r.getMessage());
  }
}
