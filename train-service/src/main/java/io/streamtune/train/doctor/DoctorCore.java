package io.streamtune.train.doctor;

import io.streamtune.train.observe.EvalObserved;
import io.streamtune.train.probe.Baseline;
import io.streamtune.train.training.EvalStats;
import io.streamtune.train.training.StepStats;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import org.jboss.logging.Logger;

/**
 * The doctor at work: feeds the {@link Diagnoser}, publishes every raised or cleared finding
 * (metric, train.events, history) and treats it through {@link Treatment} (the service's
 * TrainingControl) — rollback and a learning-rate cut on divergence, best checkpoint and optional
 * early stop on overfitting, λ held at 0 while the reward is dead. No CDI: the service bean and the
 * real-trainer tests share it. Steps and evaluations arrive on the training thread, quality numbers
 * from the poller; one lock orders them (the diagnoser is single-threaded).
 */
public final class DoctorCore {

  private static final Logger LOG = Logger.getLogger(DoctorCore.class);

  private final Diagnoser diagnoser;
  private final ActSettings act;
  private final Treatment control;
  private final DoctorMetrics metrics;
  private final int historySize;
  private final ArrayDeque<Finding> history = new ArrayDeque<>();
  private final ArrayDeque<Diagnosis.Action> actions = new ArrayDeque<>();
  private volatile Diagnosis diagnosis;
  private Double lambdaBeforeDeadReward;
  private volatile long step;

  /**
   * Rollback and a cut, twice in a row, without getting {@link #RECUR_STEPS} past the restored
   * step: the replay diverges at the same place whatever the learning rate, so the learning rate is
   * not the cause (on a real stream: one batch of unseen or broken records). The first cut may
   * simply be too small, so two tries; then the doctor puts the rate back and only reports.
   */
  static final int MAX_TREATMENTS_IN_A_ROW = 2;

  /** A divergence raised within this many steps of the last rollback's step is a recurrence. */
  static final long RECUR_STEPS = 100;

  /** After giving up, divergence is only reported for this many steps (no treatment loop). */
  static final long REPORT_ONLY_STEPS = 1000;

  private int treatmentsInARow;
  private long restoredStep = Long.MIN_VALUE;
  private double rateBeforeTreatment = Double.NaN;
  private long reportOnlyUntil = Long.MIN_VALUE;

  public DoctorCore(
      Thresholds thresholds,
      ActSettings act,
      Treatment control,
      DoctorMetrics metrics,
      int historySize) {
    this.diagnoser = new Diagnoser(thresholds);
    this.act = act;
    this.control = control;
    this.metrics = metrics;
    this.historySize = historySize;
    publish();
  }

  /** After every optimizer step, on the training thread (pass and lag unknown). */
  public void onStep(StepStats s, List<Double> rewardsUsed, Instant at) {
    onStep(s, rewardsUsed, -1, -1, 0, at);
  }

  /**
   * After every optimizer step, on the training thread, with the pass and consumer lag of its batch
   * (-1 unknown) and the batch size.
   */
  public void onStep(
      StepStats s, List<Double> rewardsUsed, int pass, long lag, int batchSize, Instant at) {
    onStep(s, rewardsUsed, pass, lag, batchSize, false, at);
  }

  /** The same, knowing whether the batch brought a partition that had been quiet (a backlog). */
  public synchronized void onStep(
      StepStats s,
      List<Double> rewardsUsed,
      int pass,
      long lag,
      int batchSize,
      boolean newPartition,
      Instant at) {
    step = s.step();
    handle(
        diagnoser.onStep(
            s,
            rewardsUsed,
            new Diagnoser.StepContext(pass, lag, batchSize, lambda(), newPartition),
            at));
  }

  /**
   * λ as the run is configured: the value before the doctor held it at 0 for a dead reward (else
   * the reward would look irrelevant the moment the doctor silenced it); NaN without a control.
   */
  private double lambda() {
    if (lambdaBeforeDeadReward != null) {
      return lambdaBeforeDeadReward;
    }
    return control.available() ? control.lambda() : Double.NaN;
  }

  /** After every evaluation, on the training thread, without a baseline. */
  public void onEval(long evalStep, EvalStats e, Instant at) {
    onEval(evalStep, e, Baseline.NONE, EvalObserved.Stream.UNKNOWN, at);
  }

