package io.streamtune.train.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamtune.train.training.EvalStats;
import io.streamtune.train.training.LabelScores;
import io.streamtune.train.training.StepStats;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrainHistoryTest {

  static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

  static StepStats step(long step) {
    return new StepStats(
        step, 3.0 / step, 0.5, 3.0 / step + 0.1, 0.1, 0.01, 1e-3, 32, 2048, 0, false);
  }

  /** Steps 1..n, 0.1 s apart. */
  static TrainHistory run(int capacity, int n) {
    TrainHistory h = new TrainHistory(capacity);
    for (int s = 1; s <= n; s++) {
      h.onStep(step(s), s % 2 == 0 ? List.of(0.2, 0.4) : List.of(), T0.plusMillis(100L * s));
    }
    return h;
  }

  @Test
  void keepsEveryStepUntilFull() {
    TrainHistory.View v = run(100, 60).view();
    assertEquals(60, v.steps().size());
    assertEquals(1, v.stepStride());
    assertEquals(1, v.steps().get(0).step());
    assertEquals(60, v.steps().get(59).step());
    assertEquals(3.0 / 7, v.steps().get(6).taskLoss(), 1e-12);
  }

  @Test
  void aLongRunStaysBoundedAndStillStartsAtTheFirstStep() {
    TrainHistory.View v = run(100, 5_000).view();
    assertTrue(v.steps().size() <= 100, "bounded: " + v.steps().size());
    assertTrue(v.steps().size() >= 50, "at least half full: " + v.steps().size());
    assertEquals(1, v.steps().get(0).step(), "the curve starts at step 1");
    long stride = v.stepStride();
    assertEquals(64, stride, "5,000 steps in ≤ 100 points: every 64th");
    for (int i = 1; i < v.steps().size(); i++) { // evenly spaced, oldest first
      assertEquals(stride, v.steps().get(i).step() - v.steps().get(i - 1).step(), "at " + i);
    }
    assertTrue(v.steps().get(v.steps().size() - 1).step() > 5_000 - stride, "reaches the end");
  }

  @Test
  void throughputIsMeasuredOverTheStepsSinceThePreviousPoint() {
    TrainHistory.View v = run(100, 10).view();
    assertNull(v.steps().get(0).samplesPerSecond(), "no interval before the first step");
    assertEquals(320.0, v.steps().get(1).samplesPerSecond(), 1e-9); // 32 examples in 0.1 s
    assertEquals(20_480.0, v.steps().get(1).tokensPerSecond(), 1e-9);
    // thinned: a kept point covers the examples of the skipped steps too
    TrainHistory.View thin = run(4, 7).view(); // steps 1, 3, 5, 7
    assertEquals(2, thin.stepStride());
    assertEquals(5, thin.steps().get(2).step());
    assertEquals(320.0, thin.steps().get(2).samplesPerSecond(), 1e-9);
  }

  @Test
  void rewardIsTheMeanUsedAndAbsentWithoutRewards() {
    TrainHistory.View v = run(100, 4).view();
    assertNull(v.steps().get(0).reward());
    assertEquals(0.3, v.steps().get(1).reward(), 1e-12);
  }

  @Test
  void evaluationsCarryAccuracyAndTheMajorityBaseline() {
    TrainHistory h = new TrainHistory(10);
    LabelScores labels =
        new LabelScores(Map.of(), Map.of(), Map.of(), 0.5, 0.5, 0.4); // majority share 0.4
    h.onEval(100, new EvalStats(1.5, 0.7, labels, 50, 0));
    h.onEval(200, new EvalStats(1.2, Double.NaN, LabelScores.NONE, 50, 0));
    List<TrainHistory.EvalPoint> evals = h.view().evals();
    assertEquals(new TrainHistory.EvalPoint(100, 1.5, 0.7, 0.4), evals.get(0));
    assertEquals(new TrainHistory.EvalPoint(200, 1.2, null, null), evals.get(1));
  }

  @Test
  void aCapacityBelowTwoIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new TrainHistory(1));
  }
}
