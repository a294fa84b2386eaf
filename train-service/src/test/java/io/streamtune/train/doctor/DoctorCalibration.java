package io.streamtune.train.doctor;

import io.streamtune.sample.TopicTask;
import io.streamtune.train.observe.EvalObserved;
import io.streamtune.train.probe.Baseline;
import io.streamtune.train.probe.LearnabilityProbe;
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
    String only = System.getProperty("scenario", "");
    if (only.isEmpty() || only.equals("healthy")) {
      run("healthy", 3e-3, false, 0, 400, TrainerRig.BATCH);
    }
    if (only.isEmpty() || only.equals("lr x100")) {
      run("lr x100", 3e-1, false, 0, 150, TrainerRig.BATCH);
    }
    if (only.isEmpty() || only.equals("shuffled")) {
      run("shuffled", 3e-3, true, 0, 400, TrainerRig.BATCH);
    }
    if (only.isEmpty() || only.equals("tiny")) {
      run("tiny", 3e-3, false, 16, 500, TrainerRig.BATCH);
    }
    if (only.isEmpty() || only.equals("lr /1000")) {
      run("lr /1000", 3e-6, false, 0, 200, TrainerRig.BATCH);
    }
    if (only.isEmpty() || only.equals("batch1")) {
      run("batch 1", 3e-3, false, 0, 400, 1);
    }
    if (only.equals("noise")) {
      run("healthy", 3e-3, false, 0, 400, TrainerRig.BATCH);
      run("batch 1", 3e-3, false, 0, 400, 1);
      run("batch 4", 3e-3, false, 0, 400, 4);
    }
  }

  private void run(String name, double lr, boolean shuffled, int tiny, int steps, int batch) {
    Diagnoser d = new Diagnoser(Thresholds.defaults());
    TrainerRig.Stream s = new TrainerRig.Stream(1, shuffled);
    List<TrainExample> fixed = tiny > 0 ? s.batch(tiny) : null;
    List<TrainExample> held = TrainerRig.heldOut(99, 64, shuffled);
    long t0 = System.nanoTime();
    Window window = new Window(100);
    LearnabilityProbe probe = new LearnabilityProbe();
    try (OnlineTrainer t = TrainerRig.trainer(lr)) {
      for (int i = 0; i < steps; i++) {
        List<TrainExample> b = fixed != null ? fixed : s.batch(batch);
        StepStats st = t.step(b, List.of());
        probe.learn(b);
        window.add(st.taskLoss());
        if (st.step() % 50 == 0 && window.full()) {
          System.out.printf("%s NOISE %d %s%n", name, st.step(), NoiseRatio.of(window.toArray()));
        }
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
          EvalStats e = t.requests().evaluate(held, TopicTask.LABELS);
          Baseline base = probe.evaluate(held);
          var stream =
              new EvalObserved.Stream(
                  0, 1, 0, t.progress().inputsSeen(), t.progress().inputsTruncated());
          var ue = d.onEval(st.step(), e, base, stream, Instant.now());
          System.out.printf(
              "%s EVAL %d loss %.4f acc %.3f maj %.3f baseline %.3f swap %.4f tied %.3f %s%n",
              name,
              st.step(),
              e.loss(),
              e.accuracy(),
              e.labels().majorityShare(),
              base.accuracy(),
              e.checks().swapEffect(),
              e.checks().tiedShare(),
              ue.isEmpty() ? "" : ue);
        }
      }
    }
    System.out.printf(
        "%s: %.1f steps/s, active %s%n",
        name, steps / ((System.nanoTime() - t0) / 1e9), d.active().keySet());
  }
}
