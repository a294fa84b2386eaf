package io.streamtune.train.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

/**
 * The keys and values every layer has computed so far, per layer [B, heads, length, headSize], so a
 * forward pass can process only new positions (numbered from {@link #length()}) and attend to the
 * old ones without recomputing them. Inference only (no gradient flows through it).
 *
 * <p>Each layer's keys and values live in one buffer [B, heads, capacity, headSize] allocated at
 * the layer's first pass in the cache's own sub-manager (so it outlives the per-step managers that
 * compute into it; {@link #close} frees it): a pass writes its positions in place and attends to a
 * view of the positions written so far. Appending one token therefore copies one position, not the
 * whole cache as a concatenation would (at 500 cached positions, 1 MB per token over 2 layers), and
 * leaves no replaced arrays to close.
 */
public final class KvCache implements AutoCloseable {

  private final NDManager manager;
  private final int capacity;
  private final NDArray[] keys;
  private final NDArray[] values;
  private int length;

  /**
   * An empty cache for a model of {@code layers} layers that holds up to {@code capacity} positions
   * (at most the model's context length), in a sub-manager of {@code parent}.
   */
  public KvCache(int layers, int capacity, NDManager parent) {
    if (capacity < 1) {
      throw new IllegalArgumentException("a cache needs room for one position, was " + capacity);
    }
    this.manager = parent.newSubManager();
    this.capacity = capacity;
    this.keys = new NDArray[layers];
    this.values = new NDArray[layers];
  }

  /** Positions cached (the same in every layer once a pass is done). */
  public int length() {
    return length;
  }

  /** The most positions this cache can hold. */
  public int capacity() {
    return capacity;
  }

  /**
   * A new cache holding this one-row cache's keys and values repeated over {@code rows} rows (e.g.
   * one shared prompt continued by several completions), with the same capacity, owned by {@code
   * target}.
   */
  public KvCache broadcast(int rows, NDManager target) {
    KvCache copy = new KvCache(keys.length, capacity, target);
    for (int i = 0; i < keys.length; i++) {
      if (keys[i] != null) {
        copy.keys[i] = repeat(keys[i], rows, copy.manager);
        copy.values[i] = repeat(values[i], rows, copy.manager);
      }
    }
    copy.length = length;
    return copy;
  }

  /**
   * Writes {@code k}/{@code v} [B, heads, t, headSize] (the new positions) into {@code layer}'s
   * buffers after the cached ones; returns views of all positions so far, {@code length() + t},
   * owned by k's manager (the pass's), so they go with the pass.
   */
  NDArray[] append(int layer, NDArray k, NDArray v) {
    long[] dims = k.getShape().getShape();
    int t = (int) dims[2];
    if (length + t > capacity) {
      throw new IllegalStateException(
          length + " cached + " + t + " new positions exceed the cache's capacity " + capacity);
    }
    if (keys[layer] == null) {
      Shape full = new Shape(dims[0], dims[1], capacity, dims[3]);
      keys[layer] = manager.zeros(full, k.getDataType(), k.getDevice());
      values[layer] = manager.zeros(full, v.getDataType(), v.getDevice());
    }
    NDIndex slot = new NDIndex().addAllDim(2).addSliceDim(length, length + t);
    keys[layer].set(slot, k);
    values[layer].set(slot, v);
    NDIndex seen = new NDIndex().addAllDim(2).addSliceDim(0, length + t);
    NDManager pass = k.getManager();
    return new NDArray[] {keys[layer].get(pass, seen), values[layer].get(pass, seen)};
  }

  /** Called once per pass, after every layer appended {@code tokens} positions. */
  void advance(int tokens) {
    length += tokens;
  }

  private static NDArray repeat(NDArray oneRow, int rows, NDManager target) {
    long[] dims = oneRow.getShape().getShape();
    if (dims[0] != 1) {
      throw new IllegalStateException("broadcast needs a one-row cache, this one has " + dims[0]);
    }
    dims[0] = rows;
    NDArray view = oneRow.broadcast(new Shape(dims));
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
