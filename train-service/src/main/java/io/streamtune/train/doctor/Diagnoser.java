package io.streamtune.train.doctor;

import io.streamtune.train.observe.EvalObserved;
import io.streamtune.train.probe.Baseline;
import io.streamtune.train.training.EvalStats;
import io.streamtune.train.training.StepStats;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The learning doctor's judgement, pure: steps, evaluations, rewards and data-quality numbers in,
 * findings raised and cleared out. No CDI, Kafka or DJL; one thread (the training thread) feeds it.
 * Each cause has its own condition and hysteresis, so a healthy run stays silent and a finding
 * clears only after its condition has been gone for a while.
 */
public final class Diagnoser {

  /** What changed with the last input. */
  public record Update(List<Finding> raised, List<Finding> cleared) {
    public static final Update NONE = new Update(List.of(), List.of());

    public boolean isEmpty() {
      return raised.isEmpty() && cleared.isEmpty();
    }
  }

  /**
   * What a step happened in: the pass over records.clean (-1 unknown), the consumer lag when its
   * batch was taken (-1 unknown), the batch size, and λ as configured (NaN unknown: a reward is
   * judged then). A pass change or a lag jump marks new data; a reward is judged only while λ > 0
   * depends on it.
   */
  public record StepContext(
      int pass, long lag, int batchSize, double lambda, boolean newPartition) {
    public static final StepContext UNKNOWN = new StepContext(-1, -1, 0, Double.NaN, false);

    public StepContext(int pass, long lag, int batchSize, double lambda) {
      this(pass, lag, batchSize, lambda, false);
    }
  }

  private final Thresholds t;
  private final StepSignals steps;
  private final EvalSignals evals;
  private final ModelChecks model;
  private int lastPass = -1;
  private long lastLag = -1;
  private long lastEvalStep = Long.MIN_VALUE;
  private final Window rewards;
  private final Map<Cause, Hysteresis> gates = new EnumMap<>(Cause.class);
  private final Map<Cause, Finding> active = new EnumMap<>(Cause.class);
  private double rewardSum;
  private int rewardCount;
  private long stepsTrained;
  private boolean conflictsFromQuality;
  private boolean conflictsFromLearning;
  private Map<String, Double> qualityEvidence = Map.of();

  public Diagnoser(Thresholds t) {
    this.t = t;
    this.steps = new StepSignals(t);
    this.evals = new EvalSignals(t);
    this.model = new ModelChecks(t, evals);
    this.rewards = new Window(Math.max(t.rewardMin(), 2 * t.rewardMin()));
    int clearChecks = Math.max(1, t.clearSteps() / t.checkEverySteps());
    gates.put(Cause.LR_TOO_HIGH, new Hysteresis(1, t.clearSteps()));
    gates.put(Cause.LR_TOO_LOW, new Hysteresis(2, clearChecks));
    gates.put(Cause.BATCH_TOO_NOISY, new Hysteresis(3, clearChecks));
    for (Cause c :
        List.of(
            Cause.OVERFITTING,
            Cause.MEMORIZING,
            Cause.DATA_CONFLICTS,
            Cause.REWARD_HACKING,
            Cause.REWARD_UNCORRELATED,
            Cause.CLASS_IGNORED,
            Cause.MODEL_BEHIND_BASELINE,
            Cause.NOT_LEARNABLE,
            Cause.INPUTS_TRUNCATED,
            Cause.INPUT_IGNORED,
            Cause.UNDERTRAINED)) {
      gates.put(c, new Hysteresis(1, t.clearEvals()));
    }
  }

  /** One optimizer step and the rewards it used, context unknown. */
  public Update onStep(StepStats s, List<Double> rewardsUsed, Instant at) {
    return onStep(s, rewardsUsed, StepContext.UNKNOWN, at);
  }

