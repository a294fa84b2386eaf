package io.streamtune.train.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamtune.train.training.StepStats;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The doctor's actions on synthetic signals, against a recording Treatment (no DJL). */
class DoctorCoreTest {

  /** Records every call; rollback finds a checkpoint every 50 steps. */
  static final class Recorder implements Treatment {
    final List<String> calls = new ArrayList<>();
    final List<String> events = new ArrayList<>();
    double lr = 1e-3;
    double lambda = 0.5;
    boolean available = true;
    boolean checkpoints = true;

    @Override
    public boolean available() {
      return available;
    }

    @Override
    public double learningRate() {
      return lr;
    }

    @Override
    public void setLearningRate(double v, String reason) {
      calls.add("lr " + v);
      lr = v;
    }

    @Override
    public double lambda() {
      return lambda;
    }

    @Override
    public void setLambda(double v, String reason) {
      calls.add("lambda " + v);
      lambda = v;
    }

    @Override
    public OptionalLong rollbackTo(long maxStep, String reason) {
      calls.add("rollback " + maxStep);
      return checkpoints ? OptionalLong.of(maxStep / 50 * 50) : OptionalLong.empty();
    }

    @Override
    public void markBestCheckpoint(long bestEvalStep, String reason) {
      calls.add("best");
    }

    @Override
    public void stopTraining(String reason) {
      calls.add("stop");
    }

    @Override
    public void publishEvent(String type, Map<String, Object> details) {
      events.add(
          type
              + " "
              + details.getOrDefault("cause", "")
              + " "
              + details.getOrDefault("action", ""));
    }
  }

  private static StepStats step(long s, double loss) {
    return new StepStats(s, loss, 0, loss, 1, 1e-3, 1e-3, 32, 1000, 0, false);
  }

  @Test
  void aDivergenceIsRolledBackAndTheLearningRateCutWithEvents() {
    Recorder r = new Recorder();
    DoctorCore d = new DoctorCore(Thresholds.defaults(), ActSettings.defaults(), r, null, 10);
    for (long s = 1; s <= 120; s++) {
      d.onStep(step(s, s <= 100 ? 0.5 : 5.0), List.of(), Instant.now());
    }
    assertEquals(List.of("rollback 99", "lr 1.0E-4"), r.calls.subList(0, 2));
    assertTrue(r.events.contains("doctor_finding lr_too_high "));
    assertTrue(r.events.contains("doctor_action lr_too_high rollback"));
    assertTrue(r.events.contains("doctor_action lr_too_high lr_cut"));
    Diagnosis g = d.diagnosis();
    assertEquals(120, g.step());
    assertEquals("lr_too_high", g.active().get(0).cause());
    assertEquals(50L, g.actions().get(0).details().get("restoredStep"));
  }

  /**
   * The same replay diverging at the same place after each rollback: two treatments, then the rate
   * goes back and the divergence is only reported (no rollback loop, no rate cut to nothing).
   */
  @Test
  void aDivergenceThatComesBackAfterEachRollbackIsTreatedTwiceThenOnlyReported() {
    Recorder r = new Recorder();
    DoctorCore d = new DoctorCore(Thresholds.defaults(), ActSettings.defaults(), r, null, 10);
    // each round runs until the doctor acts; a rollback restores step 50 (the recorder's), so the
    // next round replays from step 51 into the same spike after step 100
    for (int round = 0; round < 4; round++) {
      int before = r.calls.size();
      for (long s = round == 0 ? 1 : 51; s <= 120 && r.calls.size() == before; s++) {
        d.onStep(step(s, s <= 100 ? 0.5 : 5.0), List.of(), Instant.now());
      }
    }
    assertEquals(
        List.of("rollback 99", "lr 1.0E-4", "rollback 99", "lr 1.0E-5", "lr 0.001"), r.calls);
    assertTrue(
        r.events.contains("doctor_action lr_too_high divergence_untreated"), r.events.toString());
    assertEquals(1e-3, r.lr, "the rate the run had before the first treatment");
  }

