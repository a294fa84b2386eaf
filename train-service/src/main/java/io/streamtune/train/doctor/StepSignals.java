package io.streamtune.train.doctor;

import io.streamtune.train.training.StepStats;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The per-step detectors: loss spikes (Page-Hinkley on the log loss, floored), non-finite steps,
 * update/weight ratio, and the windowed trend and noise of the train loss. Fed on the training
 * thread; {@link #reset()} after a rollback (the old regime is no reference).
 */
final class StepSignals {

  private final Thresholds t;
  final PageHinkley lossSpike;
  final Window gradNorm;
  final Window loss;
  final Window updateRatio;
  private final ArrayDeque<Long> nonFiniteSteps = new ArrayDeque<>();
  long stepsSinceReset;
  long lastStep = Long.MIN_VALUE;
  double lossEwma = Double.NaN;
  double lastGradNorm = Double.NaN;
  double lastLearningRate = Double.NaN;

  /** Loss-rise alarms are off up to this step: new data arrived (a pass or a backlog began). */
  private long quietUntil = Long.MIN_VALUE;

  /** Data boundaries seen (passes started, backlogs arrived): evidence for a later alarm. */
  long boundaries;

  /** The learning rate of each recent step, oldest first (a rollback's cut starts from it). */
  private final ArrayDeque<StepRate> rates = new ArrayDeque<>();

  private static final int RATES_KEPT = 1000;

  private record StepRate(long step, double learningRate) {}

  StepSignals(Thresholds t) {
    this.t = t;
    // One value may add at most 0.6 × the threshold: a lone bad batch never alarms, two can.
    this.lossSpike =
        new PageHinkley(t.spikeDelta(), t.spikeLambda(), t.spikeAlpha(), 0.6 * t.spikeLambda(), 1);
    this.gradNorm = new Window(t.windowSteps());
    this.loss = new Window(t.windowSteps());
    this.updateRatio = new Window(Math.min(t.windowSteps(), 20));
  }

  void add(StepStats s) {
    lastStep = s.step();
    stepsSinceReset++;
    lastLearningRate = s.learningRate();
    while (!rates.isEmpty() && rates.peekLast().step() >= s.step()) {
      rates.removeLast(); // steps replayed after a rollback
    }
    rates.addLast(new StepRate(s.step(), s.learningRate()));
    if (rates.size() > RATES_KEPT) {
      rates.removeFirst();
    }
    boolean finite =
        !s.skippedNonFinite() && Double.isFinite(s.taskLoss()) && Double.isFinite(s.gradNorm());
    if (!finite) {
      nonFiniteSteps.addLast(s.step());
    }
    while (!nonFiniteSteps.isEmpty()
        && nonFiniteSteps.peekFirst() <= s.step() - t.nonFiniteWindow()) {
      nonFiniteSteps.removeFirst();
    }
    if (!finite) {
      return;
    }
    if (s.step() <= quietUntil) {
      lossSpike.reset(); // the new data's level becomes the reference once the quiet ends
    }
    lossSpike.add(Math.log(Math.max(s.taskLoss(), t.spikeLossFloor())), s.step());
    lastGradNorm = s.gradNorm();
    gradNorm.add(s.gradNorm());
    loss.add(s.taskLoss());
    if (Double.isFinite(s.updateRatio())) {
      updateRatio.add(s.updateRatio());
    }
    lossEwma = Double.isNaN(lossEwma) ? s.taskLoss() : lossEwma + 0.05 * (s.taskLoss() - lossEwma);
  }

  /**
   * New data begins at {@code step}: a new pass over records.clean, or a backlog arriving. Its loss
   * jumps because the records are new to the weights (or were memorized in a different order), not
   * because the rate diverges: loss rises do not count for {@code minSteps} steps, and the level
   * after them is the new reference. Non-finite steps and huge updates still count.
   */
  void dataBoundary(long step) {
    quietUntil = step + t.minSteps();
    boundaries++;
  }

  /**
   * Divergence shown by more than a loss rise: repeated non-finite steps or huge updates. A rise
   * alone may be a data shift the doctor cannot see, so it is not treated as firmly.
   */
  boolean hardDivergence() {
    return nonFiniteSteps.size() >= t.nonFiniteMax()
        || (updateRatio.full() && updateRatioMedian() > t.updateRatioHigh());
  }

  boolean warm() {
    return stepsSinceReset >= t.minSteps();
  }

  /**
   * Divergence: a sustained loss rise, repeated non-finite steps, or huge updates. The gradient
   * norm is evidence only: on real runs it rises ×10-50 from its early values while learning is
   * healthy (measured on the topic task), so it cannot tell divergence by itself. While the batch
   * is known to be too noisy, loss spikes are that noise and do not count.
   */
  boolean diverging(boolean noisy) {
    return warm() && ((lossSpike.alarm() && !noisy) || hardDivergence());
  }

  /**
   * The newest step whose weights predate the divergence. The loss logged at step k was computed
   * with the weights of step k−1, so the weights of the last good loss's step minus one are safe.
   */
  long lastGoodStep() {
    long good = lastStep;
    if (lossSpike.alarm()) {
      good = Math.min(good, lossSpike.lastStepBeforeChange() - 1);
    }
    if (!nonFiniteSteps.isEmpty()) {
      good = Math.min(good, nonFiniteSteps.peekFirst() - 1);
    }
    if (good == lastStep) {
      good = lastStep - updateRatio.capacity(); // huge updates only: before the ratio window
    }
    return Math.max(0, good);
  }

  /** The learning rate in force at {@code step} (the oldest known before it; NaN before any). */
  double learningRateAt(long step) {
    double lr = rates.isEmpty() ? Double.NaN : rates.peekFirst().learningRate();
    for (StepRate r : rates) {
      if (r.step() > step) {
        break;
      }
      lr = r.learningRate();
    }
    return lr;
  }

  double updateRatioMedian() {
    return Stats.median(updateRatio.toArray());
  }

  Map<String, Double> divergenceEvidence() {
    Map<String, Double> e = new LinkedHashMap<>();
    e.put("lossRiseLog", lossSpike.statistic());
    e.put("lossRiseThresholdLog", t.spikeLambda());
    e.put("lastTaskLoss", loss.last());
    e.put("gradNorm", lastGradNorm);
    e.put("gradNormToWindowMedian", lastGradNorm / Stats.median(gradNorm.toArray()));
    e.put("nonFiniteSteps", (double) nonFiniteSteps.size());
    e.put("nonFiniteWindowSteps", (double) t.nonFiniteWindow());
    e.put("updateRatioMedian", updateRatioMedian());
    e.put("learningRate", lastLearningRate);
    e.put("lastGoodStep", (double) lastGoodStep());
    e.put("dataBoundaries", (double) boundaries);
    return e;
  }

  void reset() {
    lossSpike.reset();
    gradNorm.clear();
    loss.clear();
    updateRatio.clear();
    nonFiniteSteps.clear();
    stepsSinceReset = 0;
    lossEwma = Double.NaN;
    quietUntil = Long.MIN_VALUE;
  }
}
