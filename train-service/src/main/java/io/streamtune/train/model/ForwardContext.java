package io.streamtune.train.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.HashMap;
import java.util.Map;

/**
 * What one forward pass needs besides the weights: the manager that owns every tensor the pass
 * creates (closed by the caller after the step), and whether dropout is active.
 *
 * <p>Every constant a tensor in the graph is multiplied by comes from {@link #scalar}: a tensor
 * owned by this manager, alive until the backward pass is done. {@code NDArray.mul(Number)} would
 * wrap the number in a temporary that is freed at once, and backward may then read freed memory
 * (ENVIRONMENT.md, pitfall 1).
 */
public final class ForwardContext {

  private final NDManager manager;
  private final boolean training;
  private final Map<Float, NDArray> scalars = new HashMap<>();

  public ForwardContext(NDManager manager, boolean training) {
    this.manager = manager;
    this.training = training;
  }

  public NDManager manager() {
    return manager;
  }

  public boolean training() {
    return training;
  }

  /** A float32 scalar tensor owned by this pass's manager (cached per value). */
  public NDArray scalar(float value) {
    return scalars.computeIfAbsent(value, v -> manager.create(v.floatValue()));
  }
}
