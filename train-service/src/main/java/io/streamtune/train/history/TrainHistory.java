package io.streamtune.train.history;

import io.streamtune.train.training.EvalStats;
import io.streamtune.train.training.StepStats;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The run's curves since step 0, in bounded memory: at most {@code capacity} step points and as
 * many evaluation points. Each series keeps every {@code stride}-th point; when one fills up, every
 * other point is dropped and its stride doubles, so a run of any length is covered from its first
 * step at an evenly spaced resolution (a page opened at step 5,000 draws from step 0). Thread-safe:
 * the training thread adds, HTTP threads read.
 */
public final class TrainHistory {

  /**
   * One recorded step. Throughput is measured over the steps since the previous recorded point;
   * {@code reward} is the mean reward used by this step ({@code null} when none was).
   */
  public record StepPoint(
      long step,
      double taskLoss,
      double rewardLoss,
      double totalLoss,
      double learningRate,
      Double samplesPerSecond,
      Double tokensPerSecond,
      Double reward) {}

  /**
   * One evaluation; {@code baselineAccuracy} is what always answering the majority label scores on
   * the same held-out set ({@code null} for generation or when there are no labels).
   */
  public record EvalPoint(long step, double loss, Double accuracy, Double baselineAccuracy) {}

  /** What {@code GET /train/history} answers. */
  public record View(
      int capacity,
      long stepStride,
      long evalStride,
      List<StepPoint> steps,
      List<EvalPoint> evals) {}

  private final int capacity;
  private final Series<StepPoint> steps;
  private final Series<EvalPoint> evals;
  private Instant lastAt;
  private long examplesSince;
  private long tokensSince;

  /** {@code capacity} ≥ 2 points per series. */
  public TrainHistory(int capacity) {
    if (capacity < 2) {
      throw new IllegalArgumentException("history capacity must be at least 2, got " + capacity);
    }
    this.capacity = capacity;
    this.steps = new Series<>(capacity);
    this.evals = new Series<>(capacity);
  }

  /** After every optimizer step (training thread). */
  public synchronized void onStep(StepStats s, List<Double> rewardsUsed, Instant at) {
    examplesSince += s.examples();
    tokensSince += s.tokens();
    if (!steps.wants()) {
      return;
    }
    Double samples = null;
    Double tokens = null;
    if (lastAt != null) {
      double seconds = Duration.between(lastAt, at).toNanos() / 1e9;
      if (seconds > 0) {
        samples = examplesSince / seconds;
        tokens = tokensSince / seconds;
      }
    }
    lastAt = at;
    examplesSince = 0;
    tokensSince = 0;
    steps.add(
        new StepPoint(
            s.step(),
            s.taskLoss(),
            s.rewardLoss(),
            s.totalLoss(),
            s.learningRate(),
            samples,
            tokens,
            mean(rewardsUsed)));
  }

  /** After every evaluation (training thread). */
  public synchronized void onEval(long step, EvalStats e) {
    if (!evals.wants()) {
      return;
    }
    Double baseline = e.labels() == null ? null : finite(e.labels().majorityShare());
    evals.add(new EvalPoint(step, e.loss(), finite(e.accuracy()), baseline));
  }

  /** A copy of both series, oldest first. */
  public synchronized View view() {
    return new View(capacity, steps.stride, evals.stride, steps.copy(), evals.copy());
  }

  private static Double mean(List<Double> values) {
    if (values == null || values.isEmpty()) {
      return null;
    }
    double sum = 0;
    for (double v : values) {
      sum += v;
    }
    return finite(sum / values.size());
  }

  private static Double finite(double v) {
    return Double.isFinite(v) ? v : null;
  }

  /** Keeps every {@code stride}-th offered point; halves itself (stride × 2) when full. */
  private static final class Series<T> {
    private final int capacity;
    private List<T> points = new ArrayList<>();
    private long stride = 1;
    private long offered;

    Series(int capacity) {
      this.capacity = capacity;
    }

    /**
     * Whether the point offered now is kept; counts it either way. A full series first drops every
     * other point (kept points sit at offers 0, s, 2s, …: 0, 2s, 4s, … stay) and doubles its
     * stride.
     */
    boolean wants() {
      long offer = offered++;
      if (offer % stride == 0 && points.size() == capacity) {
        List<T> half = new ArrayList<>(capacity);
        for (int i = 0; i < points.size(); i += 2) {
          half.add(points.get(i));
        }
        points = half;
        stride *= 2;
      }
      return offer % stride == 0;
    }

    /** The point {@link #wants} just accepted. */
    void add(T point) {
      points.add(point);
    }

    List<T> copy() {
      return List.copyOf(points);
    }
  }
}
