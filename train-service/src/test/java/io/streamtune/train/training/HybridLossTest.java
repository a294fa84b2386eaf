package io.streamtune.train.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamtune.common.payload.TaskKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HybridLossTest {

  @Test
  void lambdaZeroReproducesPureTaskTrainingExactly() {
    List<TrainExample> data = Fixtures.topics(6, 200);
    try (OnlineTrainer pure = OnlineTrainer.create(Fixtures.tiny());
        OnlineTrainer hybrid = OnlineTrainer.create(Fixtures.withLambda(Fixtures.tiny(), 0.0))) {
      for (int i = 0; i < 15; i++) {
        List<TrainExample> batch = Fixtures.batch(data, i, 8);
        List<RewardedSample> rewarded = new ArrayList<>();
        for (TrainExample e : batch) {
          rewarded.add(new RewardedSample(TaskKind.LABEL, e.prompt(), "food", i % 2));
        }
        StepStats a = pure.step(batch, List.of());
        StepStats b = hybrid.step(batch, rewarded);
        assertEquals(a, b, "step " + i);
      }
      assertEquals(List.of(), Weights.changed(Weights.of(pure), Weights.of(hybrid)));
    }
  }

  @Test
  void aRewardFavouringOneCompletionMovesProbabilityTowardIt() {
    TrainerSettings settings = Fixtures.withLambda(Fixtures.tiny(), 1.0);
    List<String> choices = List.of("yes", "no");
    String text = "say something";
    try (OnlineTrainer trainer = OnlineTrainer.create(settings)) {
      double before =
          trainer
              .requests()
              .predictLabels(List.of(text), choices)
              .get(0)
              .probabilities()
              .get("yes");
      for (int i = 0; i < 30; i++) {
        StepStats stats =
            trainer.step(
                List.of(),
                List.of(
                    new RewardedSample(TaskKind.LABEL, text, "yes", 1.0),
                    new RewardedSample(TaskKind.LABEL, text, "no", 0.0)));
        assertTrue(Double.isFinite(stats.rewardLoss()));
      }
      Map<String, Double> after =
          trainer.requests().predictLabels(List.of(text), choices).get(0).probabilities();
      assertTrue(
          after.get("yes") > Math.max(0.9, before),
          "p(yes) should rise toward 1: " + before + " -> " + after.get("yes"));
      assertEquals(1.0, after.get("yes") + after.get("no"), 1e-9);
    }
  }

  /**
   * The auxiliary prompt loss teaches the prompts' own text (log p of a prompt as a generation
   * rises far more than without it), while the reported task loss stays the completions' alone: at
   * the first step, before any update, both trainers report the same task loss.
   */
  @Test
  void thePromptLossTeachesThePromptTextAndLeavesTheReportedTaskLossAlone() {
    List<TrainExample> data = Fixtures.topics(9, 64);
    TrainerSettings plain = Fixtures.tiny();
    TrainerSettings aux = plain.toBuilder().promptLossWeight(1.0).promptLossPositions(16).build();
    String[] pair = {"", data.get(0).prompt()};
    try (OnlineTrainer without = OnlineTrainer.create(plain);
        OnlineTrainer with = OnlineTrainer.create(aux)) {
      double before = with.requests().score(List.<String[]>of(pair)).get(0).logProb();
      assertEquals(
          before, without.requests().score(List.<String[]>of(pair)).get(0).logProb(), 1e-9);
      for (int i = 0; i < 40; i++) {
        List<TrainExample> batch = Fixtures.batch(data, i, 16);
        StepStats a = without.step(batch, List.of());
        StepStats b = with.step(batch, List.of());
        if (i == 0) {
          assertEquals(a.taskLoss(), b.taskLoss(), 1e-6, "same weights, same completion loss");
        }
      }
      double plainAfter = without.requests().score(List.<String[]>of(pair)).get(0).logProb();
      double auxAfter = with.requests().score(List.<String[]>of(pair)).get(0).logProb();
      assertTrue(
          auxAfter - before > 2 * (plainAfter - before) && auxAfter > plainAfter + 5,
          "log p(prompt) before "
              + before
              + ", after 40 steps without the prompt loss "
              + plainAfter
              + ", with it "
              + auxAfter);
    }
  }
}
