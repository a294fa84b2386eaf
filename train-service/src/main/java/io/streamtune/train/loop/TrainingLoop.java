package io.streamtune.train.loop;

import io.streamtune.common.Topics;
import io.streamtune.common.payload.TrainEvent;
import io.streamtune.train.checkpoint.Checkpoint;
import io.streamtune.train.checkpoint.CheckpointStore;
import io.streamtune.train.config.TrainConfig;
import io.streamtune.train.data.Batch;
import io.streamtune.train.data.EvalSet;
import io.streamtune.train.data.LabelSet;
import io.streamtune.train.data.Prefetcher;
import io.streamtune.train.metrics.TrainMetrics;
import io.streamtune.train.observe.EvalObserved;
import io.streamtune.train.observe.StepObserved;
import io.streamtune.train.outputs.OutputSampler;
import io.streamtune.train.outputs.Publisher;
import io.streamtune.train.outputs.RewardGate;
import io.streamtune.train.outputs.RewardJoiner;
import io.streamtune.train.probe.Baseline;
import io.streamtune.train.probe.LearnabilityProbe;
import io.streamtune.train.training.EvalStats;
import io.streamtune.train.training.OnlineTrainer;
import io.streamtune.train.training.RewardedSample;
import io.streamtune.train.training.StepStats;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * The training loop, top to bottom: take a batch → join rewards → one optimizer step → account
 * offsets → metrics → every N steps evaluate, checkpoint, sample outputs. Runs on the one training
 * thread that owns the trainer; ends with a final checkpoint when asked to stop.
 */
public final class TrainingLoop {

  private static final Logger LOG = Logger.getLogger(TrainingLoop.class);

  /** The loop's collaborators: built by the service, plain objects so tests can build them too. */
  public record Parts(
      TrainConfig config,
      OnlineTrainer trainer,
      PrefetcherFactory prefetchers,
      EvalSet evalSet,
      LabelSet labels,
      RewardJoiner rewards,
      OutputSampler sampler,
      CheckpointStore store,
      Publisher publisher,
      TrainMetrics metrics,
      java.util.concurrent.atomic.AtomicInteger batchSize,
      Consumer<StepObserved> onStep,
      Consumer<EvalObserved> onEval,
      String modelName) {}

  /** Starts a prefetcher reading from the given next offsets (a resume or a rollback). */
  @FunctionalInterface
  public interface PrefetcherFactory {
    Prefetcher start(Map<Integer, Long> nextOffsets, int pass);
  }

  private final Parts p;
  private final Object lock;
  private final ConcurrentLinkedQueue<Runnable> between = new ConcurrentLinkedQueue<>();
  private LoopState state;
  private volatile Prefetcher prefetcher;
  private volatile boolean stop;
  private volatile Thread thread;
  private boolean rolledBack;
  private volatile String halted;
  volatile EvalStats lastEval;
  private double bestEvalLoss = Double.POSITIVE_INFINITY;
  volatile TrainStatus.Checkpoint lastCheckpoint;
  volatile long samplesSeen;
  volatile long stale;
  volatile long used;
  volatile long skippedRecords;

  /** The bag-of-words / n-gram yardstick, trained on the same batches (microseconds a record). */
  final LearnabilityProbe probe = new LearnabilityProbe();

  /**
   * Seconds without a batch, lag 0, after which the stream counts as idle: the prefetcher waits at
   * most a second or two for a batch, so 10 s of nothing means the stream has run out (or paused).
   * While idle, the last evaluation is reported again every this often (the doctor's undertrained
   * check needs to see the stream stay used up).
   */
  static final long IDLE_REPORT_SECONDS = 10;

  private volatile long lag = -1;
  private long lastBatchNanos = System.nanoTime();
  private long lastIdleReportNanos;
  private long lastEvalStep = -1;

  /**
   * Steps a partition may go without a batch before its next batch counts as new data for the
   * doctor: a backlog is read partition by partition (the consumer drains one fetch at a time), so
   * the loss can fall on one partition's records for many steps and rise when the next begins.
   * While partitions interleave, each reappears within a few steps and nothing is new.
   */
  static final long QUIET_PARTITION_STEPS = 20;

