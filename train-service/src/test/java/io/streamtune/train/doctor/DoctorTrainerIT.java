package io.streamtune.train.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamtune.common.payload.TaskKind;
import io.streamtune.sample.TopicTask;
import io.streamtune.train.training.OnlineTrainer;
import io.streamtune.train.training.RewardedSample;
import io.streamtune.train.training.StepStats;
import io.streamtune.train.training.TrainExample;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The doctor against the real trainer: each failure induced on purpose, named within a bounded
 * number of steps, and treated; a healthy run raises nothing. Detection delays are printed ("DELAY
 * cause steps") for the issue note. No Kafka here: DoctorServiceIT covers the wiring.
 */
class DoctorTrainerIT {

  private static final double LR = 3e-3;
  private static final int EVAL_EVERY = 25;
  private static final int CHECKPOINT_EVERY = 50;

  @TempDir Path tmp;

  /** One run: a trainer, its control, the doctor, and the losses seen. */
  private final class Run implements AutoCloseable {
    final OnlineTrainer trainer;
    final RigControl control;
    final DoctorCore doctor;
    final List<TrainExample> heldOut;
    final List<Double> losses = new ArrayList<>();

    Run(double lr, ActSettings act, boolean shuffledHeldOut) {
      trainer = TrainerRig.trainer(lr);
      control = new RigControl(trainer, tmp);
      doctor = new DoctorCore(Thresholds.defaults(), act, control, null, 100);
      heldOut = TrainerRig.heldOut(99, 64, shuffledHeldOut);
    }

    StepStats step(List<TrainExample> batch, List<RewardedSample> rewarded, List<Double> rewards) {
      StepStats s = trainer.step(batch, rewarded);
      losses.add(s.taskLoss());
      doctor.onStep(s, rewards, Instant.now());
      if (s.step() % EVAL_EVERY == 0) {
        doctor.onEval(
            s.step(), trainer.requests().evaluate(heldOut, TopicTask.LABELS), Instant.now());
      }
      if (s.step() % CHECKPOINT_EVERY == 0) {
        control.checkpoint();
      }
      return s;
    }

    long raisedAt(Cause c) {
      return doctor.diagnosis().history().stream()
          .filter(v -> v.cause().equals(c.id()))
          .mapToLong(Diagnosis.View::sinceStep)
          .min()
          .orElse(-1);
    }

    @Override
    public void close() {
      trainer.close();
    }
  }

  private static double mean(List<Double> xs) {
    return xs.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
  }

  @Test
  void healthyRunIsSilentThenLrTimes100IsNamedRolledBackAndTrainingRecovers() {
    try (Run run = new Run(LR, ActSettings.defaults(), false)) {
      TrainerRig.Stream data = new TrainerRig.Stream(1, false);
      for (int i = 0; i < 400; i++) {
        run.step(data.batch(TrainerRig.BATCH), List.of(), List.of());
      }
      assertEquals(List.of(), run.doctor.diagnosis().history(), "a healthy run raises nothing");
      double healthy = mean(run.losses.subList(350, 400));

      // An operator mistake: the learning rate ×100 at step 400 (checkpoint at 400 holds good
      // weights).
      run.trainer.hyperparameters().setLearningRate(LR * 100);
      int before = run.losses.size();
      for (int i = 0; i < 150; i++) {
        run.step(data.batch(TrainerRig.BATCH), List.of(), List.of());
      }
      long raised = run.raisedAt(Cause.LR_TOO_HIGH);
      System.out.printf("DELAY lr_too_high %d steps%n", raised - 400);
      run.doctor
          .diagnosis()
          .actions()
          .forEach(
              a ->
                  System.out.printf(
                      "ACTION %s at step %d: %s%n", a.action(), a.step(), a.details()));
      assertTrue(raised > 400 && raised <= 410, "lr_too_high raised at step " + raised);
      var rollbacks =
          run.control.events("doctor_action").stream()
              .filter(e -> e.details().get("action").equals("rollback"))
              .toList();
      assertFalse(rollbacks.isEmpty());
      assertEquals(400L, rollbacks.get(0).details().get("restoredStep"));
      assertTrue(
          run.trainer.hyperparameters().learningRate() <= LR * 0.1 + 1e-12,
          "lr " + run.trainer.hyperparameters().learningRate());
      // After the treatment: every loss finite and back at the healthy level, still falling.
      List<Double> after = run.losses.subList(run.losses.size() - 50, run.losses.size());
      assertTrue(after.stream().allMatch(Double::isFinite));
      double peak =
          run.losses.subList(before, before + 10).stream().mapToDouble(d -> d).max().orElseThrow();
      assertTrue(
          mean(after) < 1.5 * healthy && mean(after) < peak / 3,
          "after " + mean(after) + " healthy " + healthy + " peak " + peak);
      assertTrue(
          TrendTest.of(
                      run.losses.subList(run.losses.size() - 100, run.losses.size()).stream()
                          .mapToDouble(d -> d)
                          .toArray())
                  .z()
              < 1.96,
          "loss not rising after treatment");
    }
  }

  @Test
  void aLearningRateDividedBy1000IsLrTooLow() {
    try (Run run = new Run(LR / 1000, ActSettings.defaults(), false)) {
      TrainerRig.Stream data = new TrainerRig.Stream(1, false);
      for (int i = 0; i < 200 && run.raisedAt(Cause.LR_TOO_LOW) < 0; i++) {
        run.step(data.batch(TrainerRig.BATCH), List.of(), List.of());
      }
      long raised = run.raisedAt(Cause.LR_TOO_LOW);
      System.out.printf("DELAY lr_too_low %d steps from start (window 100)%n", raised);
      assertTrue(raised >= 100 && raised <= 200, "lr_too_low at " + raised);
      assertEquals(
          List.of("lr_too_low"),
          run.doctor.diagnosis().history().stream().map(Diagnosis.View::cause).toList());
    }
  }

  @Test
  void batchesOfOneAreTooNoisyAndNothingElse() {
    try (Run run = new Run(LR, ActSettings.defaults(), false)) {
      TrainerRig.Stream data = new TrainerRig.Stream(1, false);
      for (int i = 0; i < 350 && run.raisedAt(Cause.BATCH_TOO_NOISY) < 0; i++) {
        run.step(data.batch(1), List.of(), List.of());
      }
      long raised = run.raisedAt(Cause.BATCH_TOO_NOISY);
      System.out.printf("DELAY batch_too_noisy %d steps from start (batch 1)%n", raised);
      assertTrue(raised >= 100 && raised <= 350, "batch_too_noisy at " + raised);
      assertEquals(
          List.of("batch_too_noisy"),
          run.doctor.diagnosis().history().stream().map(Diagnosis.View::cause).toList());
    }
  }

  @Test
  void shuffledLabelsAreNamedAsDataConflicts() {
    try (Run run = new Run(LR, ActSettings.defaults(), true)) {
      TrainerRig.Stream data = new TrainerRig.Stream(1, true);
      for (int i = 0; i < 400 && run.raisedAt(Cause.DATA_CONFLICTS) < 0; i++) {
        run.step(data.batch(TrainerRig.BATCH), List.of(), List.of());
      }
      long raised = run.raisedAt(Cause.DATA_CONFLICTS);
      System.out.printf("DELAY data_conflicts %d steps from start%n", raised);
      assertTrue(raised > 0 && raised <= 400, "data_conflicts raised at " + raised);
      var f =
          run.doctor.diagnosis().active().stream()
              .filter(v -> v.cause().equals("data_conflicts"))
              .findFirst()
              .orElseThrow();
      // chance is the held-out majority share (#13), not 1 / labels
      assertEquals(f.evidence().get("majorityShare"), f.evidence().get("chanceAccuracy"));
      assertTrue((double) f.evidence().get("chanceAccuracy") > 0.25, f.evidence().toString());
    }
  }

  @Test
  void aTinyDatasetReplayedIsMemorizingAndOverfittingAndTheBestCheckpointIsMarked() {
    try (Run run = new Run(LR, ActSettings.defaults(), false)) {
      List<TrainExample> tiny = new TrainerRig.Stream(1, false).batch(16);
      for (int i = 0; i < 300 && run.raisedAt(Cause.MEMORIZING) < 0; i++) {
        run.step(tiny, List.of(), List.of());
      }
      long memorizing = run.raisedAt(Cause.MEMORIZING);
      long overfitting = run.raisedAt(Cause.OVERFITTING);
      System.out.printf(
          "DELAY memorizing %d overfitting %d steps from start%n", memorizing, overfitting);
      assertTrue(memorizing > 0 && memorizing <= 300, "memorizing at " + memorizing);
      if (overfitting > 0) {
        assertEquals(1, run.control.bestMarks);
        assertFalse(run.control.stopped, "early stop is off by default");
      }
    }
  }

  @Test
  void aConstantRewardIsDeadLambdaGoesToZeroAndComesBackWhenTheRewardSpreads() {
    try (Run run = new Run(LR, ActSettings.defaults(), false)) {
      run.trainer.hyperparameters().setLambda(0.5);
      TrainerRig.Stream data = new TrainerRig.Stream(1, false);
      Random r = new Random(3);
      int step = 0;
      for (; step < 60 && run.raisedAt(Cause.REWARD_DEAD) < 0; step++) {
        List<TrainExample> batch = data.batch(TrainerRig.BATCH);
        List<RewardedSample> rewarded = new ArrayList<>();
        for (TrainExample e : batch.subList(0, 4)) {
          rewarded.add(new RewardedSample(TaskKind.LABEL, e.prompt(), e.completion(), 1.0));
        }
        run.step(batch, rewarded, rewarded.stream().map(RewardedSample::reward).toList());
      }
      long raised = run.raisedAt(Cause.REWARD_DEAD);
      System.out.printf(
          "DELAY reward_dead %d steps (4 rewards/step, %d needed)%n",
          raised, Thresholds.defaults().rewardMin());
      assertTrue(raised > 0 && raised <= 10, "reward_dead at " + raised);
      assertEquals(0.0, run.trainer.hyperparameters().lambda());
      for (int i = 0; i < 20 && run.trainer.hyperparameters().lambda() == 0; i++) {
        List<TrainExample> batch = data.batch(TrainerRig.BATCH);
        List<RewardedSample> rewarded = new ArrayList<>();
        for (TrainExample e : batch.subList(0, 4)) {
          rewarded.add(
              new RewardedSample(TaskKind.LABEL, e.prompt(), e.completion(), r.nextDouble()));
        }
        run.step(batch, rewarded, rewarded.stream().map(RewardedSample::reward).toList());
      }
      assertEquals(
          0.5, run.trainer.hyperparameters().lambda(), "λ restored once the reward spreads again");
      assertEquals(
          List.of("lambda_off", "lambda_restored"),
          run.control.events("doctor_action").stream()
              .map(e -> e.details().get("action"))
              .toList());
    }
  }
}
