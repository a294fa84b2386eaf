package io.streamtune.train.training;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import io.streamtune.train.model.Gpt2Config;
import io.streamtune.train.model.Gpt2Model;
import io.streamtune.train.model.Tokenizer;
import io.streamtune.train.model.Tokenizers;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiFunction;

/**
 * Keeps one GPT-2-style model learning from mini-batches, one optimizer step per {@link #step}
 * call, and answers evaluation, prediction and generation from a consistent copy of the weights.
 *
 * <p>Threads: {@link #step}, the setters, {@link #saveState} and {@link #loadState} belong to the
 * one training thread (DJL allows one gradient collector per JVM). {@link #requests()} may be
 * called from any thread: its queries run on a <em>snapshot</em> ({@link InferenceSnapshot}), a
 * detached copy of the trainable weights (the frozen base is shared) taken under the lock that
 * guards each in-place update and refreshed lazily when the weights have changed since. Inference
 * therefore never sees half an update, never blocks a step for longer than one copy, and costs
 * training nothing while nobody asks (a read-write lock would stall the trainer for a whole
 * evaluation; copying after every step would cost a copy per step). The training thread's own
 * evaluation and output sampling use {@link #live()} instead: the weights it alone changes, so it
 * never waits for a request that holds the snapshot.
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
  private final InferenceSnapshot snapshots;
  private final ModelQueries requests;
  private final ModelQueries live;
  private final BaseWeights baseWeights;
  private BaseIdentity baseIdentity;
  private volatile long stepCount;
  private volatile long weightsVersion;
  private volatile long rewardsClipped;
  private volatile long inputsSeen;
  private volatile long inputsTruncated;
  private long dropoutSeedBase;

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
    this.baseWeights = base;
    this.optimizer =
        new AdamW(
            weights.trainable,
            weights.manager,
            settings.beta1(),
            settings.beta2(),
            settings.epsilon());
    this.schedule =
        new LrSchedule(
            settings.schedule(),
            settings.warmupSteps(),
            settings.totalSteps(),
            settings.minLearningRateRatio());
    this.hyper = new HyperparameterValues(settings);
    this.baseline = new RewardBaseline(settings.baselineMomentum());
    TrainerSettings.Inputs inputs = settings.inputs();
    int context = config.contextLength();
    this.encoder =
        new PromptEncoder(
            tokenizer,
            context,
            PromptEncoder.labelReserve(tokenizer, inputs),
            inputs.completionReserve() > 0 ? inputs.completionReserve() : context / 2,
            PromptEncoder.Truncation.parse(inputs.truncation()));
    this.classWeights = new ClassWeights(inputs.classWeights());
    this.loss =
        new HybridLoss(
            model, encoder, tokenizer, classWeights, settings.gradAccumulation(), baseline);
    this.coverage = new TokenizerCoverage(tokenizer);
    this.snapshots =
        new InferenceSnapshot(
            model, weights.trainable.keySet(), weights.manager, weightsLock, () -> weightsVersion);
    Inference inference = new Inference(tokenizer, encoder);
    this.requests = new ModelQueries(snapshots::query, inference, encoder, tokenizer);
    this.live = new ModelQueries(this::onLive, inference, encoder, tokenizer);
    this.dropoutSeedBase = settings.seed();
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
   * Calls {@code reader} with the live model under the weights lock (consistent, e.g. for export).
   */
  public <T> T withModel(java.util.function.Function<Gpt2Model, T> reader) {
    weightsLock.lock();
    try {
      return reader.apply(model);
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
    List<RewardedSample> rewards = finite(rewarded);
    double currentLambda = hyper.lambda();
    boolean useRewards = currentLambda > 0 && !rewards.isEmpty();
    double lr = schedule.at(stepCount, hyper.learningRate());
    if (batch.isEmpty() && !useRewards) {
      return new StepStats(stepCount, 0, 0, 0, 0, 0, lr, 0, 0, 0, false);
    }
    JniUtils.setGradMode(false); // in-place weight updates below must not be recorded
    weights.engine.setRandomSeed(
        dropoutSeed(dropoutSeedBase, stepCount)); // dropout = f(seed, step)
    HybridLoss.StepResult result = new HybridLoss.StepResult();
    try (NDManager step = weights.manager.newSubManager()) {
      try (GradientCollector collector = weights.engine.newGradientCollector()) {
        loss.taskLoss(batch, collector, step, result);
        if (useRewards && !result.nonFinite) {
          loss.rewardLoss(rewards, currentLambda, hyper.rewardClip(), collector, step, result);
        }
      }
      rewardsClipped += result.clipped;
      double gradNorm = result.backwardRan ? optimizer.gradientNorm(step) : 0;
      double ratio = 0;
      if (!result.nonFinite && Double.isFinite(gradNorm)) {
        double scale = AdamW.clipScale(gradNorm, settings.clipNorm());
        weightsLock.lock();
        try {
          ratio = optimizer.update(step, lr, hyper.weightDecay(), scale);
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
      stepCount++;
      inputsSeen += batch.size();
      inputsTruncated += result.truncated;
      double total = result.taskLoss + currentLambda * result.rewardLoss;
      return new StepStats(
          stepCount,
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

  // ---- runtime hyperparameters ------------------------------------------------------------

  public void setLearningRate(double lr) {
    hyper.setLearningRate(lr);
  }

  public void setWeightDecay(double wd) {
    hyper.setWeightDecay(wd);
  }

  public void setLambda(double lambda) {
    hyper.setLambda(lambda);
  }

  /** The importance-ratio clip ε of the reward term, in (0, 1). */
  public void setRewardClip(double eps) {
    hyper.setRewardClip(eps);
  }

  public double learningRate() {
    return hyper.learningRate();
  }

  public double weightDecay() {
    return hyper.weightDecay();
  }

  public double lambda() {
    return hyper.lambda();
  }

  // ---- what it has done, and what it is ------------------------------------------------------

  public long stepCount() {
    return stepCount;
  }

  /** Rewards whose sample added no gradient because its ratio left the clip range. */
  public long rewardsClipped() {
    return rewardsClipped;
  }

  /** Records trained so far (this process and the state it resumed from). */
  public long inputsSeen() {
    return inputsSeen;
  }

  /** Of those, records whose input exceeded the prompt budget and was cut. */
  public long inputsTruncated() {
    return inputsTruncated;
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
   * Queries on the live weights, for the training thread only (its evaluation and output sampling):
   * no copy and no lock, so a request holding the snapshot never delays a step.
   */
  public ModelQueries live() {
    return live;
  }

  /**
   * Queries from any thread (requests, exports): on a consistent snapshot of the weights, never
   * half an update ({@link InferenceSnapshot}).
   */
  public ModelQueries requests() {
    return requests;
  }

  /** The request lane: {@code query} on the snapshot ({@link InferenceSnapshot#query}). */
  <T> T onSnapshot(BiFunction<Gpt2Model, NDManager, T> query) {
    return snapshots.query(query);
  }

  /** The training thread's lane: {@code query} on the live weights, which only it changes. */
  private <T> T onLive(BiFunction<Gpt2Model, NDManager, T> query) {
    JniUtils.setGradMode(false);
    return query.apply(model, weights.manager);
  }

  // ---- state ---------------------------------------------------------------------------------

  /** Weights (or LoRA adapters + frozen base), optimizer state, step, baseline: bit-exact. */
  public void saveState(Path dir) throws IOException {
    weightsLock.lock();
    try {
      TrainerState.save(dir, this);
    } finally {
      weightsLock.unlock();
    }
  }

  /** Restores everything {@link #saveState} wrote (architecture must match). */
  public void loadState(Path dir) throws IOException {
    JniUtils.setGradMode(false);
    weightsLock.lock();
    try {
      TrainerState.load(dir, this);
      weightsVersion++;
    } finally {
      weightsLock.unlock();
    }
  }

  /**
   * A rollback: restores the model state of {@link #saveState} (weights, optimizer, step, baseline)
   * but keeps the learning rate, weight decay and λ in force now. Those were set since the state
   * was saved on purpose (an operator, the doctor's treatment); the saved ones would undo it.
   */
  public void rollBackTo(Path dir) throws IOException {
    double lr = hyper.learningRate();
    double wd = hyper.weightDecay();
    double lam = hyper.lambda();
    loadState(dir);
    hyper.restore(lr, wd, lam);
  }

  // package-private views for TrainerState
  TrainerSettings settings() {
    return settings;
  }

  AdamW optimizer() {
    return optimizer;
  }

  RewardBaseline baseline() {
    return baseline;
  }

  long dropoutSeedBase() {
    return dropoutSeedBase;
  }

  ClassWeights classWeights() {
    return classWeights;
  }

  /**
   * The frozen base's name and fingerprint (computed once: a pretrained folder's weight files are
   * hashed), or null when the weights were filled by a caller that cannot name them.
   */
  synchronized BaseIdentity baseIdentity() {
    if (baseIdentity == null) {
      baseIdentity =
          baseWeights == null
              ? BaseIdentity.seeded(settings.seed(), TrainerState.architecture(this))
              : baseWeights.identity();
    }
    return baseIdentity;
  }

  void restoreInputs(long seen, long truncated, Map<String, Long> labelCounts) {
    this.inputsSeen = seen;
    this.inputsTruncated = truncated;
    classWeights.restore(labelCounts);
  }

  void restoreCounters(long steps, long seed, double lr, double wd, double lambda) {
    this.stepCount = steps;
    this.dropoutSeedBase = seed;
    hyper.restore(lr, wd, lambda);
  }

  @Override
  public void close() {
    snapshots.close();
    weights.close();
    tokenizer.close();
  }

  private static List<RewardedSample> finite(List<RewardedSample> rewarded) {
    if (rewarded == null) {
      return List.of();
    }
    return rewarded.stream()
        .filter(r -> r != null && Double.isFinite(r.reward()) && r.completion() != null)
        .toList();
  }

  /**
   * A per-step seed for dropout (splitmix64 of seed and step), so a resumed run replays exactly.
   */
  static int dropoutSeed(long seed, long step) {
    long z = seed * 0x9E3779B97F4A7C15L + step + 0x632BE59BD9B4E019L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return (int) (z ^ (z >>> 31)) & 0x7fffffff;
  }
}
