package io.streamtune.train.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * The keys and values every layer has computed so far, per layer [B, heads, length, headSize], so a
 * forward pass can process only new positions (numbered from {@link #length()}) and attend to the
 * old ones without recomputing them. Inference only (no gradient flows through it): the arrays live
 * in the cache's own sub-manager (attached there when stored, the replaced ones closed), so they
 * outlive the per-step managers that computed them; {@link #close} frees them.
 */
public final class KvCache implements AutoCloseable {

  private final NDManager manager;
  private final NDArray[] keys;
  private final NDArray[] values;
  private int length;

  /** An empty cache for a model of {@code layers} layers, in a sub-manager of {@code parent}. */
  public KvCache(int layers, NDManager parent) {
    this.manager = parent.newSubManager();
    this.keys = new NDArray[layers];
    this.values = new NDArray[layers];
  }

  /** Positions cached (the same in every layer once a pass is done). */
  public int length() {
    return length;
  }

  /**
   * A new cache holding this one-row cache's keys and values repeated over {@code rows} rows (e.g.
   * one shared prompt continued by several completions), owned by {@code target}.
   */
  public KvCache broadcast(int rows, NDManager target) {
    KvCache copy = new KvCache(keys.length, target);
    for (int i = 0; i < keys.length; i++) {
      if (keys[i] != null) {
        copy.keys[i] = repeat(keys[i], rows, target);
        copy.values[i] = repeat(values[i], rows, target);
      }
    }
    copy.length = length;
    return copy;
  }

  /** {@code layer}'s cached keys and values followed by {@code k}/{@code v} (the new positions). */
  NDArray[] append(int layer, NDArray k, NDArray v) {
    NDArray fullK = keys[layer] == null ? k : keys[layer].concat(k, 2);
    NDArray fullV = values[layer] == null ? v : values[layer].concat(v, 2);
    store(keys, layer, fullK);
    store(values, layer, fullV);
    return new NDArray[] {fullK, fullV};
  }

  /** Called once per pass, after every layer appended {@code tokens} positions. */
  void advance(int tokens) {
    length += tokens;
  }

  private void store(NDArray[] slots, int layer, NDArray array) {
    NDArray old = slots[layer];
    if (old == array) {
      return;
    }
    array.attach(manager);
    slots[layer] = array;
    if (old != null) {
      old.close();
    }
  }

  private static NDArray repeat(NDArray oneRow, int rows, NDManager target) {
    long[] dims = oneRow.getShape().getShape();
    if (dims[0] != 1) {
      throw new IllegalStateException("broadcast needs a one-row cache, this one has " + dims[0]);
    }
    dims[0] = rows;
    NDArray view = oneRow.broadcast(new ai.djl.ndarray.types.Shape(dims));
    NDArray out = view.duplicate();
    view.close();
    out.attach(target);
    return out;
  }

  @Override
  public void close() {
    manager.close();
  }
}
