package io.streamtune.train.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamtune.common.payload.TaskKind;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NonFiniteTest {

  @Test
  void aDivergingStepNeverReachesTheWeights() {
    List<TrainExample> data = Fixtures.topics(4, 64);
    try (OnlineTrainer trainer = OnlineTrainer.create(Fixtures.withWarmup(Fixtures.tiny(), 0))) {
      assertTrue(!trainer.step(Fixtures.batch(data, 0, 8), List.of()).skippedNonFinite());
      trainer
          .hyperparameters()
          .setLearningRate(1e36); // absurd: weights explode to the edge of float32
      int skipped = 0;
      for (int i = 1; i < 8 && skipped < 3; i++) {
        Map<String, float[]> before = Weights.of(trainer);
        StepStats stats = trainer.step(Fixtures.batch(data, i, 8), List.of());
        if (stats.skippedNonFinite()) {
          skipped++;
          assertEquals(
              List.of(), Weights.changed(before, Weights.of(trainer)), "weights untouched");
          assertEquals(0.0, stats.updateRatio());
          assertEquals(i + 1, stats.step(), "a skipped step still counts as a step");
        }
      }
      assertTrue(skipped >= 1, "the absurd learning rate must produce non-finite steps");
    }
  }

  @Test
  void nonFiniteRewardsAreIgnoredNotTrainedOn() {
    try (OnlineTrainer trainer = OnlineTrainer.create(Fixtures.withLambda(Fixtures.tiny(), 1.0))) {
      Map<String, float[]> before = Weights.of(trainer);
      StepStats stats =
          trainer.step(
              List.of(), List.of(new RewardedSample(TaskKind.LABEL, "a", "b", Double.NaN)));
      assertEquals(0, stats.examples());
      assertEquals(List.of(), Weights.changed(before, Weights.of(trainer)));
    }
  }
}
