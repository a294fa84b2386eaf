package io.streamtune.train.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamtune.train.model.ByteTokenizer;
import io.streamtune.train.model.Gpt2Config;
import io.streamtune.train.model.Gpt2Model;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * create(settings, config, tokenizer, weights): the architecture and base weights come from
 * outside.
 */
class GivenWeightsTest {

  private static final Gpt2Config CONFIG = new Gpt2Config(300, 48, 32, 2, 1, 0.0, 1e-5);

  @Test
  void baseWeightsAreTheGivenOnesAndLoraTrainsOnTop() {
    TrainerSettings settings = Fixtures.withLora(Fixtures.tiny(), Set.of("q", "v"));
    BaseWeights constant =
        (model, manager) ->
            model
                .namedParameters()
                .forEach(
                    (name, p) -> {
                      if (!Gpt2Model.isAdapter(name)) {
                        float[] values = new float[(int) p.getShape().size()];
                        Arrays.fill(
                            values, name.contains("ln_") && name.endsWith("weight") ? 1f : 0.01f);
                        p.getArray().set(FloatBuffer.wrap(values));
                      }
                    });
    try (OnlineTrainer trainer =
        OnlineTrainer.create(settings, CONFIG, new ByteTokenizer(), constant)) {
      assertEquals(CONFIG, trainer.model().config());
      assertEquals(0.01f, wte(trainer), 0f);
      StepStats stats = trainer.step(Fixtures.batch(Fixtures.topics(2, 16), 0, 8), List.of());
      assertTrue(Double.isFinite(stats.taskLoss()));
      assertEquals(0.01f, wte(trainer), 0f, "frozen base under LoRA");
    }
  }

  private static float wte(OnlineTrainer trainer) {
    return trainer.withModel(m -> m.namedParameters().get("wte.weight").getArray().getFloat(7, 3));
  }

  @Test
  void aTokenizerLargerThanTheVocabularyIsRejected() {
    Gpt2Config small = new Gpt2Config(100, 48, 32, 2, 1, 0.0, 1e-5);
    assertThrows(
        IllegalArgumentException.class,
        () -> OnlineTrainer.create(Fixtures.tiny(), small, new ByteTokenizer(), null));
  }
}
