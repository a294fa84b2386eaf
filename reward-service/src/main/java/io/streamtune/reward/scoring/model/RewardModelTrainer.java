package io.streamtune.reward.scoring.model;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Trains a {@link RewardModel} from labelled examples. Reads top to bottom: split → shuffle → batch
 * → forward → loss → backward → step → close, then evaluate on the held-out split.
 */
public final class RewardModelTrainer {

  /**
   * Hyperparameters, each default with its reason.
   *
   * @param dim hashed feature buckets: 2048 keeps collisions rare for a few thousand n-grams
   * @param hidden MLP width: 32 is plenty for a bag of features, and trains in seconds
   * @param epochs passes over the data: 20 converge on a few hundred examples without a schedule
   * @param batchSize 32: small batches give more steps on small data
   * @param learningRate Adam at 0.01: fast for a shallow net on normalized inputs
   * @param heldOut fraction of prompts kept aside to measure generalization, not memorization
   * @param seed fixes the split, the shuffles and the initial weights
   */
  public record Options(
      int dim,
      int hidden,
      int epochs,
      int batchSize,
      float learningRate,
      double heldOut,
      long seed) {

    public static Options defaults() {
      return new Options(2048, 32, 20, 32, 0.01f, 0.2, 42);
    }
  }

  /** One training example as the network sees it. */
  private record Encoded(float[] features, float label) {}

  /** A trained model and its held-out examples. */
  public record Result(RewardModel model, List<LabelledExample> heldOut) {}

  private RewardModelTrainer() {}

  public static Result train(List<LabelledExample> examples, Options o) {
    long good = examples.stream().filter(LabelledExample::good).count();
    if (good == 0 || good == examples.size()) {
      throw new IllegalArgumentException(
          "training needs both good and bad examples, got " + good + " good of " + examples.size());
    }
    // Split once, seeded, by prompt: answers to a held-out prompt never take part in training,
    // so the held-out figures measure generalization to new prompts, not recall.
    Random random = new Random(o.seed());
    Map<String, List<LabelledExample>> byPrompt = new LinkedHashMap<>();
    examples.forEach(e -> byPrompt.computeIfAbsent(e.prompt(), p -> new ArrayList<>()).add(e));
    List<List<LabelledExample>> groups = new ArrayList<>(byPrompt.values());
    Collections.shuffle(groups, random);
    int testGroups = (int) Math.round(groups.size() * o.heldOut());
    List<LabelledExample> heldOut =
        groups.subList(0, testGroups).stream().flatMap(List::stream).toList();
    List<LabelledExample> train =
        new ArrayList<>(
            groups.subList(testGroups, groups.size()).stream().flatMap(List::stream).toList());

    Engine.getEngine(RewardModel.ENGINE).setRandomSeed((int) o.seed());
    Model model = RewardModel.newModel(o.dim(), o.hidden());
    // Features once, not per epoch: hashing dominates the cost of so small a network.
    HashedFeatures features = new HashedFeatures(o.dim());
    List<Encoded> encoded = new ArrayList<>();
    for (LabelledExample e : train) {
      encoded.add(new Encoded(features.encode(e.prompt(), e.completion()), e.good() ? 1f : 0f));
    }
    LogisticLoss loss = new LogisticLoss();
    DefaultTrainingConfig config =
        new DefaultTrainingConfig(loss)
            .optDevices(new ai.djl.Device[] {ai.djl.Device.cpu()})
            .optOptimizer(
                Optimizer.adam().optLearningRateTracker(Tracker.fixed(o.learningRate())).build());
    try (Trainer trainer = model.newTrainer(config)) {
      trainer.initialize(new Shape(1, o.dim()));
      for (int epoch = 0; epoch < o.epochs(); epoch++) {
        Collections.shuffle(encoded, random); // a new order each epoch
        for (int from = 0; from < encoded.size(); from += o.batchSize()) {
          int to = Math.min(from + o.batchSize(), encoded.size());
          step(trainer, o.dim(), encoded.subList(from, to), loss);
        }
      }
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
    RewardModel trained =
        new RewardModel(model, new RewardModel.Meta(o.dim(), o.hidden(), train.size(), 0, 0));
    double[] scores = trained.score(heldOut);
    RewardModel.Meta meta =
        new RewardModel.Meta(
            o.dim(),
            o.hidden(),
            train.size(),
            Evaluation.accuracy(scores, heldOut),
            Evaluation.auc(scores, heldOut));
    return new Result(new RewardModel(model, meta), heldOut);
  }

  /** One optimizer step; the batch's tensors live in a sub-manager closed right after. */
  private static void step(Trainer trainer, int dim, List<Encoded> batch, LogisticLoss loss) {
    float[] x = new float[batch.size() * dim];
    float[] y = new float[batch.size()];
    for (int i = 0; i < batch.size(); i++) {
      System.arraycopy(batch.get(i).features(), 0, x, i * dim, dim);
      y[i] = batch.get(i).label();
    }
    try (NDManager step = trainer.getManager().newSubManager();
        GradientCollector collector = trainer.newGradientCollector()) {
      NDArray inputs = step.create(x, new Shape(batch.size(), dim));
      NDArray labels = step.create(y, new Shape(batch.size(), 1));
      NDList logits = trainer.forward(new NDList(inputs)); // forward
      NDArray value = loss.evaluate(new NDList(labels), logits); // loss
      collector.backward(value); // backward
    }
    trainer.step(); // Adam update
  }
}
