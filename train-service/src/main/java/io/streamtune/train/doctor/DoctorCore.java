package io.streamtune.train.doctor;

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

  /** After every optimizer step, on the training thread. */
  public synchronized void onStep(StepStats s, List<Double> rewardsUsed, Instant at) {
    step = s.step();
    handle(diagnoser.onStep(s, rewardsUsed, at));
  }

  /** After every evaluation, on the training thread. */
  public synchronized void onEval(long evalStep, EvalStats e, Instant at) {
    step = evalStep;
    handle(diagnoser.onEval(evalStep, e, at));
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
          control.markBestCheckpoint(reason(f));
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
    String reason = reason(f);
    if (act.rollbackOnDivergence()) {
      long target = diagnoser.lastGoodStep();
      OptionalLong restored = control.rollbackTo(target, reason);
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("requestedMaxStep", target);
      d.put("restoredStep", restored.isPresent() ? restored.getAsLong() : null);
      acted("rollback", f, d);
    }
    if (act.lrCutFactor() < 1) {
      double from = control.learningRate();
      double to = from * act.lrCutFactor();
      control.setLearningRate(to, reason);
      acted("lr_cut", f, Map.of("learningRateFrom", from, "learningRateTo", to));
    }
    diagnoser.actedOnDivergence();
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
