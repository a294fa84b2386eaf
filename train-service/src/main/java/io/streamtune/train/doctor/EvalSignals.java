package io.streamtune.train.doctor;

import io.streamtune.train.training.EvalStats;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The per-evaluation series: eval loss, accuracy, the train loss (moving average) at the same
 * moment, and the mean reward used since the previous evaluation. Trend tests over the last few
 * evaluations tell overfitting, memorizing, no learning at all, and rewards that do not track
 * accuracy.
 */
final class EvalSignals {

  private final Thresholds t;
  private final int capacity;
  final Window evalLoss;
  final Window accuracy;
  final Window trainLoss;
  final Window reward;
  double bestEvalLoss = Double.POSITIVE_INFINITY;
  long bestStep = -1;
  private double bestAccuracy = Double.NEGATIVE_INFINITY;
  private int evaluations;
  private int lastProgress;
  int labels;
  long step;
  EvalStats last;

  EvalSignals(Thresholds t) {
    this.t = t;
    this.capacity = Math.max(t.evalWindow(), Math.max(t.rewardCorrEvals(), t.chanceEvals()));
    this.evalLoss = new Window(capacity);
    this.accuracy = new Window(capacity);
    this.trainLoss = new Window(capacity);
    this.reward = new Window(capacity);
  }

  void add(long step, EvalStats e, double trainLossEwma, double rewardMean) {
    this.step = step;
    evalLoss.add(e.loss());
    accuracy.add(e.accuracy());
    trainLoss.add(trainLossEwma);
    reward.add(rewardMean);
    labels = e.labels() == null ? 0 : e.labels().recall().size();
    last = e;
    evaluations++;
    if (Double.isFinite(e.loss()) && e.loss() < bestEvalLoss) {
      bestEvalLoss = e.loss();
      bestStep = step;
      lastProgress = evaluations;
    }
    if (Double.isFinite(e.accuracy()) && e.accuracy() > bestAccuracy) {
      bestAccuracy = e.accuracy();
      lastProgress = evaluations;
    }
  }

  /**
   * Evaluations since the model last set a best: the lowest eval loss or the highest accuracy so
   * far. A model still learning keeps setting one even when a trend test over a few noisy points
   * cannot tell it rises; a stuck one stops.
   */
  int evaluationsSinceBest() {
    return evaluations - lastProgress;
  }

  private TrendTest.Trend evalTrend() {
    return TrendTest.of(evalLoss.tail(t.evalWindow()));
  }

  private TrendTest.Trend trainTrend() {
    return TrendTest.of(trainLoss.tail(t.evalWindow()));
  }

  private boolean enough() {
    return evalLoss.size() >= t.evalWindow();
  }

  /**
   * Eval loss trending up and above its best by a margin, while train loss does not rise: falling,
   * or flat at what it memorized (a tiny set replayed reaches its floor early, and a backlog read
   * partition by partition keeps it from trending down for long).
   */
  boolean overfitting() {
    return enough()
        && evalTrend().rising(t.evalZ())
        && !trainTrend().rising(t.evalZ())
        && evalLoss.last() > bestEvalLoss * (1 + t.evalMinRise());
  }

  /** Train loss a small fraction of eval loss, and eval loss no longer improving. */
  boolean memorizing() {
    return enough()
        && trainLoss.last() < t.memorizeRatio() * evalLoss.last()
        && !evalTrend().falling(t.evalZ());
  }

  /**
   * The accuracy of a model that learned nothing: always answering the held-out set's majority
   * label scores its share (on 70/30 data that is 0.70, not 1/labels = 0.5).
   */
  double chance() {
    if (labels < 2) {
      return Double.NaN;
    }
    double majority = last.labels().majorityShare();
    return Double.isFinite(majority) ? majority : 1.0 / labels;
  }

  /** Accuracy rising over the last evaluations (at least three): the model is still learning. */
  boolean accuracyRising() {
    double[] a = accuracy.tail(t.evalWindow());
    return a.length < 3 || TrendTest.of(a).rising(t.evalZ());
  }

