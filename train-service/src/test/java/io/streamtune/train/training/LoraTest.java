package io.streamtune.train.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamtune.train.model.Gpt2Model;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LoraTest {

  @Test
  void onlyAdaptersChangeAndTheBaseStaysBitIdentical() {
    TrainerSettings settings = Fixtures.withLora(Fixtures.tiny(), Set.of("q", "v", "out", "mlp"));
    List<TrainExample> data = Fixtures.topics(3, 200);
    try (OnlineTrainer trainer = OnlineTrainer.create(settings)) {
      long adapters =
          trainer.model().namedParameters().entrySet().stream()
              .filter(e -> Gpt2Model.isAdapter(e.getKey()))
              .mapToLong(e -> e.getValue().getShape().size())
              .sum();
      assertEquals(adapters, trainer.trainableParameterCount());
      assertTrue(adapters < trainer.parameterCount() / 5, "LoRA trains a small fraction");
      Map<String, float[]> before = Weights.of(trainer);
      double firstLoss = 0;
      double lastLoss = 0;
      for (int i = 0; i < 40; i++) {
        StepStats stats = trainer.step(Fixtures.batch(data, i, 16), List.of());
        assertFalse(stats.skippedNonFinite());
        firstLoss = i == 0 ? stats.taskLoss() : firstLoss;
        lastLoss = stats.taskLoss();
      }
      List<String> changed = Weights.changed(before, Weights.of(trainer));
      assertFalse(changed.isEmpty());
      for (String name : changed) {
        assertTrue(Gpt2Model.isAdapter(name), "base tensor changed under LoRA: " + name);
      }
      assertTrue(changed.contains("h.0.attn.c_attn.lora_q_B"));
      assertTrue(changed.contains("h.1.mlp.c_fc.lora_B"));
      assertTrue(lastLoss < firstLoss, "adapters learn: " + firstLoss + " -> " + lastLoss);
    }
  }
}
