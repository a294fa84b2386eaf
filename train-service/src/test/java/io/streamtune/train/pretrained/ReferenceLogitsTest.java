package io.streamtune.train.pretrained;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamtune.train.model.Gpt2Model;
import io.streamtune.train.model.Tokenizer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Cross-check against a second implementation: a tiny random GPT-2 in Hugging Face's layout and the
 * logits an independent forward pass, written in plain PyTorch, computed for it. Both come from
 * {@code src/test/resources/pretrained/make_fixture.py} (Debian's CPU {@code python3-torch}, no
 * download) and are committed under {@code reference/} (about 170 KB). Streamtune loads the folder
 * through the same path as a real checkpoint and must reproduce every logit.
 */
class ReferenceLogitsTest {

  static final Path FIXTURE = Path.of("src/test/resources/pretrained/reference");

  /**
   * Relative to 1 + |logit|: float32 arithmetic against the reference's float64 leaves ~1e-6; a
   * wrong epsilon, GELU variant, mask or transposed weight moves logits by far more.
   */
  static final double TOLERANCE = 1e-4;

  record Prompt(String text, int[] ids) {}

  @ParameterizedTest
  @ValueSource(strings = {"f32", "f16"})
  void logitsMatchTheReference(String variant) throws IOException {
    List<Prompt> prompts = prompts();
    List<float[]> expected = expectedLogits(variant, prompts);
    try (NDManager manager = Models.manager()) {
      Gpt2Model model = Models.load(FIXTURE.resolve(variant), null, manager);
      assertEquals(vocab(), model.config().vocabSize());
      for (int p = 0; p < prompts.size(); p++) {
        float[] logits = Models.logits(model, manager, prompts.get(p).ids());
        double worst = worstRelativeDifference(expected.get(p), logits);
        assertTrue(
            worst <= TOLERANCE,
            variant
                + " prompt '"
                + prompts.get(p).text()
                + "': largest relative logit difference to the reference "
                + worst);
      }
    }
  }

  @Test
  void theTokenizerGivesTheReferenceIds() throws IOException {
    try (Tokenizer tokenizer = PretrainedModel.open(FIXTURE.resolve("f32")).tokenizer()) {
      for (Prompt prompt : prompts()) {
        assertArrayEquals(prompt.ids(), tokenizer.encode(prompt.text()), prompt.text());
      }
    }
  }

  /**
   * The tolerance is tight enough to matter: float16 rounding of the weights alone (a far smaller
   * error than any bug in the forward pass) already puts the f32 model outside it.
   */
  @Test
  void float16RoundingAloneFailsTheTolerance() throws IOException {
    List<Prompt> prompts = prompts();
    float[] f16Reference = expectedLogits("f16", prompts).get(0);
    try (NDManager manager = Models.manager()) {
      Gpt2Model model = Models.load(FIXTURE.resolve("f32"), null, manager);
      float[] logits = Models.logits(model, manager, prompts.get(0).ids());
      double worst = worstRelativeDifference(f16Reference, logits);
      assertTrue(worst > 10 * TOLERANCE, "f32 model vs f16 reference differ by only " + worst);
    }
  }

  private static double worstRelativeDifference(float[] want, float[] got) {
    assertEquals(want.length, got.length, "logit count");
    double worst = 0;
    for (int i = 0; i < want.length; i++) {
      worst = Math.max(worst, Math.abs(want[i] - got[i]) / (1 + Math.abs(want[i])));
    }
    return worst;
  }

  private static JsonNode promptsJson() throws IOException {
    return new ObjectMapper().readTree(FIXTURE.resolve("prompts.json").toFile());
  }

  private static int vocab() throws IOException {
    return promptsJson().get("vocab").asInt();
  }

  private static List<Prompt> prompts() throws IOException {
    List<Prompt> prompts = new ArrayList<>();
    for (JsonNode node : promptsJson().get("prompts")) {
      JsonNode ids = node.get("input_ids");
      int[] values = new int[ids.size()];
      for (int i = 0; i < values.length; i++) {
        values[i] = ids.get(i).asInt();
      }
      prompts.add(new Prompt(node.get("text").asText(), values));
    }
    return prompts;
  }

  /** Each prompt's [T, V] logits, read in order from the variant's float32 little-endian file. */
  private static List<float[]> expectedLogits(String variant, List<Prompt> prompts)
      throws IOException {
    FloatBuffer all =
        ByteBuffer.wrap(Files.readAllBytes(FIXTURE.resolve(variant).resolve("logits.bin")))
            .order(ByteOrder.LITTLE_ENDIAN)
            .asFloatBuffer();
    int vocab = vocab();
    List<float[]> rows = new ArrayList<>();
    for (Prompt prompt : prompts) {
      float[] logits = new float[prompt.ids().length * vocab];
      all.get(logits);
      rows.add(logits);
    }
    assertEquals(0, all.remaining(), "logits.bin holds more values than prompts.json describes");
    return rows;
  }
}
