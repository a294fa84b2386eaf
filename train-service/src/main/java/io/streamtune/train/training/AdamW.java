package io.streamtune.train.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * AdamW (Loshchilov &amp; Hutter) over an explicit parameter list, as PyTorch computes it: {@code w
 * ← w − lr·wd·w − lr·m̂/(√v̂ + ε)}. Weight decay applies only to matrices that are not embeddings
 * (attention/MLP weights and LoRA adapters): LayerNorm weights, biases, {@code wte} and {@code wpe}
 * are never decayed. DJL's own {@code Optimizer.adamW} decays every tensor, hence this class.
 *
 * <p>Gradients are clipped by their global L2 norm (all tensors together), not per value. All
 * temporaries belong to the step's manager; moments are updated in place.
 */
final class AdamW {

  private final List<String> names = new ArrayList<>();
  private final List<Parameter> parameters = new ArrayList<>();
  private final List<Boolean> decay = new ArrayList<>();
  private final Map<String, NDArray> firstMoments = new LinkedHashMap<>();
  private final Map<String, NDArray> secondMoments = new LinkedHashMap<>();
  private final double beta1;
  private final double beta2;
  private final double epsilon;
  private long updates;

  AdamW(
      Map<String, Parameter> trainable,
      NDManager manager,
      double beta1,
      double beta2,
      double epsilon) {
    if (beta1 < 0 || beta1 >= 1 || beta2 < 0 || beta2 >= 1) {
      throw new IllegalArgumentException("beta1 and beta2 must be in [0, 1)");
    }
    if (epsilon <= 0) {
      throw new IllegalArgumentException("epsilon must be > 0");
    }
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.epsilon = epsilon;
    for (Map.Entry<String, Parameter> entry : trainable.entrySet()) {
      NDArray array = entry.getValue().getArray();
      names.add(entry.getKey());
      parameters.add(entry.getValue());
      decay.add(decays(entry.getKey(), array.getShape()));
      firstMoments.put(entry.getKey(), manager.zeros(array.getShape(), array.getDataType()));
      secondMoments.put(entry.getKey(), manager.zeros(array.getShape(), array.getDataType()));
    }
  }

  /** Whether weight decay applies to a tensor of this name and shape. */
  static boolean decays(String name, Shape shape) {
    return shape.dimension() >= 2 && !name.startsWith("wte.") && !name.startsWith("wpe.");
  }

  /** Global L2 norm of all gradients (one host sync). */
  double gradientNorm(NDManager step) {
    NDArray sum = step.create(0f);
    for (Parameter parameter : parameters) {
      sum = sum.add(own(step, parameter.getArray().getGradient()).square().sum());
    }
    return Math.sqrt(sum.getFloat());
  }

  /**
   * The factor that clips gradients of global norm {@code norm} to {@code maxNorm}, as PyTorch's
   * {@code clip_grad_norm_} computes it: {@code maxNorm / (norm + 1e-6)} when the norm exceeds the
   * bound, else 1; {@code maxNorm ≤ 0} turns clipping off.
   */
  static double clipScale(double norm, double maxNorm) {
    return maxNorm > 0 && norm > maxNorm ? maxNorm / (norm + 1e-6) : 1.0;
  }

  /**
   * Applies one update with gradients scaled by {@code clipScale}; returns ‖Δw‖/‖w‖ (weights before
   * the update).
   */
  double update(NDManager step, double lr, double weightDecay, double clipScale) {
    updates++;
    double correction1 = 1 - Math.pow(beta1, updates);
    double correction2 = 1 - Math.pow(beta2, updates);
    NDArray scale = step.create((float) clipScale);
    NDArray b1 = step.create((float) beta1);
    NDArray b2 = step.create((float) beta2);
    NDArray oneMinusB1 = step.create((float) (1 - beta1));
    NDArray oneMinusB2 = step.create((float) (1 - beta2));
    NDArray inverseCorrection1 = step.create((float) (1 / correction1));
    NDArray inverseCorrection2 = step.create((float) (1 / correction2));
    NDArray eps = step.create((float) epsilon);
    NDArray minusLr = step.create((float) -lr);
    NDArray minusLrWd = step.create((float) (-lr * weightDecay));
    NDArray deltaSq = step.create(0f);
    NDArray weightSq = step.create(0f);
    for (int i = 0; i < parameters.size(); i++) {
      NDArray w = parameters.get(i).getArray();
      NDArray g = own(step, w.getGradient()).mul(scale);
      NDArray m = firstMoments.get(names.get(i));
      NDArray v = secondMoments.get(names.get(i));
      m.muli(b1).addi(g.mul(oneMinusB1));
      v.muli(b2).addi(g.square().mul(oneMinusB2));
      NDArray mHat = inverseCorrection1.mul(m);
      NDArray vHat = inverseCorrection2.mul(v);
      NDArray delta = mHat.div(vHat.sqrt().add(eps)).mul(minusLr);
      if (decay.get(i) && weightDecay != 0) {
        delta = delta.add(minusLrWd.mul(w));
      }
      weightSq = weightSq.add(own(step, w.square()).sum());
      deltaSq = deltaSq.add(delta.square().sum());
      w.addi(delta);
    }
    double weightNorm = Math.sqrt(weightSq.getFloat());
    return weightNorm == 0 ? 0 : Math.sqrt(deltaSq.getFloat()) / weightNorm;
  }

  /** Resets every gradient to exactly zero (also after a non-finite backward). */
  void zeroGradients() {
    for (Parameter parameter : parameters) {
      JniUtils.zeroGrad((PtNDArray) parameter.getArray());
    }
  }

  long updates() {
    return updates;
  }

  Map<String, NDArray> firstMoments() {
    return firstMoments;
  }

  Map<String, NDArray> secondMoments() {
    return secondMoments;
  }

  void restore(long updates) {
    this.updates = updates;
  }

  /** Moves an array created from a long-lived tensor (a gradient handle) to the step's manager. */
  static NDArray own(NDManager step, NDArray array) {
    array.attach(step);
    return array;
  }
}