  /** Eval loss falling over the last evaluations (at least three): the model is still learning. */
  boolean evalLossFalling() {
    double[] l = evalLoss.tail(t.evalWindow());
    return l.length >= 3 && TrendTest.of(l).falling(t.evalZ());
  }

  /** The last few evaluations all at chance accuracy: nothing learnable reached the model. */
  boolean atChance(long stepsTrained) {
    if (labels < 2 || stepsTrained < t.chanceMinSteps() || accuracy.size() < t.chanceEvals()) {
      return false;
    }
    for (double a : accuracy.tail(t.chanceEvals())) {
      if (!(a <= chance() + t.chanceMargin())) {
        return false;
      }
    }
    return true;
  }

  private double[] rewardTail(int k) {
    return java.util.Arrays.stream(reward.tail(k)).filter(Double::isFinite).toArray();
  }

  private double[] accuracyWithReward(int k) {
    double[] r = reward.tail(k);
    double[] a = accuracy.tail(k);
    return java.util.stream.IntStream.range(0, r.length)
        .filter(i -> Double.isFinite(r[i]))
        .mapToDouble(i -> a[i])
        .toArray();
  }

  /** Reward trending up while accuracy trends down (over evaluations that had rewards). */
  boolean rewardHacking() {
    double[] r = rewardTail(t.evalWindow());
    return r.length >= t.evalWindow()
        && TrendTest.of(r).rising(t.evalZ())
        && TrendTest.of(accuracyWithReward(t.evalWindow())).falling(t.evalZ());
  }

  /** Accuracy moves (a trend) but the reward does not move with it. */
  boolean rewardUncorrelated() {
    double[] r = rewardTail(t.rewardCorrEvals());
    double[] a = accuracyWithReward(t.rewardCorrEvals());
    if (r.length < t.rewardCorrEvals() || Stats.std(r) <= t.rewardDeadSpread()) {
      return false;
    }
    double rho = Correlation.spearman(r, a);
    return Math.abs(TrendTest.of(a).z()) >= t.evalZ()
        && (Double.isNaN(rho) || Math.abs(rho) < t.rewardCorrMax());
  }

  Map<String, Double> evidence() {
    Map<String, Double> e = new LinkedHashMap<>();
    e.put("evalLoss", evalLoss.last());
    e.put("bestEvalLoss", bestEvalLoss);
    e.put("bestEvalStep", (double) bestStep);
    e.put("evalLossTrendZ", evalTrend().z());
    e.put("trainLoss", trainLoss.last());
    e.put("trainLossTrendZ", trainTrend().z());
    e.put("trainToEvalLoss", trainLoss.last() / evalLoss.last());
    e.put("evalAccuracy", accuracy.last());
    putLabelScores(e);
    e.put("evaluations", (double) evalLoss.size());
    return e;
  }

  Map<String, Double> chanceEvidence() {
    Map<String, Double> e = new LinkedHashMap<>();
    e.put("evalAccuracy", accuracy.last());
    e.put("chanceAccuracy", chance());
    putLabelScores(e);
    e.put("labels", (double) labels);
    e.put("evaluationsAtChance", (double) t.chanceEvals());
    return e;
  }

  /** Balanced accuracy and macro-F1 beside accuracy: on skewed labels accuracy alone misleads. */
  void putLabelScores(Map<String, Double> e) {
    if (last != null && last.labels() != null && labels >= 2) {
      e.put("balancedAccuracy", last.labels().balancedAccuracy());
      e.put("macroF1", last.labels().macroF1());
      e.put("majorityShare", last.labels().majorityShare());
    }
  }

  Map<String, Double> rewardEvidence() {
    double[] r = rewardTail(t.rewardCorrEvals());
    double[] a = accuracyWithReward(t.rewardCorrEvals());
    Map<String, Double> e = new LinkedHashMap<>();
    e.put("rewardMean", r.length == 0 ? Double.NaN : r[r.length - 1]);
    e.put("rewardTrendZ", TrendTest.of(r).z());
    e.put("accuracyTrendZ", TrendTest.of(a).z());
    e.put("rewardAccuracySpearman", Correlation.spearman(r, a));
    e.put("evaluations", (double) r.length);
    return e;
  }
}