  @Test
  void aDeadRewardHoldsLambdaAtZeroUntilTheSpreadRecovers() {
    Recorder r = new Recorder();
    DoctorCore d = new DoctorCore(Thresholds.defaults(), ActSettings.defaults(), r, null, 10);
    for (long s = 1; s <= 40; s++) {
      d.onStep(step(s, 0.5), List.of(1.0), Instant.now());
    }
    assertEquals(List.of("lambda 0.0"), r.calls);
    for (long s = 41; s <= 45; s++) {
      d.onStep(step(s, 0.5), List.of(s % 2 == 0 ? 0.0 : 1.0), Instant.now());
    }
    assertEquals(List.of("lambda 0.0", "lambda 0.5"), r.calls);
    assertTrue(r.events.contains("doctor_finding_cleared reward_dead "));
  }

  @Test
  void actionsCanBeTurnedOffAndAMissingControlOnlyReports() {
    Recorder off = new Recorder();
    DoctorCore d = new DoctorCore(Thresholds.defaults(), ActSettings.none(), off, null, 10);
    Recorder absent = new Recorder();
    absent.available = false;
    DoctorCore e = new DoctorCore(Thresholds.defaults(), ActSettings.defaults(), absent, null, 10);
    for (long s = 1; s <= 120; s++) {
      d.onStep(step(s, s <= 100 ? 0.5 : 5.0), List.of(1.0), Instant.now());
      e.onStep(step(s, s <= 100 ? 0.5 : 5.0), List.of(1.0), Instant.now());
    }
    assertEquals(List.of(), off.calls);
    assertEquals(List.of(), absent.calls);
    assertEquals(2, d.diagnosis().active().size()); // lr_too_high and reward_dead, reported
    assertEquals(2, e.diagnosis().active().size());
  }

  /**
   * #13: a loss rise with no checkpoint to restore (checkpoints every 200 steps, rise at step 166)
   * rolled nothing back yet cut the rate 10×. Now the rate stays on a loss rise alone; the action
   * says why.
   */
  @Test
  void aRollbackWithNothingToRestoreDoesNotCutTheRateOnALossRiseAlone() {
    Recorder r = new Recorder();
    r.checkpoints = false;
    DoctorCore d = new DoctorCore(Thresholds.defaults(), ActSettings.defaults(), r, null, 10);
    for (long s = 1; s <= 120; s++) {
      d.onStep(step(s, s <= 100 ? 0.5 : 5.0), List.of(), Instant.now());
    }
    assertEquals(List.of("rollback 99"), r.calls);
    assertEquals(1e-3, r.lr);
    Diagnosis.Action a = d.diagnosis().actions().get(0);
    assertEquals("rollback_failed", a.action());
    assertEquals(null, a.details().get("restoredStep"));
    assertTrue(String.valueOf(a.details().get("why")).contains("no checkpoint"), a.toString());
    assertTrue(a.details().containsKey("learningRateKept"), a.toString());
  }

  /** Non-finite steps are divergence whatever the data: the rate is cut with nothing to restore. */
  @Test
  void aRollbackWithNothingToRestoreStillCutsTheRateOnNonFiniteSteps() {
    Recorder r = new Recorder();
    r.checkpoints = false;
    DoctorCore d = new DoctorCore(Thresholds.defaults(), ActSettings.defaults(), r, null, 10);
    for (long s = 1; s <= 100; s++) {
      d.onStep(step(s, 0.5), List.of(), Instant.now());
    }
    for (long s = 101; s <= 103; s++) {
      d.onStep(
          new StepStats(s, Double.NaN, 0, Double.NaN, Double.NaN, 0, 1e-3, 32, 1000, 0, true),
          List.of(),
          Instant.now());
    }
    assertEquals(List.of("rollback 100", "lr 1.0E-4"), r.calls);
  }

  /** #13: reward_dead fired 27 times with λ = 0. A reward no loss uses is not judged. */
  @Test
  void aConstantRewardIsNotDeadWhileLambdaIsZero() {
    Recorder r = new Recorder();
    r.lambda = 0;
    DoctorCore d = new DoctorCore(Thresholds.defaults(), ActSettings.defaults(), r, null, 10);
    for (long s = 1; s <= 80; s++) {
      d.onStep(step(s, 0.5), List.of(1.0), 0, 0, 32, Instant.now());
    }
    assertEquals(List.of(), d.diagnosis().history());
    assertEquals(List.of(), r.calls);
    r.lambda = 0.5; // the same reward once λ > 0 depends on it
    for (long s = 81; s <= 120; s++) {
      d.onStep(step(s, 0.5), List.of(1.0), 0, 0, 32, Instant.now());
    }
    assertEquals("reward_dead", d.diagnosis().active().get(0).cause());
  }
}
