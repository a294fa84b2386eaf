package io.streamtune.train.pretrained;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamtune.train.model.Gpt2Model;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Cross-check against the reference implementation: a tiny random GPT-2 saved by Hugging Face
 * {@code transformers}, with the logits {@code transformers} computed for fixed input ids. The
 * fixture is produced by {@code src/test/resources/pretrained/make_fixture.py} on a machine with
 * {@code transformers} (which cannot be installed on the build machines) and committed; while it is
 * absent this test is skipped, saying so.
 */
class ReferenceLogitsTest {

  static final Path FIXTURE = Path.of("src/test/resources/pretrained/reference");

  @ParameterizedTest
  @ValueSource(strings = {"f32", "f16"})
  void logitsMatchTransformers(String variant) throws IOException {
    assumeTrue(
        Files.isRegularFile(FIXTURE.resolve("logits.json")),
        "no transformers reference fixture at "
            + FIXTURE
            + ": run src/test/resources/pretrained/make_fixture.py where `transformers` is installed"
            + " and commit its output (skipped, not faked)");
    JsonNode expected = new ObjectMapper().readTree(FIXTURE.resolve("logits.json").toFile());
    int[] ids = new int[expected.get("input_ids").size()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = expected.get("input_ids").get(i).asInt();
    }
    try (NDManager manager = Models.manager()) {
      Gpt2Model model = Models.load(FIXTURE.resolve(variant), null, manager);
      int vocab = model.config().vocabSize();
      float[] logits = Models.logits(model, manager, ids);
      JsonNode rows = expected.get(variant);
      assertEquals(ids.length, rows.size());
      double worst = 0;
      for (int t = 0; t < ids.length; t++) {
        assertEquals(vocab, rows.get(t).size());
        for (int v = 0; v < vocab; v++) {
          double want = rows.get(t).get(v).asDouble();
          worst = Math.max(worst, Math.abs(want - logits[t * vocab + v]) / (1 + Math.abs(want)));
        }
      }
      assertEquals(0, worst, 1e-4, "largest relative logit difference to transformers");
    }
  }
}
