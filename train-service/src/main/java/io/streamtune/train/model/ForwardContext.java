package io.streamtune.train.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
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
  private final NDManager constants;
  private final Map<Float, NDArray> scalars;
  private final Map<List<Integer>, NDArray> masks = new HashMap<>();

  public ForwardContext(NDManager manager, boolean training) {
    this(manager, training, manager, new HashMap<>());
  }

  private ForwardContext(
      NDManager manager, boolean training, NDManager constants, Map<Float, NDArray> scalars) {
    this.manager = manager;
    this.training = training;
    this.constants = constants;
    this.scalars = scalars;
  }

  /**
   * A context for one more pass of a run of passes (a generation step), whose tensors go to {@code
   * passManager} (closed after the pass), sharing this context's scalars: they stay owned by this
   * context's longer-lived manager, so the run creates each constant once instead of once per
   * token. Inference only: this context's manager must outlive every such pass.
   */
  public ForwardContext forPass(NDManager passManager) {
    if (training) {
      throw new IllegalStateException("forPass shares constants across inference passes only");
    }
    return new ForwardContext(passManager, false, constants, scalars);
  }

  public NDManager manager() {
    return manager;
  }

  public boolean training() {
    return training;
  }

  /** A float32 scalar tensor owned by this pass's manager, or its run's (cached per value). */
  public NDArray scalar(float value) {
    return scalars.computeIfAbsent(value, v -> constants.create(v.floatValue()));
  }

  /**
   * [rows, keys] additive causal mask for queries at positions first … first+rows−1 over keys 0 …
   * keys−1: 0 where a query may look (itself and earlier), −∞ at later keys. Cached per shape, so
   * every layer of a pass shares one.
   */
  public NDArray causalMask(int first, int rows, int keys) {
    return masks.computeIfAbsent(
        List.of(first, rows, keys),
        k -> {
          float[] mask = new float[rows * keys];
          for (int i = 0; i < rows; i++) {
            int visible = Math.min(keys, first + i + 1);
            Arrays.fill(mask, i * keys + visible, (i + 1) * keys, Float.NEGATIVE_INFINITY);
          }
          return manager.create(mask, new Shape(rows, keys));
        });
  }
}
