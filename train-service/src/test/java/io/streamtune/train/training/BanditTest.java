package io.streamtune.train.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamtune.common.payload.ModelOutput;
import io.streamtune.common.payload.TaskKind;
import io.streamtune.train.outputs.OutputSampler;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A two-armed bandit on the real trainer: one prompt, labels "yes" and "no", reward 1 for "yes".
 * With actions sampled from the model's label distribution (and their log-probabilities carried),
 * the reward term alone moves p(yes) up from either starting preference, including a model that
 * starts out answering "no" with p ≈ 0.9. Argmax actions could never learn that: the model only
 * ever answers "no", every reward is 0, and nothing moves.
 */
class BanditTest {

  private static final String TEXT = "say something";
  private static final List<String> ARMS = List.of("yes", "no");

  @Test
  void sampledActionsLearnTheRewardedArmFromTheWrongStartingPreference() {
    try (OnlineTrainer trainer = preferring("no")) {
      double before = pYes(trainer);
      double after = play(trainer, true);
      System.out.printf("BanditTest from 'no': p(yes) %.3f -> %.3f%n", before, after);
      assertTrue(before < 0.2, "the model starts preferring the unrewarded arm: " + before);
      assertTrue(after > 0.8, "sampled actions find the rewarded arm: " + before + " -> " + after);
    }
  }

  @Test
  void sampledActionsStrengthenARightStartingPreference() {
    try (OnlineTrainer trainer = preferring("yes")) {
      double before = pYes(trainer);
      double after = play(trainer, true);
      System.out.printf("BanditTest from 'yes': p(yes) %.3f -> %.3f%n", before, after);
      assertTrue(after > Math.max(before, 0.95), before + " -> " + after);
    }
  }

  @Test
  void argmaxActionsCannotLeaveTheWrongArm() {
    try (OnlineTrainer trainer = preferring("no")) {
      double before = pYes(trainer);
      double after = play(trainer, false);
      System.out.printf("BanditTest argmax from 'no': p(yes) %.3f -> %.3f%n", before, after);
      assertTrue(after < 0.5, "argmax only ever answers 'no': " + before + " -> " + after);
    }
  }

  @Test
  void aSampleThePolicyHasMovedFarFromIsClippedInTheDirectionItsRewardPushes() {
    try (OnlineTrainer trainer = preferring("no")) {
      // both answers recorded as sampled with p = e^-30: the policy now is far likelier (ρ ≫ 1+ε)
      ModelOutput.Sampled yes = new ModelOutput.Sampled(0, ARMS, null, true, -30, 1.0);
      ModelOutput.Sampled no = new ModelOutput.Sampled(1, ARMS, null, true, -30, 1.0);
      trainer.step(
          List.of(),
          List.of(
              new RewardedSample(TaskKind.LABEL, TEXT, "yes", 1.0, yes),
              new RewardedSample(TaskKind.LABEL, TEXT, "no", 0.0, no)));
      // advantage > 0 with ρ > 1+ε is clipped; advantage < 0 with ρ > 1 is not (PPO's min)
      assertEquals(1, trainer.progress().rewardsClipped());
    }
  }

  /** A trainer (λ = 1) whose task loss has taught it to answer {@code arm}, p ≈ 0.9. */
  private static OnlineTrainer preferring(String arm) {
    OnlineTrainer trainer = OnlineTrainer.create(Fixtures.withLambda(Fixtures.tiny(), 1.0));
    List<TrainExample> batch = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      batch.add(new TrainExample("r" + i, TaskKind.LABEL, TEXT, arm));
    }
    for (int i = 0; i < 200 && Math.abs(pYes(trainer) - (arm.equals("yes") ? 1 : 0)) > 0.1; i++) {
      trainer.step(batch, List.of());
    }
    return trainer;
  }

  /** 40 steps of 16 actions each, rewarded 1 for "yes": p(yes) at the end. */
  private static double play(OnlineTrainer trainer, boolean sample) {
    Random random = new Random(7);
    for (int step = 0; step < 40; step++) {
      LabelPrediction prediction = trainer.requests().predictLabels(List.of(TEXT), ARMS).get(0);
      List<RewardedSample> rewarded = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        ModelOutput.Sampled action =
            sample ? OutputSampler.sampleLabel(prediction, ARMS, 1.0, random) : null;
        String answer = action == null ? prediction.label() : ARMS.get(action.labelIndex());
        double reward = answer.equals("yes") ? 1 : 0;
        rewarded.add(new RewardedSample(TaskKind.LABEL, TEXT, answer, reward, action));
      }
      trainer.step(List.of(), rewarded);
    }
    return pYes(trainer);
  }

  private static double pYes(OnlineTrainer trainer) {
    return trainer.requests().predictLabels(List.of(TEXT), ARMS).get(0).probabilities().get("yes");
  }
}
