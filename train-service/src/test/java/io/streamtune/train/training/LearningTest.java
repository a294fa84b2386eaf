package io.streamtune.train.training;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamtune.sample.TopicTask;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The tiny model (2 layers × 64, byte tokenizer, 123k parameters) learns TopicTask from a stream of
 * fresh examples: train loss falls, held-out loss falls, and held-out accuracy reaches at least
 * twice chance (4 labels: 25%) within 300 steps of 32. Deterministic (seeded data, init, dropout).
 */
class LearningTest {

  private static final int STEPS = 300;
  private static final int BATCH = 32;

  @Test
  void lossFallsAndHeldOutAccuracyRisesWellAboveChance() {
    List<TrainExample> stream = Fixtures.topics(1, STEPS * BATCH);
    List<TrainExample> heldOut = Fixtures.topics(999, 200);
    try (OnlineTrainer trainer = OnlineTrainer.create(Fixtures.tiny())) {
      EvalStats before = trainer.requests().evaluate(heldOut, TopicTask.LABELS);
      double first = 0;
      double last = 0;
      long start = System.nanoTime();
      for (int i = 0; i < STEPS; i++) {
        StepStats stats = trainer.step(Fixtures.batch(stream, i, BATCH), List.of());
        first += i < 10 ? stats.taskLoss() / 10 : 0;
        last += i >= STEPS - 10 ? stats.taskLoss() / 10 : 0;
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      EvalStats after = trainer.requests().evaluate(heldOut, TopicTask.LABELS);
      System.out.printf(
          "LearningTest: %d steps in %.1f s (%.1f steps/s); train loss %.3f -> %.3f;"
              + " eval loss %.3f -> %.3f; eval accuracy %.2f -> %.2f %s%n",
          STEPS,
          seconds,
          STEPS / seconds,
          first,
          last,
          before.loss(),
          after.loss(),
          before.accuracy(),
          after.accuracy(),
          after.perLabelRecall());
      assertTrue(last < first * 0.5, "train loss should at least halve: " + first + " -> " + last);
      assertTrue(after.loss() < before.loss() * 0.5, "eval loss should at least halve");
      assertTrue(after.accuracy() >= 0.5, "held-out accuracy >= 2x chance: " + after.accuracy());
    }
  }
}
