package io.streamtune.train.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import io.streamtune.train.model.Gpt2Model;
import java.nio.FloatBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An exponential moving average of the trainable weights (Polyak averaging), the weights that
 * evaluation, prediction and export read: {@code ā ← d·ā + (1−d)·w} after every update, with the
 * decay warmed up as TensorFlow's {@code ExponentialMovingAverage(num_updates)} does, {@code d =
 * min(decay, (1 + t) / (10 + t))}, so early on the average follows the weights instead of holding
 * on to the initialization. Training moves the raw weights; the average smooths the step-to-step
 * swing of a model that is already fitting its training records.
 *
 * <p>{@link #model()} is a model whose trainable tensors are the averages and whose frozen ones (a
 * LoRA base) are the live model's, shared. Training thread only, like the weights it follows.
 */
final class WeightAverage {

  private final double decay;
  private final Map<String, Parameter> trainable;
  private final Map<String, NDArray> averages = new LinkedHashMap<>();
  private final Gpt2Model model;
  private long updates;

  WeightAverage(Gpt2Model live, Map<String, Parameter> trainable, NDManager manager, double decay) {
    if (!(decay > 0 && decay < 1)) {
      throw new IllegalArgumentException("the average's decay must be in (0, 1), was " + decay);
    }
    this.decay = decay;
    this.trainable = trainable;
    this.model = InferenceSnapshot.copyOf(live, trainable.keySet(), manager);
    trainable.keySet().forEach(n -> averages.put(n, model.namedParameters().get(n).getArray()));
  }

  /** The decay of update number {@code t} (1-based). */
  static double decayAt(double decay, long t) {
    return Math.min(decay, (1.0 + t) / (10.0 + t));
  }

  /**
   * Folds the weights just updated into the average, in place as {@code ā ← w + d·(ā − w)}: no
   * temporary tensor but the decay's scalar, which belongs to {@code step}.
   */
  void update(NDManager step) {
    updates++;
    NDArray d = step.create((float) decayAt(decay, updates));
    trainable.forEach(
        (name, p) -> {
          NDArray w = p.getArray();
          averages.get(name).subi(w).muli(d).addi(w);
        });
  }

  /** Starts the average again at the weights as they are (a state saved without one). */
  void reset() {
    trainable.forEach(
        (name, p) -> averages.get(name).set(FloatBuffer.wrap(p.getArray().toFloatArray())));
    updates = 0;
  }

  /** The model of averaged weights. */
  Gpt2Model model() {
    return model;
  }

  /** The averaged tensors by GPT-2 name. */
  Map<String, NDArray> averages() {
    return averages;
  }

  long updates() {
    return updates;
  }

  void restore(long updates) {
    this.updates = updates;
  }
}