  /** One optimizer step, the rewards it used, and the pass, lag and λ it ran with. */
  public Update onStep(StepStats s, List<Double> rewardsUsed, StepContext ctx, Instant at) {
    if (s.step() <= steps.lastStep) {
      steps.reset(); // the step count went back: a rollback; the old curve is no reference
    }
    boolean newPass = ctx.pass() >= 0 && lastPass >= 0 && ctx.pass() != lastPass;
    boolean backlog =
        ctx.lag() >= 0
            && lastLag >= 0
            && ctx.lag() - lastLag >= (long) t.backlogBatches() * Math.max(1, ctx.batchSize());
    // A partition that had been quiet starting to deliver (a backlog read partition by partition)
    // is new data too: its records were not in the batches the loss was falling on.
    if (newPass || backlog || ctx.newPartition()) {
      steps.dataBoundary(s.step());
    }
    lastPass = ctx.pass() >= 0 ? ctx.pass() : lastPass;
    lastLag = ctx.lag() >= 0 ? ctx.lag() : lastLag;
    steps.add(s);
    stepsTrained++;
    Changes ch = new Changes(s.step(), at);
    boolean noisy = active.containsKey(Cause.BATCH_TOO_NOISY);
    ch.gate(Cause.LR_TOO_HIGH, steps.diverging(noisy), steps::divergenceEvidence);
    if (steps.loss.full() && s.step() % t.checkEverySteps() == 0) {
      checkWindow(ch);
    }
    boolean rewardMatters = !(ctx.lambda() <= 0); // NaN (unknown) is judged
    if (!rewardMatters) {
      ch.clear(Cause.REWARD_DEAD); // λ = 0: no reward reaches the weights, dead or alive
    } else if (rewardsUsed != null && !rewardsUsed.isEmpty()) {
      rewardsUsed.stream().filter(Double::isFinite).forEach(this::addReward);
      checkRewardSpread(ch);
    }
    return ch.update();
  }

  private void addReward(double r) {
    rewards.add(r);
    rewardSum += r;
    rewardCount++;
  }

  private void checkWindow(Changes ch) {
    double[] w = steps.loss.toArray();
    TrendTest.Trend trend = TrendTest.of(w);
    NoiseRatio.Result noise = NoiseRatio.of(w);
    double drop = -trend.slope() * (w.length - 1) / noise.level();
    boolean flat = !trend.falling(t.trendZ()) || drop < t.flatDrop();
    double ratio = steps.updateRatioMedian();
    Map<String, Double> e = new LinkedHashMap<>();
    e.put("lossLevel", noise.level());
    e.put("lossSlopePerStep", trend.slope());
    e.put("lossTrendZ", trend.z());
    e.put("relativeDropOverWindow", drop);
    e.put("windowSteps", (double) w.length);
    e.put("updateRatioMedian", ratio);
    e.put("learningRate", steps.lastLearningRate);
    ch.gate(Cause.LR_TOO_LOW, flat && ratio < t.updateRatioLow(), () -> e);
    Map<String, Double> n = new LinkedHashMap<>(e);
    n.put("residualStd", noise.residualStd());
    n.put("relativeNoise", noise.relativeNoise());
    n.put("noiseToTrend", noise.noiseToTrend());
    boolean noisy =
        noise.level() > t.noiseMinLevel()
            && noise.relativeNoise() > t.noiseRelative()
            && noise.noiseToTrend() > 1;
    ch.gate(Cause.BATCH_TOO_NOISY, noisy, () -> n);
  }

  private void checkRewardSpread(Changes ch) {
    if (rewards.size() < t.rewardMin()) {
      return;
    }
    double spread = Stats.std(rewards.tail(t.rewardMin()));
    Supplier<Map<String, Double>> e =
        () ->
            Map.of(
                "rewardStd", spread,
                "rewardMean", Stats.mean(rewards.tail(t.rewardMin())),
                "rewards", (double) t.rewardMin(),
                "deadBelowStd", t.rewardDeadSpread(),
                "recoversAboveStd", t.rewardRecoverSpread());
    // Two thresholds instead of counts: dead below one, recovered only above a larger one.
    if (!active.containsKey(Cause.REWARD_DEAD) && spread < t.rewardDeadSpread()) {
      ch.raise(Cause.REWARD_DEAD, e.get());
    } else if (active.containsKey(Cause.REWARD_DEAD) && spread >= t.rewardRecoverSpread()) {
      ch.clear(Cause.REWARD_DEAD);
    }
  }

