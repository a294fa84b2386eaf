package io.streamtune.train.training;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import io.streamtune.train.model.Gpt2Config;
import io.streamtune.train.model.Gpt2Model;
import io.streamtune.train.model.Tokenizer;
import io.streamtune.train.model.Tokenizers;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Keeps one GPT-2-style model learning from mini-batches, one optimizer step per {@link #step}
 * call, and answers evaluation, prediction and generation from a consistent copy of the weights.
 *
 * <p>Threads: {@link #step} and {@link #state()} (save, load, roll back) belong to the one training
 * thread (DJL allows one gradient collector per JVM). {@link #requests()} may be called from any
 * thread: its queries run on a <em>snapshot</em> ({@link InferenceSnapshot}), a detached copy of
 * the trainable weights (the frozen base is shared) taken under the lock that guards each in-place
 * update and refreshed lazily when the weights have changed since. Inference therefore never sees
 * half an update, never blocks a step for longer than one copy, and costs training nothing while
 * nobody asks (a read-write lock would stall the trainer for a whole evaluation; copying after
 * every step would cost a copy per step). The training thread's own evaluation uses {@link
 * #evaluation()} and its output sampling {@link #live()} instead: weights it alone changes, so it
 * never waits for a request that holds the snapshot.
 *
 * <p>With {@code emaDecay} &gt; 0 what evaluation, requests and export read is a moving average of
 * the weights ({@link WeightAverage}), updated after every step; output sampling reads the raw
 * weights, the policy the reward term's gradient is taken at.
 */
public final class OnlineTrainer implements AutoCloseable {

  /** Appended to a label task's text to form its prompt; the completion is the label. */
  public static final String LABEL_SEPARATOR = " => ";

  private static final System.Logger LOG = System.getLogger(OnlineTrainer.class.getName());

  private final TrainerSettings settings;
  private final TrainableModel weights;
  private final Gpt2Model model;
  private final Tokenizer tokenizer;
  private final AdamW optimizer;
  private final LrSchedule schedule;
  private final HyperparameterValues hyper;
  private final RewardBaseline baseline;
  private final PromptEncoder encoder;
  private final ClassWeights classWeights;
  private final HybridLoss loss;
  private final TokenizerCoverage coverage;
  private final ReentrantLock weightsLock = new ReentrantLock();
  private final QueryLanes lanes;
  private final TrainingProgress progress;
  private final TrainerState state;
  private final WeightAverage average; // null: evaluation reads the raw weights
  private final Gpt2Model evaluated; // the averaged model, or the live one
  private volatile long weightsVersion;

  private OnlineTrainer(
      TrainerSettings settings, Gpt2Config config, Tokenizer tokenizer, BaseWeights base) {
    if (tokenizer.vocabSize() > config.vocabSize()) {
      throw new IllegalArgumentException(
          "tokenizer has " + tokenizer.vocabSize() + " ids, the model only " + config.vocabSize());
    }
    this.settings = settings;
    this.tokenizer = tokenizer;
    this.weights = TrainableModel.build(settings, config, base);
    this.model = weights.model;
    this.optimizer =
        new AdamW(
            weights.trainable,
            weights.manager,
            settings.beta1(),
            settings.beta2(),
            settings.epsilon());
    this.schedule = LrSchedule.of(settings);
    this.hyper = new HyperparameterValues(settings);
    this.baseline = new RewardBaseline(settings.baselineMomentum());
    TrainerSettings.Inputs inputs = settings.inputs();
    this.encoder = PromptEncoder.of(tokenizer, config.contextLength(), inputs);
    this.classWeights = new ClassWeights(inputs.classWeights());
    this.loss =
        new HybridLoss(
            model,
            encoder,
            tokenizer,
            classWeights,
            settings.gradAccumulation(),
            baseline,
            settings.promptLossWeight(),
            settings.promptLossPositions());
    this.coverage = new TokenizerCoverage(tokenizer);
    this.average =
        settings.emaDecay() > 0
            ? new WeightAverage(model, weights.trainable, weights.manager, settings.emaDecay())
            : null;
    this.evaluated = average == null ? model : average.model();
    this.lanes =
        new QueryLanes(
            weights,
            evaluated,
            new Inference(tokenizer, encoder),
            encoder,
            tokenizer,
            weightsLock,
            () -> weightsVersion);
    this.progress = new TrainingProgress(settings.seed());
    this.state =
        new TrainerState(
            model,
            tokenizer,
            optimizer,
            average,
            baseline,
            classWeights,
            progress,
            hyper,
            base,
            settings.seed(),
            weightsLock,
            () -> weightsVersion++);
    LOG.log(
        System.Logger.Level.INFO,
        "trainer on {0}: {1}, tokenizer {2}",
        weights.device,
        weights.describe(),
        tokenizer.describe());
  }

  /** Builds tokenizer, model (seeded init), optimizer. Logs and reports the device. */
  public static OnlineTrainer create(TrainerSettings settings) {
    Validation.check(settings);
    Tokenizer tokenizer = Tokenizers.of(settings.tokenizer(), settings.tokenizerPath());
    try {
      return new OnlineTrainer(
          settings, settings.modelConfig(tokenizer.vocabSize()), tokenizer, null);
    } catch (RuntimeException e) {
      tokenizer.close();
      throw e;
    }
  }

  /**
   * Like {@link #create(TrainerSettings)}, but with the architecture given ({@code settings}'
   * layers, heads, embedding, contextLength and dropout are ignored), the tokenizer given (the
   * trainer owns and closes it) and the base weights filled by {@code weights} instead of the
   * seeded init (adapters keep theirs).
   */
  public static OnlineTrainer create(
      TrainerSettings settings, Gpt2Config config, Tokenizer tokenizer, BaseWeights weights) {
    Validation.checkTraining(settings);
    try {
      return new OnlineTrainer(settings, config, tokenizer, weights);
    } catch (RuntimeException e) {
      tokenizer.close();
      throw e;
    }
  }

  /**
   * Calls {@code reader} with the model predictions read (the moving average when there is one)
   * under the weights lock: consistent, e.g. for export.
   */
  public <T> T withModel(java.util.function.Function<Gpt2Model, T> reader) {
    weightsLock.lock();
    try {
      return reader.apply(evaluated);
    } finally {
      weightsLock.unlock();
    }
  }

  /**
   * One optimizer step over {@code batch} (task loss on completion tokens only) plus, when λ &gt; 0
   * and {@code rewarded} is non-empty, λ · the REINFORCE term. Non-finite loss or gradient: the
   * weights are left alone and {@code skippedNonFinite} is set. Training thread only.
   */
  public StepStats step(List<TrainExample> records, List<RewardedSample> rewarded) {
    List<TrainExample> batch = coverage.admit(records); // characters the tokenizer cannot encode
    List<RewardedSample> rewards = RewardedSample.usable(rewarded);
    double currentLambda = hyper.lambda();
    boolean useRewards = currentLambda > 0 && !rewards.isEmpty();
    double lr = schedule.at(progress.steps(), hyper.learningRate());
    if (batch.isEmpty() && !useRewards) {
      return new StepStats(progress.steps(), 0, 0, 0, 0, 0, lr, 0, 0, 0, false);
    }
    JniUtils.setGradMode(false); // in-place weight updates below must not be recorded
    weights.engine.setRandomSeed(progress.dropoutSeed()); // dropout = f(seed, step)
    HybridLoss.StepResult result = new HybridLoss.StepResult();
    try (NDManager step = weights.manager.newSubManager()) {
      try (GradientCollector collector = weights.engine.newGradientCollector()) {
        loss.taskLoss(batch, collector, step, result);
        if (useRewards && !result.nonFinite) {
          loss.rewardLoss(rewards, currentLambda, hyper.rewardClip(), collector, step, result);
        }
      }
      double gradNorm = result.backwardRan ? optimizer.gradientNorm(step) : 0;
      double ratio = 0;
      if (!result.nonFinite && Double.isFinite(gradNorm)) {
        double scale = AdamW.clipScale(gradNorm, settings.clipNorm());
        weightsLock.lock();
        try {
          ratio = optimizer.update(step, lr, hyper.weightDecay(), scale);
          if (average != null) {
            average.update(step);
          }
          weightsVersion++;
        } finally {
          weightsLock.unlock();
        }
      } else {
        result.nonFinite = true;
      }
      if (result.backwardRan) {
        optimizer.zeroGradients();
      }
      baseline.update(rewards);
      progress.stepped(batch.size(), result.truncated, result.clipped);
      double total = result.taskLoss + currentLambda * result.rewardLoss;
      return new StepStats(
          progress.steps(),
          result.taskLoss,
          result.rewardLoss,
          useRewards ? total : result.taskLoss,
          gradNorm,
          ratio,
          lr,
          batch.size(),
          result.tokens,
          result.truncated,
          result.nonFinite);
    }
  }

  /** Learning rate, weight decay, λ and the reward clip in force; settable from any thread. */
  public HyperparameterValues hyperparameters() {
    return hyper;
  }

  // ---- what it has done, and what it is ------------------------------------------------------

  /** Steps taken, records trained and cut, rewards clipped. */
  public TrainingProgress progress() {
    return progress;
  }

  /** How records become rows: the same encoder for training, evaluation and prediction. */
  public PromptEncoder encoder() {
    return encoder;
  }

  /** E.g. "cpu()" or "gpu(0)". */
  public String device() {
    return weights.device.toString();
  }

  Device deviceObject() {
    return weights.device;
  }

  public long parameterCount() {
    return weights.parameterCount();
  }

  public long trainableParameterCount() {
    return weights.trainableParameterCount();
  }

  /** Counts (and per its policy rejects) records with characters the tokenizer cannot encode. */
  public TokenizerCoverage coverage() {
    return coverage;
  }

  /** The tokenizer in use (its description belongs in status). */
  public Tokenizer tokenizer() {
    return tokenizer;
  }

  /** The model (GPT-2 names via {@code namedParameters()}); training thread only. */
  public Gpt2Model model() {
    return model;
  }

  // ---- inference ---------------------------------------------------------------------------

  /**
   * Queries on the live weights, for the training thread only (output sampling: the policy the
   * reward term's gradient belongs to): no copy and no lock, so a request holding the snapshot
   * never delays a step.
   */
  public ModelQueries live() {
    return lanes.live;
  }

  /**
   * Queries on the weights predictions read (the moving average with {@code emaDecay} &gt; 0, else
   * the live weights), for the training thread only (its evaluation): no copy and no lock.
   */
  public ModelQueries evaluation() {
    return lanes.evaluation;
  }

  /**
   * Queries from any thread (requests, exports): on a consistent snapshot of the weights, never
   * half an update ({@link InferenceSnapshot}).
   */
  public ModelQueries requests() {
    return lanes.requests;
  }

  /** Saving, loading and rolling back its whole state (training thread only). */
  public TrainerState state() {
    return state;
  }

  /** The optimizer (its moments), for tests in this package. */
  AdamW optimizer() {
    return optimizer;
  }

  @Override
  public void close() {
    lanes.close();
    weights.close();
    tokenizer.close();
  }
}