  /** After every evaluation (and its repeats while the stream is idle), on the training thread. */
  public synchronized void onEval(
      long evalStep, EvalStats e, Baseline baseline, EvalObserved.Stream stream, Instant at) {
    step = evalStep;
    if (metrics != null) {
      metrics.baseline(baseline);
    }
    handle(diagnoser.onEval(evalStep, e, baseline, stream, at));
  }

  /**
   * New ingest quality numbers, from the poller thread: judged at once, so data findings show even
   * while no data arrives. Data findings only publish events (no training-thread actions).
   */
  public synchronized void onQuality(QualitySnapshot q, Instant at) {
    handle(diagnoser.onQuality(q, step, at));
  }

  /** The current diagnosis (any thread), showing the newest step seen. */
  public Diagnosis diagnosis() {
    Diagnosis d = diagnosis;
    return new Diagnosis(d.enabled(), step, d.healthy(), d.active(), d.history(), d.actions());
  }

  private void handle(Diagnoser.Update u) {
    if (u.isEmpty()) {
      return;
    }
    for (Finding f : u.cleared()) {
      record(f);
      LOG.infof("doctor: %s cleared at step %d", f.cause().id(), f.clearedStep());
      event("doctor_finding_cleared", f);
      if (f.cause() == Cause.REWARD_DEAD) {
        restoreLambda(f);
      }
    }
    for (Finding f : u.raised()) {
      record(f);
      LOG.warnf(
          "doctor: %s at step %d — %s; %s", f.cause().id(), f.sinceStep(), evidence(f), f.fix());
      event("doctor_finding", f);
      treat(f);
    }
    publish();
  }

  private void treat(Finding f) {
    if (!control.available()) {
      return; // watching only: the finding is reported, nothing acts on the run
    }
    switch (f.cause()) {
      case LR_TOO_HIGH -> treatDivergence(f);
      case OVERFITTING -> {
        if (act.markBestOnOverfitting()) {
          control.markBestCheckpoint(diagnoser.bestEvalStep(), reason(f));
          acted("mark_best_checkpoint", f, Map.of("bestEvalStep", diagnoser.bestEvalStep()));
        }
        if (act.stopOnOverfitting()) {
          control.stopTraining(reason(f));
          acted("stop_training", f, Map.of("bestEvalStep", diagnoser.bestEvalStep()));
        }
      }
      case REWARD_DEAD -> {
        double lambda = control.lambda();
        if (act.dropLambdaOnDeadReward() && lambda > 0) {
          lambdaBeforeDeadReward = lambda;
          control.setLambda(0, reason(f));
          acted("lambda_off", f, Map.of("lambdaFrom", lambda, "lambdaTo", 0.0));
        }
      }
      default -> {}
    }
  }

  private void treatDivergence(Finding f) {
    if (f.sinceStep() < reportOnlyUntil) {
      return; // gave up on this run's divergence lately: reported, not treated
    }
    boolean recurred =
        restoredStep != Long.MIN_VALUE && f.sinceStep() - restoredStep <= RECUR_STEPS;
    treatmentsInARow = recurred ? treatmentsInARow + 1 : 1;
    String reason = reason(f);
    long target = diagnoser.lastGoodStep();
    double now = control.learningRate();
    double good = diagnoser.learningRateAt(target);
    // The lower of the rate now and the rate at the last good step: the run resumes from there,
    // and an operator's ×100 must not become ×10 after the cut.
    double base = Double.isFinite(good) ? Math.min(now, good) : now;
    if (!recurred) {
      rateBeforeTreatment = base;
    }
    if (treatmentsInARow > MAX_TREATMENTS_IN_A_ROW) {
      giveUp(f, reason, now);
      return;
    }
    boolean cut = act.lrCutFactor() < 1;
    if (act.rollbackOnDivergence()) {
      OptionalLong restored = control.rollbackTo(target, reason);
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("requestedMaxStep", target);
      if (restored.isPresent()) {
        restoredStep = restored.getAsLong();
        d.put("restoredStep", restoredStep);
        acted("rollback", f, d);
      } else {
        // nothing restored (pruned, never written, or the restore failed): said so, not pretended
        restoredStep = f.sinceStep();
        d.put("why", "no checkpoint at or before step " + target + " could be restored");
        if (!diagnoser.hardDivergence()) {
          // Nothing was rolled back and only the loss rose: that may be new data the doctor cannot
          // see, so the rate stays; non-finite steps or huge updates would still cut it.
          cut = false;
          d.put(
              "learningRateKept",
              "no non-finite steps or huge updates: the rate is not cut on a loss rise alone");
        }
        acted("rollback_failed", f, d);
      }
    } else {
      restoredStep = f.sinceStep();
    }
    if (cut) {
      double to = base * act.lrCutFactor();
      control.setLearningRate(to, reason);
      acted(
          "lr_cut",
          f,
          Map.of("learningRateFrom", now, "learningRateAtLastGood", good, "learningRateTo", to));
    }
    diagnoser.actedOnDivergence();
  }