  /** One evaluation on the held-out set, at training step {@code step}, without a baseline. */
  public Update onEval(long step, EvalStats e, Instant at) {
    return onEval(step, e, Baseline.NONE, EvalObserved.Stream.UNKNOWN, at);
  }

  /**
   * One evaluation on the held-out set at training step {@code step}, the learnability probe's
   * baseline on the same set, and the stream's state. The same step reported again (the stream is
   * idle) only moves the stream: the series are not fed twice.
   */
  public Update onEval(
      long step, EvalStats e, Baseline baseline, EvalObserved.Stream stream, Instant at) {
    Changes ch = new Changes(step, at);
    if (step == lastEvalStep) {
      model.repeat(stream);
      ch.gate(Cause.UNDERTRAINED, model.undertrained(), model::undertrainedEvidence);
      return ch.update();
    }
    lastEvalStep = step;
    double rewardMean = rewardCount == 0 ? Double.NaN : rewardSum / rewardCount;
    rewardSum = 0;
    rewardCount = 0;
    evals.add(step, e, steps.lossEwma, rewardMean);
    model.add(e, baseline, stream, stepsTrained);
    ch.gate(Cause.OVERFITTING, evals.overfitting(), evals::evidence);
    ch.gate(Cause.MEMORIZING, evals.memorizing(), evals::evidence);
    // A too-noisy batch explains slow learning by itself: no data verdict from accuracy then; nor
    // while the held-out loss still falls (a slow model, e.g. batches of one, is still learning).
    // With a baseline to ask, "labels do not follow from the text" is not_learnable instead.
    conflictsFromLearning =
        !active.containsKey(Cause.BATCH_TOO_NOISY)
            && !model.baselineReady()
            && evals.atChance(stepsTrained)
            && !trainLossFalling()
            && !evals.evalLossFalling();
    gateConflicts(ch);
    gateModelChecks(ch);
    boolean hacking = evals.rewardHacking();
    ch.gate(Cause.REWARD_HACKING, hacking, evals::rewardEvidence);
    ch.gate(
        Cause.REWARD_UNCORRELATED, !hacking && evals.rewardUncorrelated(), evals::rewardEvidence);
    return ch.update();
  }

  private void gateModelChecks(Changes ch) {
    ch.gate(Cause.NOT_LEARNABLE, model.notLearnable(), model::notLearnableEvidence);
    ch.gate(Cause.CLASS_IGNORED, model.classIgnored(), model::classIgnoredEvidence);
    ch.gate(Cause.INPUT_IGNORED, model.inputIgnored(), model::inputIgnoredEvidence);
    ch.gate(Cause.INPUTS_TRUNCATED, model.inputsTruncated(), model::truncatedEvidence);
    boolean lr = active.containsKey(Cause.LR_TOO_LOW) || active.containsKey(Cause.LR_TOO_HIGH);
    ch.gate(
        Cause.MODEL_BEHIND_BASELINE,
        model.behind(),
        () -> model.behindEvidence(lr, steps.lastLearningRate, steps.updateRatioMedian()));
    ch.gate(Cause.UNDERTRAINED, model.undertrained(), model::undertrainedEvidence);
  }

  /** True when the divergence shows in non-finite steps or huge updates, not a loss rise alone. */
  public boolean hardDivergence() {
    return steps.hardDivergence();
  }

  private boolean trainLossFalling() {
    double[] w = steps.loss.toArray();
    return w.length >= 3 && TrendTest.of(w).falling(t.trendZ());
  }

