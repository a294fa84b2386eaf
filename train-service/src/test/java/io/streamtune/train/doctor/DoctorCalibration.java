package io.streamtune.train.doctor;

import io.streamtune.common.sample.TopicTask;
import io.streamtune.train.training.EvalStats;
import io.streamtune.train.training.OnlineTrainer;
import io.streamtune.train.training.StepStats;
import io.streamtune.train.training.TrainExample;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Not a test: prints the real trainer's signals per scenario, to set the doctor's defaults. */
class DoctorCalibration {

  @Test
  void print() {
    run("healthy", 3e-3, false, 0, 400);
    run("lr x100", 3e-1, false, 0, 150);
    run("shuffled", 3e-3, true, 0, 400);
    run("tiny", 3e-3, false, 16, 500);
    run("lr /1000", 3e-6, false, 0, 200);
  }

  private void run(String name, double lr, boolean shuffled, int tiny, int steps) {
    Diagnoser d = new Diagnoser(Thresholds.defaults());
    TrainerRig.Stream s = new TrainerRig.Stream(1, shuffled);
    List<TrainExample> fixed = tiny > 0 ? s.batch(tiny) : null;
    List<TrainExample> held = TrainerRig.heldOut(99, 64, shuffled);
    long t0 = System.nanoTime();
    try (OnlineTrainer t = TrainerRig.trainer(lr)) {
      for (int i = 0; i < steps; i++) {
        StepStats st = t.step(fixed != null ? fixed : s.batch(TrainerRig.BATCH), List.of());
        var u = d.onStep(st, List.of(), Instant.now());
        if (st.step() % 10 == 0 || !u.isEmpty()) {
          System.out.printf(
              "%s step %d loss %.4f grad %.3f ratio %.2e lr %.1e skip %s %s%n",
              name,
              st.step(),
              st.taskLoss(),
              st.gradNorm(),
              st.updateRatio(),
              st.learningRate(),
              st.skippedNonFinite(),
              u.isEmpty() ? "" : u);
        }
        if (st.step() % 25 == 0) {
          EvalStats e = t.evaluate(held, TopicTask.LABELS);
          var ue = d.onEval(st.step(), e, Instant.now());
          System.out.printf(
              "%s EVAL %d loss %.4f acc %.3f %s%n",
              name, st.step(), e.loss(), e.accuracy(), ue.isEmpty() ? "" : ue);
        }
      }
    }
    System.out.printf(
        "%s: %.1f steps/s, active %s%n",
        name, steps / ((System.nanoTime() - t0) / 1e9), d.active().keySet());
  }
}