  private final java.util.Map<Integer, Long> lastStepOfPartition = new java.util.HashMap<>();

  /** True when {@code batch} brings records from a partition quiet for a while (not at start). */
  private boolean newPartition(Batch batch, long step) {
    boolean fresh = false;
    for (Batch.Span span : batch.spans()) {
      if (span.to() <= span.from()) {
        continue;
      }
      Long last = lastStepOfPartition.put(span.partition(), step);
      if (step > QUIET_PARTITION_STEPS && (last == null || step - last > QUIET_PARTITION_STEPS)) {
        fresh = true;
      }
    }
    return fresh;
  }

  LoopState state() {
    return state;
  }

  TrainingLoop(Parts parts, LoopState state, Object lock) {
    this.p = parts;
    this.state = state;
    this.lock = lock;
    this.samplesSeen = state.samplesSeen;
    this.prefetcher = parts.prefetchers().start(state.nextOffsets, state.pass);
  }

  void stop() {
    stop = true;
  }

  Prefetcher prefetcher() {
    return prefetcher;
  }

  /** Why training was stopped while the service stays up; null while training. */
  String halted() {
    return halted;
  }

  /** Stops stepping; the thread stays alive and predictions keep working. */
  void halt(String reason) {
    halted = reason;
  }

  /**
   * Rolls back to the newest intact checkpoint at or before {@code maxStep}. On the training thread
   * (the doctor decides inside a step or evaluation observer) it happens at once, so no checkpoint
   * can be written between the decision and the rollback; from another thread it is handed to the
   * training thread and waited for. Empty when nothing was restored: no such checkpoint (pruned or
   * never written), a failed restore (training halts: the weights may be half restored), or a
   * training thread that did not take it up in time (it then never happens).
   */
  OptionalLong rollbackTo(long maxStep, String reason) {
    if (Thread.currentThread() == thread) {
      return rollbackNow(maxStep, reason);
    }
    AtomicBoolean taken = new AtomicBoolean();
    CompletableFuture<OptionalLong> done = new CompletableFuture<>();
    between.add(
        () -> {
          if (taken.compareAndSet(false, true)) {
            try {
              done.complete(rollbackNow(maxStep, reason));
            } catch (RuntimeException e) {
              done.completeExceptionally(e); // the waiter must never wait for ever
              throw e;
            }
          }
        });
    try {
      return done.get(ROLLBACK_WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      if (taken.compareAndSet(false, true)) {
        LOG.warnf(
            "rollback to step <= %d (%s) not taken up by the training thread", maxStep, reason);
        return OptionalLong.empty();
      }
      try {
        return done.get(); // under way on the training thread: its outcome is the answer
      } catch (InterruptedException | ExecutionException again) {
        if (again instanceof InterruptedException) {
          Thread.currentThread().interrupt();
        }
        return OptionalLong.empty();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      taken.set(true);
      return OptionalLong.empty();
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }

  /** How long another thread waits for the training thread to take a rollback up. */
  static final long ROLLBACK_WAIT_SECONDS = 30;

  private OptionalLong rollbackNow(long maxStep, String reason) {
    long from = p.trainer().progress().steps();
    Optional<Checkpoint> found = p.store().newestValidAtMost(maxStep);
    if (found.isEmpty()) {
      String why =
          "no intact checkpoint at or before step " + maxStep + " (pruned or never written)";
      LOG.warnf("rollback asked (%s) but not done: %s", reason, why);
      rollbackFailed(from, maxStep, reason, why);
      return OptionalLong.empty();
    }
    CheckpointStore.RolledBack r;
    try {
      // newer checkpoints go aside before the weights are loaded: a crash in between restarts from
      // the target, never from the diverged weights
      r = p.store().rollBackTo(found.get());
      synchronized (lock) {
        restore(r.target());
      }
    } catch (IOException | RuntimeException e) {
      String why = "restoring " + found.get().dir().getFileName() + " failed: " + e;
      LOG.errorf(e, "rollback (%s) failed; training halts", reason);
      halt(why);
      rollbackFailed(from, maxStep, reason, why);
      return OptionalLong.empty();
    }
    rolledBack = true;
    Checkpoint ck = r.target();
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("fromStep", from);
    d.put("toStep", ck.manifest().step());
    d.put("checkpoint", ck.dir().getFileName().toString());
    d.put("setAside", r.setAside());
    d.put("reason", reason);
    event("rollback", ck.manifest().step(), d);
    return OptionalLong.of(ck.manifest().step());
  }

  private void rollbackFailed(long from, long maxStep, String reason, String why) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("fromStep", from);
    d.put("requestedMaxStep", maxStep);
    d.put("reason", reason);
    d.put("why", why);
    event("rollback_failed", from, d);
  }

  private void event(String type, long step, Map<String, Object> details) {
    String model = p.config().model().name();
    p.publisher()
        .send(
            Topics.TRAIN_EVENTS, model, new TrainEvent(type, model, step, Instant.now(), details));
  }

  /**
   * Restores weights, optimizer, offsets and ledger from {@code ck}; training thread only. The
   * hyperparameters in force now stay ({@link
   * io.streamtune.train.training.TrainerState#rollBackTo}): restoring the checkpoint's would undo
   * the doctor's learning-rate cut (and the same replay would diverge again, for ever) or a λ held
   * at 0.
   */
  private void restore(Checkpoint ck) throws IOException {
    p.trainer().state().rollBackTo(ck.modelDir());
    Checkpoint.Manifest m = ck.manifest();
    prefetcher.close(); // batches prefetched after the checkpoint's offsets are discarded
    state = LoopState.from(ck);
    samplesSeen = state.samplesSeen;
    prefetcher = p.prefetchers().start(state.nextOffsets, state.pass);
    lastCheckpoint =
        new TrainStatus.Checkpoint(ck.dir().getFileName().toString(), m.step(), m.createdAt());
    LOG.infof(
        "rolled back to %s: step %d, offsets %s",
        ck.dir().getFileName(), m.step(), m.nextOffsets());
  }

  void run() throws InterruptedException {
    thread = Thread.currentThread();
    TrainConfig c = p.config();
    long waitStart = System.nanoTime();
    while (!stop) {
      // 0. Apply what other threads asked for (a rollback, ...) between two steps.
      runBetween();
      rolledBack = false;
      if (halted != null) {
        Thread.sleep(100); // stopped on purpose: keep serving predictions, train nothing
        waitStart = System.nanoTime();
        continue;
      }
      // 1. Take the next prefetched batch: the only place the trainer may wait for data.
      Batch batch = prefetcher.poll(100);
      updateLag();
      if (batch == null) {
        reportIdle();
        continue;
      }
      lastBatchNanos = System.nanoTime();
      Duration wait = Duration.ofNanos(System.nanoTime() - waitStart);
      if (batch.examples().isEmpty()) {
        account(batch, true); // only unusable records: consumed, nothing to learn
        waitStart = System.nanoTime();
        continue;
      }
      // 2. Join rewards that arrived since the last step; stale ones would push with old judgement.
      RewardGate.Split split =
          RewardGate.split(
              p.rewards().drain(c.rewards().maxPerStep()),
              p.trainer().progress().steps(),
              c.rewards().maxAgeSteps());
      List<RewardedSample> rewarded =
          split.fresh().stream()
              .map(
                  j ->
                      new RewardedSample(
                          j.pending().output().kind(),
                          j.pending().output().prompt(),
                          j.pending().output().completion(),
                          j.reward().reward(),
                          j.pending().output().sampled()))
              .toList();
      // 3. One optimizer step (task loss + lambda x reward loss); locked against admin changes.
      long computeStart = System.nanoTime();
      StepStats s;
      synchronized (lock) {
        s = p.trainer().step(batch.examples(), rewarded);
      }
      Duration compute = Duration.ofNanos(System.nanoTime() - computeStart);
      // 4. These records are now in the weights (or, skipped as non-finite, consumed and left out):
      // move the offsets a checkpoint would store; the learnability probe learns the same records
      // (the yardstick the doctor compares with).
      account(batch, !s.skippedNonFinite());
      if (!s.skippedNonFinite()) {
        probe.learn(batch.examples());
      }
      // 5. Metrics: loss, throughput, freshness of every record, latency of every reward.
      Instant now = Instant.now();
      p.metrics().step(s, wait, compute, p.trainer().hyperparameters().lambda());
      batch.arrivedAt().forEach(a -> p.metrics().freshness(a, now));
      split
          .fresh()
          .forEach(
              j ->
                  p.metrics()
                      .rewardUsed(
                          j.pending().publishedAt(),
                          now,
                          j.reward().components(),
                          j.reward().reward()));
      p.metrics().rewardsStale(split.stale());
      stale += split.stale();
      used += split.fresh().size();
      p.onStep()
          .accept(
              new StepObserved(
                  s,
                  batch.examples().size(),
                  rewarded.stream().map(RewardedSample::reward).toList(),
                  batch.pass(),
                  lag,
                  newPartition(batch, s.step()),
                  now));
      long step = s.step();
      // 6. Evaluate on the held-out set: the honest answer to "is it learning?". An observer that
      // rolled back (the doctor, on divergence) ends the step here: these weights are gone.
      if (!rolledBack && step % c.eval().everySteps() == 0) {
        evaluate();
      }
      if (rolledBack) {
        waitStart = System.nanoTime();
        continue;
      }
      // 7. Checkpoint weights together with the offsets they were trained on.
      if (step % c.checkpoint().everySteps() == 0) {
        checkpoint("periodic");
      }
      // 8. Let the model answer a few training prompts, for the reward service to score.
      if (c.outputs().fraction() > 0 && step % c.outputs().everySteps() == 0) {
        int n = p.sampler().sample(p.trainer(), batch.examples(), p.labels().labels(), step);
        p.metrics().outputsPublished(n);
      }
      waitStart = System.nanoTime();
    }
    // Stopping: a rollback asked meanwhile comes first; the weights trained so far must survive.
    runBetween();
    checkpoint("shutdown");
  }

  private void runBetween() {
    for (Runnable r; (r = between.poll()) != null; ) {
      r.run();
    }
  }

  private void account(Batch batch, boolean trained) {
    batch.spans().forEach(r -> state.ledger.consumed(r.partition(), r.from(), r.to()));
    for (Batch.Consumed r : batch.consumed()) {
      if (r.recordId() == null) {
        continue; // unusable: consumed, never trainable
      }
      if (trained) {
        state.ledger.trained(r.recordId());
      } else {
        state.ledger.skipped(r.recordId());
        skippedRecords++; // since start, for the metric (a rollback does not take it back)
      }
    }
    state.nextOffsets.putAll(batch.nextOffsets());
    state.samplesSeen += batch.examples().size();
    state.pass = batch.pass();
    samplesSeen = state.samplesSeen;
  }

  /**
   * Offsets behind the end of records.clean that the weights have not taken in yet: end offset
   * minus the trained next offset, both counted as the consumer counts them (transaction markers
   * included), so it reaches 0 once everything is trained, on a topic written exactly-once too.
   */
  private void updateLag() {
    long lag = 0;
    for (Map.Entry<Integer, Long> e : prefetcher.endOffsets().entrySet()) {
      lag += Math.max(0, e.getValue() - state.nextOffsets.getOrDefault(e.getKey(), 0L));
    }
    p.metrics().lag(lag);
    this.lag = lag;
  }

  /**
   * The stream has been idle (lag 0, no batch) for a while: evaluate the weights trained since the
   * last evaluation, or report the last one again, so the doctor sees the stream run out.
   */
  private void reportIdle() {
    long now = System.nanoTime();
    long second = 1_000_000_000L;
    if (lag != 0
        || lastEval == null
        || now - lastBatchNanos < IDLE_REPORT_SECONDS * second
        || now - lastIdleReportNanos < IDLE_REPORT_SECONDS * second) {
      return;
    }
    lastIdleReportNanos = now;
    if (lastEvalStep != p.trainer().progress().steps()) {
      evaluate();
    } else {
      p.onEval().accept(observed(lastEval, probe.last()));
    }
  }

  private EvalObserved observed(EvalStats e, Baseline baseline) {
    double idle = lag == 0 ? (System.nanoTime() - lastBatchNanos) / 1e9 : 0;
    EvalObserved.Stream stream =
        new EvalObserved.Stream(
            state.pass,
            lag,
            idle,
            p.trainer().progress().inputsSeen(),
            p.trainer().progress().inputsTruncated());
    return new EvalObserved(p.trainer().progress().steps(), e, baseline, stream, Instant.now());
  }

  void evaluate() {
    List<String> labels = p.labels().labels();
    var heldOut = p.evalSet().snapshot();
    if (heldOut.isEmpty()) {
      return;
    }
    EvalStats e = p.trainer().evaluation().evaluate(heldOut, labels); // training thread, no lock
    Baseline baseline = probe.evaluate(heldOut);
    lastEval = e;
    lastEvalStep = p.trainer().progress().steps();
    if (e.loss() < bestEvalLoss) {
      // the checkpoint of the best evaluation outlives "keep last K": overfitting shows later
      bestEvalLoss = e.loss();
      p.store().protectNewestAtMost(p.trainer().progress().steps());
    }
    p.metrics().eval(e, heldOut.size());
    p.onEval().accept(observed(e, baseline));
    LOG.infof(
        "step %d: eval loss %.4f, accuracy %.3f on %d held-out records (baseline %.3f)",
        p.trainer().progress().steps(), e.loss(), e.accuracy(), e.examples(), baseline.accuracy());
  }

  /** Writes a checkpoint unless the newest one already holds these weights. */
  void checkpoint(String reason) {
    long step = p.trainer().progress().steps();
    if (lastCheckpoint != null && lastCheckpoint.step() == step) {
      return;
    }
    Instant now = Instant.now();
    Checkpoint.Manifest m =
        new Checkpoint.Manifest(
            p.modelName(),
            step,
            state.samplesSeen,
            now,
            state.parent,
            Map.copyOf(state.nextOffsets),
            state.pass,
            hyperparameters(),
            state.ledger.state(),
            Map.of());
    try {
      Checkpoint written;
      synchronized (lock) {
        written = p.store().write(m, dir -> p.trainer().state().save(dir));
      }
      String name = written.dir().getFileName().toString();
      state.parent = name;
      lastCheckpoint = new TrainStatus.Checkpoint(name, step, now);
      p.metrics().checkpointed(now);
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("reason", reason);
      details.put("checkpoint", name);
      details.put("path", written.dir().toString());
      details.put("samplesSeen", state.samplesSeen);
      details.put("nextOffsets", Map.copyOf(state.nextOffsets));
      p.publisher()
          .send(
              Topics.TRAIN_EVENTS,
              p.modelName(),
              new TrainEvent("checkpoint", p.modelName(), step, now, details));
      LOG.infof(
          "checkpoint %s (%s): %d samples, next offsets %s",
          name, reason, state.samplesSeen, state.nextOffsets);
    } catch (IOException | RuntimeException e) {
      LOG.errorf(e, "checkpoint at step %d failed; training continues", step);
    }
  }

  Map<String, Object> hyperparameters() {
    Map<String, Object> h = new LinkedHashMap<>();
    h.put("learningRate", p.trainer().hyperparameters().learningRate());
    h.put("weightDecay", p.trainer().hyperparameters().weightDecay());
    h.put("lambda", p.trainer().hyperparameters().lambda());
    h.put("batchSize", p.batchSize().get());
    h.put("settings", io.streamtune.train.config.Settings.trainer(p.config()));
    return h;
  }
}
