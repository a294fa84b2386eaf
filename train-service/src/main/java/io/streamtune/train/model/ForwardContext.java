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
  private final Map<Float, NDArray> scalars = new HashMap<>();
  private final Map<List<Integer>, NDArray> masks = new HashMap<>();

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
