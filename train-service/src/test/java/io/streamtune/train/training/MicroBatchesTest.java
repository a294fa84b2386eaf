package io.streamtune.train.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.nn.Parameter;
import io.streamtune.train.model.Gpt2Config;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Micro-batching keeps activations small and leaves the step's gradient what it was. */
class MicroBatchesTest {

  @Test
  void longContextsAreSplitSoActivationsStayUnderTheBudget() {
    Gpt2Config config = new Gpt2Config(260, 512, 128, 4, 2, 0.0, 1e-5);
    assertEquals(2, MicroBatches.parts(config, 32, 128, 1)); // 16 rows of [128, 512] floats
    assertEquals(4, MicroBatches.parts(config, 32, 256, 1)); // 8 rows of 512 KiB
    assertEquals(8, MicroBatches.parts(config, 32, 512, 1)); // 4 rows of 1 MiB
    assertEquals(1, MicroBatches.parts(config, 8, 64, 1)); // small batches stay whole
    assertEquals(16, MicroBatches.parts(config, 32, 512, 16)); // the configured, when more
    assertEquals(3, MicroBatches.parts(config, 3, 512, 8)); // never more parts than rows
    assertEquals(1, MicroBatches.parts(config, 1, 512, 1));
  }

  @Test
  void twoMicroBatchesOf16TrainAsOneBatchOf32() {
    TrainerSettings plain = withoutDropout(Fixtures.tiny());
    List<TrainExample> data = Fixtures.topics(5, 96);
    try (OnlineTrainer whole = OnlineTrainer.create(plain);
        OnlineTrainer halves = OnlineTrainer.create(Fixtures.withAccumulation(plain, 2))) {
      // the whole batch really is one part (rows are at most the context long), the other two
      assertEquals(1, MicroBatches.parts(whole.model().config(), 32, plain.contextLength(), 1));
      assertEquals(2, MicroBatches.parts(halves.model().config(), 32, plain.contextLength(), 2));
      for (int step = 0; step < 3; step++) {
        List<TrainExample> batch = Fixtures.batch(data, step, 32);
        StepStats a = whole.step(batch, List.of());
        StepStats b = halves.step(batch, List.of());
        assertEquals(a.taskLoss(), b.taskLoss(), 1e-5, "loss of step " + step);
        assertEquals(a.gradNorm(), b.gradNorm(), 1e-4 * a.gradNorm(), "gradient norm");
        assertEquals(a.tokens(), b.tokens());
      }
      Map<String, Parameter> other = halves.model().namedParameters();
      whole
          .model()
          .namedParameters()
          .forEach(
              (name, p) ->
                  assertArrayEquals(
                      p.getArray().toFloatArray(),
                      other.get(name).getArray().toFloatArray(),
                      2e-5f,
                      name));
    }
  }

  private static TrainerSettings withoutDropout(TrainerSettings s) {
    return s.toBuilder()
        .dropout(0.0)
        .inputs(TrainerSettings.Inputs.DEFAULTS)
        .tokenizer("byte")
        .build();
  }
}