  /**
   * The same divergence came back after {@link #MAX_TREATMENTS_IN_A_ROW} rollbacks with the rate
   * cut each time: the rate goes back to what it was before the first treatment, and divergence is
   * only reported for a while. The finding stays active, with the evidence.
   */
  private void giveUp(Finding f, String reason, double now) {
    treatmentsInARow = 0;
    restoredStep = Long.MIN_VALUE;
    reportOnlyUntil = f.sinceStep() + REPORT_ONLY_STEPS;
    if (Double.isFinite(rateBeforeTreatment) && rateBeforeTreatment != now) {
      control.setLearningRate(
          rateBeforeTreatment,
          "the loss rises again after rolling back with a lower learning rate: the rate is not"
              + " the cause; restoring it ("
              + reason
              + ")");
    }
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("treatmentsInARow", MAX_TREATMENTS_IN_A_ROW);
    d.put("learningRateFrom", now);
    d.put("learningRateTo", Double.isFinite(rateBeforeTreatment) ? rateBeforeTreatment : now);
    d.put("reportOnlyUntilStep", reportOnlyUntil);
    d.put(
        "why",
        "the run diverges at the same place after each rollback whatever the learning rate: look"
            + " at the data around step "
            + f.sinceStep());
    acted("divergence_untreated", f, d);
  }

  private void restoreLambda(Finding f) {
    if (lambdaBeforeDeadReward != null && control.available()) {
      double to = lambdaBeforeDeadReward;
      lambdaBeforeDeadReward = null;
      String reason = "reward_dead cleared: reward spread recovered; restoring λ";
      control.setLambda(to, reason);
      acted("lambda_restored", f, Map.of("lambdaFrom", 0.0, "lambdaTo", to));
    }
  }

  private void acted(String action, Finding f, Map<String, Object> details) {
    Instant now = Instant.now();
    String reason = reason(f);
    synchronized (actions) {
      actions.addLast(new Diagnosis.Action(action, f.cause().id(), step, now, reason, details));
      while (actions.size() > historySize) {
        actions.removeFirst();
      }
    }
    if (metrics != null) {
      metrics.action(action, f.cause());
    }
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("action", action);
    e.put("cause", f.cause().id());
    e.put("reason", reason);
    e.putAll(details);
    LOG.warnf("doctor action %s: %s %s", action, reason, details);
    control.publishEvent("doctor_action", e);
  }

  private void record(Finding f) {
    if (metrics != null) {
      metrics.finding(f.cause(), f.active());
    }
    synchronized (history) {
      history.addLast(f);
      while (history.size() > historySize) {
        history.removeFirst();
      }
    }
  }

  private void event(String type, Finding f) {
    Map<String, Object> e = new LinkedHashMap<>();
    Diagnosis.View v = Diagnosis.View.of(f);
    e.put("cause", v.cause());
    e.put("area", v.area());
    e.put("state", v.state());
    e.put("evidence", v.evidence());
    e.put("sinceStep", v.sinceStep());
    e.put("since", v.since() == null ? null : v.since().toString());
    e.put("clearedStep", v.clearedStep());
    e.put("fix", v.fix());
    control.publishEvent(type, e);
  }

  private void publish() {
    List<Diagnosis.View> active =
        diagnoser.active().values().stream().map(Diagnosis.View::of).toList();
    List<Diagnosis.View> hist;
    List<Diagnosis.Action> acts;
    synchronized (history) {
      hist = history.stream().map(Diagnosis.View::of).toList();
    }
    synchronized (actions) {
      acts = new ArrayList<>(actions);
    }
    diagnosis = new Diagnosis(true, step, active.isEmpty(), active, hist, List.copyOf(acts));
  }

  static String reason(Finding f) {
    return f.cause().id() + " since step " + f.sinceStep() + " (" + evidence(f) + ")";
  }

  static String evidence(Finding f) {
    List<String> parts = new ArrayList<>();
    f.evidence().forEach((k, v) -> parts.add(k + "=" + String.format(Locale.ROOT, "%.4g", v)));
    return String.join(", ", parts);
  }
}
