package io.streamtune.reward.scoring.model;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The learned reward: hashed bag-of-n-grams features ({@link HashedFeatures}) → a one-hidden-layer
 * MLP → one logit; the score is its sigmoid, the probability that the output is good.
 *
 * <p>On disk a model is a folder: {@code reward-model.json} (shape and training figures) and {@code
 * reward-model-0000.params} (DJL weights). Inference is serialized by a lock: one small forward
 * pass per output, from any stream thread.
 */
public final class RewardModel implements AutoCloseable {

  /** The engine, named explicitly: other engines on the classpath must not be picked. */
  static final String ENGINE = "PyTorch";

  static final String NAME = "reward-model";
  static final String META_FILE = NAME + ".json";

  /** Shape and provenance of a model, stored beside its weights. */
  public record Meta(
      int dim, int hidden, int examples, double heldOutAccuracy, double heldOutAuc) {}

  private final Model model;
  private final Meta meta;
  private final HashedFeatures features;

  RewardModel(Model model, Meta meta) {
    this.model = model;
    this.meta = meta;
    this.features = new HashedFeatures(meta.dim());
  }

  /** A new, untrained model of the given shape (parameters initialized by {@code init}). */
  static Model newModel(int dim, int hidden) {
    Model model = Model.newInstance(NAME, Device.cpu(), ENGINE);
    model.setBlock(block(hidden));
    return model;
  }

  static Block block(int hidden) {
    return new SequentialBlock()
        .add(Linear.builder().setUnits(hidden).build())
        .add(Activation::relu)
        .add(Linear.builder().setUnits(1).build());
  }

  public Meta meta() {
    return meta;
  }

  HashedFeatures features() {
    return features;
  }

  /** The probability that {@code completion} is a good answer to {@code prompt}, in [0, 1]. */
  public double score(String prompt, String completion) {
    return score(List.of(new LabelledExample(prompt, completion, false)))[0];
  }

  /** Scores a batch in one forward pass (labels ignored). */
  public synchronized double[] score(List<LabelledExample> examples) {
    if (examples.isEmpty()) {
      return new double[0];
    }
    try (NDManager step = model.getNDManager().newSubManager()) {
      NDArray x = step.create(encode(examples), new Shape(examples.size(), meta.dim()));
      NDArray logits =
          model
              .getBlock()
              .forward(new ParameterStore(step, false), new NDList(x), false)
              .singletonOrThrow();
      float[] p = Activation.sigmoid(logits).toFloatArray();
      double[] out = new double[p.length];
      for (int i = 0; i < p.length; i++) {
        out[i] = p[i];
      }
      return out;
    }
  }

  float[] encode(List<LabelledExample> examples) {
    float[] data = new float[examples.size() * meta.dim()];
    for (int i = 0; i < examples.size(); i++) {
      LabelledExample e = examples.get(i);
      features.encode(e.prompt(), e.completion(), data, i * meta.dim());
    }
    return data;
  }

  /** Writes the model folder (created if missing). */
  public synchronized void save(Path dir) throws IOException {
    Files.createDirectories(dir);
    model.save(dir, NAME);
    new ObjectMapper()
        .writerWithDefaultPrettyPrinter()
        .writeValue(dir.resolve(META_FILE).toFile(), meta);
  }

  /**
   * Loads a model folder written by {@link #save}.
   *
   * @throws IOException naming the folder when it holds no readable model
   */
  public static RewardModel load(Path dir) throws IOException {
    Path metaFile = dir.resolve(META_FILE);
    if (!Files.isRegularFile(metaFile)) {
      throw new IOException(
          dir + " holds no " + META_FILE + " (train one with train-reward-model)");
    }
    Meta meta = new ObjectMapper().readValue(metaFile.toFile(), Meta.class);
    Model model = newModel(meta.dim(), meta.hidden());
    try {
      model.getBlock().initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, meta.dim()));
      model.load(dir, NAME);
    } catch (MalformedModelException | IOException | RuntimeException e) {
      model.close();
      throw new IOException("cannot load the reward model in " + dir + ": " + e.getMessage(), e);
    }
    return new RewardModel(model, meta);
  }

  @Override
  public synchronized void close() {
    model.close();
  }
}
