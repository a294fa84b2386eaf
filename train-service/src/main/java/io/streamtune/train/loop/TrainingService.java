package io.streamtune.train.loop;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import io.smallrye.common.annotation.Identifier;
import io.streamtune.common.Topics;
import io.streamtune.common.payload.TrainEvent;
import io.streamtune.train.checkpoint.Checkpoint;
import io.streamtune.train.checkpoint.CheckpointStore;
import io.streamtune.train.checkpoint.Ledger;
import io.streamtune.train.config.ConfigCheck;
import io.streamtune.train.config.Settings;
import io.streamtune.train.config.TrainConfig;
import io.streamtune.train.data.EvalSet;
import io.streamtune.train.data.LabelSet;
import io.streamtune.train.data.Prefetcher;
import io.streamtune.train.metrics.TrainMetrics;
import io.streamtune.train.observe.EvalObserved;
import io.streamtune.train.observe.StepObserved;
import io.streamtune.train.outputs.OutputSampler;
import io.streamtune.train.outputs.PendingOutputs;
import io.streamtune.train.outputs.Publisher;
import io.streamtune.train.outputs.RewardGate;
import io.streamtune.train.outputs.RewardJoiner;
import io.streamtune.train.pretrained.PretrainedModel;
import io.streamtune.train.pretrained.PretrainedModels;
import io.streamtune.train.training.EvalStats;
import io.streamtune.train.training.GenerationSettings;
import io.streamtune.train.training.OnlineTrainer;
import io.streamtune.train.training.TokenizerCoverage;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Owns the trainer and the threads around it. The training thread is created here (DJL's first
 * touch happens on it, with this application's class loader), builds the trainer, resumes from the
 * newest valid checkpoint, and runs {@link TrainingLoop}. On shutdown: stop flag, join (the loop
 * writes its final checkpoint), then close readers, producer and trainer.
 */
@Startup
@ApplicationScoped
public class TrainingService {

  private static final Logger LOG = Logger.getLogger(TrainingService.class);

  private final TrainConfig config;
  private final Map<String, Object> kafka;
  private final TrainMetrics metrics;
  private final Event<StepObserved> stepEvents;
  private final Event<EvalObserved> evalEvents;
  private final Object lock = new Object();
  private final AtomicInteger batchSize;
  private final LabelSet labels;
  private final PendingOutputs pending;
  private EvalSet evalSet;
  private RewardJoiner rewards;
  private Publisher publisher;
  private OutputSampler sampler;
  private Thread thread;
  private volatile CheckpointStore store;
  private volatile OnlineTrainer trainer;
  private PretrainedModel pretrained;
  private String modelName;
  private volatile TrainingLoop loop;
  private volatile String state = "starting";
  private volatile Throwable failure;

  public TrainingService(
      TrainConfig config,
      @Identifier("default-kafka-broker") Map<String, Object> kafka,
      TrainMetrics metrics,
      Event<StepObserved> stepEvents,
      Event<EvalObserved> evalEvents) {
    this.config = config;
    this.kafka = Map.copyOf(kafka);
    this.metrics = metrics;
    this.stepEvents = stepEvents;
    this.evalEvents = evalEvents;
    this.batchSize = new AtomicInteger(config.optimizer().batchSize());
    this.labels = new LabelSet(config.model().labels());
    this.pending = new PendingOutputs(config.outputs().bufferSize());
  }

  @PostConstruct
  void start() {
    List<String> problems = ConfigCheck.problems(config);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(
          "invalid train configuration: " + String.join("; ", problems));
    }
    // Wrong Kafka credentials fail start-up, naming the property (an unreachable broker does not).
    io.streamtune.common.KafkaSecurity.checkCredentials(
        kafka, io.streamtune.common.KafkaSecurity.CHECK_TIMEOUT);
    // A pretrained folder is checked now (config fields, tensor names and shapes), so a wrong
    // folder fails start-up with the tensor it lacks rather than failing on the training thread.
    pretrained = config.model().path().map(p -> PretrainedModels.open(Path.of(p))).orElse(null);
    modelName = Settings.modelName(config, pretrained == null ? null : pretrained.name());
    if (pretrained != null) {
      LOG.infof(
          "fine-tuning the pretrained model in %s as %s", config.model().path().get(), modelName);
    }
    publisher = new Publisher(kafka);
    evalSet = new EvalSet(kafka, config.eval().maxExamples(), labels);
    rewards =
        new RewardJoiner(
            kafka, pending, Math.max(config.rewards().maxPerStep() * 10, 100), modelName);
    TrainConfig.Outputs o = config.outputs();
    sampler =
        new OutputSampler(
            publisher,
            pending,
            o.fraction(),
            new GenerationSettings(o.maxNewTokens(), o.temperature(), o.topK()),
            o.labelTemperature(),
            modelName,
            config.model().seed());
    metrics.counter(
        "streamtune.train.outputs.dropped",
        "records for model.outputs and train.events not delivered (backlog full or broker away)",
        publisher::dropped);
    metrics.counter(
        "streamtune.train.rewards.received", "rewards read from model.rewards", rewards::received);
    metrics.counter(
        "streamtune.train.rewards.unmatched",
        "rewards whose output is unknown or forgotten",
        rewards::unmatched);
    metrics.counter(
        "streamtune.train.rewards.foreign",
        "rewards for another model's outputs (variants sharing model.rewards), ignored",
        rewards::foreign);
    metrics.counter(
        "streamtune.train.rewards.clipped",
        "rewards whose importance ratio left the clip range: no gradient from them",
        () -> trainer == null ? 0 : trainer.rewardsClipped());
    metrics.counter(
        "streamtune.train.rewards.malformed",
        "unreadable or non-finite rewards",
        rewards::malformed);
    metrics.counter(
        "streamtune.train.records.unusable",
        "records.clean records without id, kind, prompt or completion",
        () -> loop == null ? 0 : loop.prefetcher().unusableRecords());
    metrics.counter(
        "streamtune.train.records.skipped",
        "records consumed by steps skipped as non-finite: in the ledger as skipped, not trained",
        () -> loop == null ? 0 : loop.skippedRecords);
    metrics.counter(
        "streamtune.train.inputs.uncovered.characters",
        "characters of training records the tokenizer cannot encode (train.data.uncovered)",
        () -> trainer == null ? 0 : trainer.coverage().uncoveredCharacters());
    metrics.counter(
        "streamtune.train.inputs.uncovered.rejected",
        "training records left out for characters the tokenizer cannot encode (policy reject)",
        () -> trainer == null ? 0 : trainer.coverage().rejectedRecords());
    metrics.lambda(config.rewards().lambda());
    metrics.learningRate(config.optimizer().learningRate());
    evalSet.start();
    rewards.start();
    thread = new Thread(this::train, "train-loop");
    thread.setDaemon(true);
    thread.start();
  }

  private void train() {
    try {
      trainer =
          pretrained == null
              ? OnlineTrainer.create(Settings.trainer(config))
              : PretrainedModels.trainer(pretrained, Settings.trainer(config));
      trainer.setRewardClip(config.rewards().clipRatio());
      trainer.coverage().setPolicy(TokenizerCoverage.Policy.parse(config.data().uncovered()));
      metrics.device(trainer.device());
      metrics.model(modelName, pretrained == null ? "built-in" : pretrained.folder().toString());
      LOG.infof(
          "model %s on %s: %d parameters, %d trainable",
          modelName, trainer.device(), trainer.parameterCount(), trainer.trainableParameterCount());
      store =
          new CheckpointStore(
              Settings.checkpointDir(config, modelName), config.checkpoint().keep());
      LoopState st = resume(store);
      TrainingLoop l =
          new TrainingLoop(
              new TrainingLoop.Parts(
                  config,
                  trainer,
                  this::startPrefetcher,
                  evalSet,
                  labels,
                  rewards,
                  sampler,
                  store,
                  publisher,
                  metrics,
                  batchSize,
                  stepEvents::fire,
                  evalEvents::fire,
                  modelName),
              st,
              lock);
      if (st.parent != null) {
        l.lastCheckpoint = new TrainStatus.Checkpoint(st.parent, trainer.stepCount(), null);
      }
      loop = l;
      state = "training";
      l.run();
      state = "stopped";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      state = "stopped";
    } catch (Throwable t) {
      failure = t;
      state = "failed: " + t;
      LOG.error("training thread failed", t);
    }
  }

  /** A prefetcher reading records.clean from the given next offsets (start, resume, rollback). */
  private Prefetcher startPrefetcher(Map<Integer, Long> offsets, int pass) {
    TrainConfig.Data d = config.data();
    Prefetcher pf =
        new Prefetcher(
            kafka,
            offsets,
            new Prefetcher.Options(
                batchSize::get,
                d.maxWaitMs(),
                d.prefetchBatches(),
                d.pollMs(),
                d.startFrom(),
                d.passes(),
                pass),
            labels);
    pf.start();
    return pf;
  }

  /** Loads the newest valid checkpoint into the trainer; its offsets say where to read on. */
  private LoopState resume(CheckpointStore store) throws java.io.IOException {
    Optional<Checkpoint> found = store.newestValid();
    if (found.isEmpty()) {
      LOG.infof("no checkpoint in %s: starting from scratch", store.dir());
      return new LoopState(new Ledger(Ledger.State.empty()), Map.of(), 0, 0, null);
    }
    Checkpoint ck = found.get();
    // Runtime hyperparameter changes in force at save time come back with the state.
    trainer.loadState(ck.modelDir());
    Checkpoint.Manifest m = ck.manifest();
    LOG.infof(
        "resumed from %s: step %d, %d samples, offsets %s",
        ck.dir(), m.step(), m.samplesSeen(), m.nextOffsets());
    return LoopState.from(ck);
  }

  void onStop(@Observes ShutdownEvent ev) {
    TrainingLoop l = loop;
    if (l != null) {
      l.stop();
    }
    if (thread != null) {
      try {
        thread.join(120_000); // the loop finishes its step and writes the final checkpoint
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (l != null) {
      l.prefetcher().close();
    }
    evalSet.close();
    rewards.close();
    publisher.close();
    if (trainer != null) {
      trainer.close();
    }
  }

  // ---- what REST, health and TrainingControl read or do ----

  public boolean trainerRunning() {
    return loop != null && thread.isAlive() && failure == null;
  }

  public boolean threadAlive() {
    return thread != null && thread.isAlive();
  }

  public boolean prefetcherAlive() {
    TrainingLoop l = loop;
    return l != null && (l.halted() != null || l.prefetcher().isAlive());
  }

  public String state() {
    TrainingLoop l = loop;
    return l != null && l.halted() != null ? "halted: " + l.halted() : state;
  }

  TrainingLoop loop() {
    return loop;
  }

  CheckpointStore store() {
    return store;
  }

  Object lock() {
    return lock;
  }

  void publish(String type, long step, Map<String, Object> details) {
    publisher.send(
        Topics.TRAIN_EVENTS,
        modelName,
        new TrainEvent(type, modelName, step, Instant.now(), details));
  }

  /** The trainer once built; null before (REST answers 503 then). */
  public OnlineTrainer trainer() {
    return loop == null ? null : trainer;
  }

  public List<String> labels() {
    return labels.labels();
  }

  public RewardJoiner rewards() {
    return rewards;
  }

  public String rewardHealth() {
    return RewardGate.health(
        Instant.now(),
        sampler.firstPublishedAt(),
        rewards.lastRewardAt(),
        config.rewards().degradedAfterSeconds());
  }

  public TrainStatus status() {
    TrainingLoop l = loop;
    OnlineTrainer t = trainer;
    EvalStats e = l == null ? null : l.lastEval;
    TrainStatus.Rewards r =
        new TrainStatus.Rewards(
            rewardHealth(),
            sampler.published(),
            rewards.received(),
            l == null ? 0 : l.used,
            l == null ? 0 : l.stale,
            rewards.unmatched(),
            rewards.lastRewardAt());
    return new TrainStatus(
        modelName,
        state(),
        t == null ? null : t.device(),
        t == null || l == null ? 0 : t.stepCount(),
        l == null ? 0 : l.samplesSeen,
        finite(metrics.snapshotTrainLoss()),
        e == null ? null : finite(e.loss()),
        e == null ? null : finite(e.accuracy()),
        e == null ? Map.of() : e.labels().accuracy(),
        e == null ? Map.of() : e.labels().recall(),
        e == null ? null : finite(e.labels().balancedAccuracy()),
        e == null ? null : finite(e.labels().macroF1()),
        e == null ? null : finite(e.labels().majorityShare()),
        evalSet.size(),
        labels.labels(),
        t == null ? config.optimizer().learningRate() : t.learningRate(),
        t == null ? config.optimizer().weightDecay() : t.weightDecay(),
        t == null ? config.rewards().lambda() : t.lambda(),
        batchSize.get(),
        metrics.snapshotSamplesPerSecond(),
        metrics.snapshotTokensPerSecond(),
        metrics.snapshotLag(),
        l == null ? null : l.lastCheckpoint,
        r,
        t == null ? 0 : t.parameterCount(),
        t == null ? 0 : t.trainableParameterCount(),
        inputs(t),
        baseline(l));
  }

  private static TrainStatus.Baseline baseline(TrainingLoop l) {
    io.streamtune.train.probe.Baseline b =
        l == null ? io.streamtune.train.probe.Baseline.NONE : l.probe.last();
    return new TrainStatus.Baseline(
        b.labelRecords(),
        b.generationRecords(),
        finite(b.accuracy()),
        finite(b.majorityShare()),
        finite(b.lossPerByte()));
  }

  private TrainStatus.Inputs inputs(OnlineTrainer t) {
    long seen = t == null ? 0 : t.inputsSeen();
    long cut = t == null ? 0 : t.inputsTruncated();
    return new TrainStatus.Inputs(
        seen, cut, seen == 0 ? null : (double) cut / seen, config.data().truncation());
  }

  private static Double finite(double v) {
    return Double.isFinite(v) ? v : null; // JSON has no NaN
  }

  /** Generation settings for /train/predict: those of the sampled outputs. */
  public GenerationSettings generation() {
    TrainConfig.Outputs o = config.outputs();
    return new GenerationSettings(o.maxNewTokens(), o.temperature(), o.topK());
  }

  /**
   * Applies validated hyperparameter changes between steps, logs and publishes each on
   * train.events. Null fields are left as they are.
   */
  public Map<String, Object> change(
      Double learningRate, Double weightDecay, Integer newBatchSize, Double lambda, String reason) {
    OnlineTrainer t = trainer();
    if (t == null) {
      throw new IllegalStateException("the trainer is not running yet");
    }
    Map<String, Object> changed = new LinkedHashMap<>();
    long step;
    synchronized (lock) {
      if (learningRate != null) {
        changed.put("learningRate", List.of(t.learningRate(), learningRate));
        t.setLearningRate(learningRate);
        metrics.learningRate(learningRate);
      }
      if (weightDecay != null) {
        changed.put("weightDecay", List.of(t.weightDecay(), weightDecay));
        t.setWeightDecay(weightDecay);
      }
      if (lambda != null) {
        changed.put("lambda", List.of(t.lambda(), lambda));
        t.setLambda(lambda);
        metrics.lambda(lambda);
      }
      if (newBatchSize != null) {
        changed.put("batchSize", List.of(batchSize.get(), newBatchSize));
        batchSize.set(newBatchSize);
      }
      step = t.stepCount();
    }
    Instant now = Instant.now();
    changed.forEach(
        (name, fromTo) -> {
          List<?> v = (List<?>) fromTo;
          LOG.infof(
              "hyperparameter %s changed from %s to %s at step %d", name, v.get(0), v.get(1), step);
          Map<String, Object> details = new LinkedHashMap<>();
          details.put("name", name);
          details.put("from", v.get(0));
          details.put("to", v.get(1));
          details.put("reason", reason);
          publisher.send(
              Topics.TRAIN_EVENTS,
              modelName,
              new TrainEvent("hyperparameters_changed", modelName, step, now, details));
        });
    return changed;
  }
}
