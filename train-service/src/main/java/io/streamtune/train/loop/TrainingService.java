package io.streamtune.train.loop;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import io.smallrye.common.annotation.Identifier;
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
import io.streamtune.train.outputs.RewardJoiner;
import io.streamtune.train.pretrained.PretrainedModel;
import io.streamtune.train.pretrained.PretrainedModels;
import io.streamtune.train.training.GenerationSettings;
import io.streamtune.train.training.OnlineTrainer;
import io.streamtune.train.training.TokenizerCoverage;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import java.nio.file.Path;
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
 *
 * <p>Lifecycle and resume only. What GET /train/status shows is {@link TrainStatusView}, run-time
 * hyperparameter changes are {@link Hyperparameters}, events on train.events are {@link
 * TrainEvents}; they read the parts this bean built through its accessors.
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
    metrics.counters(
        new TrainMetrics.Counts(
            publisher::dropped,
            rewards::received,
            rewards::unmatched,
            rewards::foreign,
            () -> trainer == null ? 0 : trainer.progress().rewardsClipped(),
            rewards::malformed,
            () -> loop == null ? 0 : loop.prefetcher().unusableRecords(),
            () -> loop == null ? 0 : loop.skippedRecords,
            () -> trainer == null ? 0 : trainer.coverage().uncoveredCharacters(),
            () -> trainer == null ? 0 : trainer.coverage().rejectedRecords()));
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
      trainer.hyperparameters().setRewardClip(config.rewards().clipRatio());
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
        l.lastCheckpoint = new TrainStatus.Checkpoint(st.parent, trainer.progress().steps(), null);
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
    trainer.state().load(ck.modelDir());
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

  // ---- what the status view, hyperparameters, events, REST and health read ----

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

  /** The step lock: held around each step and evaluation, and around hyperparameter changes. */
  Object lock() {
    return lock;
  }

  /**
   * The batch size the prefetcher fills batches to; changed at run time by {@link Hyperparameters}.
   */
  AtomicInteger batchSize() {
    return batchSize;
  }

  /** The trainer once built; null before (REST answers 503 then). */
  public OnlineTrainer trainer() {
    return loop == null ? null : trainer;
  }

  /** The trainer as soon as it is built, also while it resumes (the status shows it then). */
  OnlineTrainer builtTrainer() {
    return trainer;
  }

  public String modelName() {
    return modelName;
  }

  public List<String> labels() {
    return labels.labels();
  }

  public RewardJoiner rewards() {
    return rewards;
  }

  OutputSampler sampler() {
    return sampler;
  }

  Publisher publisher() {
    return publisher;
  }

  int heldOutExamples() {
    return evalSet.size();
  }

  /** Generation settings for /train/predict: those of the sampled outputs. */
  public GenerationSettings generation() {
    TrainConfig.Outputs o = config.outputs();
    return new GenerationSettings(o.maxNewTokens(), o.temperature(), o.topK());
  }
}