  /** The ingest service's numbers; {@code step} is the current training step. */
  public Update onQuality(QualitySnapshot q, long step, Instant at) {
    Changes ch = new Changes(step, at);
    boolean enough = q.validated() >= t.qualityMinRecords();
    Map<String, Double> e = new LinkedHashMap<>();
    e.put("validatedRecords", (double) q.validated());
    e.put("duplicateRate", q.duplicateRate());
    e.put("conflictRate", q.conflictRate());
    e.put("maxAccuracyFromConflicts", 1 - q.conflictRate());
    e.put("imbalanceRatio", q.imbalanceRatio());
    qualityEvidence = e;
    // Threshold hysteresis: raise above the limit, clear below 80% of it.
    level(ch, Cause.DATA_DUPLICATES, enough, q.duplicateRate(), t.duplicateRate(), e);
    level(ch, Cause.CLASS_IMBALANCE, enough, q.imbalanceRatio(), t.imbalanceRatio(), e);
    boolean wasOn = conflictsFromQuality;
    conflictsFromQuality =
        enough && q.conflictRate() > (wasOn ? 0.8 * t.conflictRate() : t.conflictRate());
    gateConflicts(ch);
    return ch.update();
  }

  private void level(
      Changes ch, Cause c, boolean enough, double value, double limit, Map<String, Double> e) {
    boolean on = active.containsKey(c);
    if (!on && enough && value > limit) {
      ch.raise(c, e);
    } else if (on && !(value > 0.8 * limit)) {
      ch.clear(c);
    } else if (on) {
      active.put(c, active.get(c).withEvidence(e));
    }
  }

  private void gateConflicts(Changes ch) {
    Map<String, Double> e = new LinkedHashMap<>(qualityEvidence);
    if (conflictsFromLearning) {
      e.putAll(evals.chanceEvidence());
    }
    ch.gate(Cause.DATA_CONFLICTS, conflictsFromQuality || conflictsFromLearning, () -> e);
  }

  /**
   * The doctor acted on a divergence (rolled back, cut the learning rate): the step detectors start
   * over, and if the divergence shows again after their warm-up it is raised again.
   */
  public void actedOnDivergence() {
    steps.reset();
    gates.get(Cause.LR_TOO_HIGH).rearm();
  }

  /** The findings now active, by cause. */
  public Map<Cause, Finding> active() {
    return Collections.unmodifiableMap(new EnumMap<>(active));
  }

  /** The newest step whose weights predate the current divergence (see {@link StepSignals}). */
  public long lastGoodStep() {
    return steps.lastGoodStep();
  }

  /** The learning rate in force at {@code step}, as the steps reported it (NaN before any). */
  public double learningRateAt(long step) {
    return steps.learningRateAt(step);
  }

  /** The step of the lowest eval loss so far (-1 before the first evaluation). */
  public long bestEvalStep() {
    return evals.bestStep;
  }

  /** Raised and cleared findings of one input, applied to {@link #active} as they happen. */
  private final class Changes {
    private final long step;
    private final Instant at;
    private final List<Finding> raised = new ArrayList<>();
    private final List<Finding> cleared = new ArrayList<>();

    Changes(long step, Instant at) {
      this.step = step;
      this.at = at;
    }

    void gate(Cause c, boolean condition, Supplier<Map<String, Double>> evidence) {
      switch (gates.get(c).update(condition)) {
        case RAISED -> raise(c, evidence.get());
        case CLEARED -> clear(c);
        case NONE -> {
          if (condition && active.containsKey(c)) {
            active.put(c, active.get(c).withEvidence(evidence.get()));
          }
        }
      }
    }

    void raise(Cause c, Map<String, Double> evidence) {
      Finding f = Finding.raised(c, evidence, step, at);
      active.put(c, f);
      raised.add(f);
    }

    void clear(Cause c) {
      Finding f = active.remove(c);
      if (f != null) {
        cleared.add(f.clearedAt(step, at));
      }
    }

    Update update() {
      return raised.isEmpty() && cleared.isEmpty() ? Update.NONE : new Update(raised, cleared);
    }
  }
}
