package io.streamtune.train.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.jni.JniUtils;
import io.streamtune.train.model.Gpt2Model;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.Lock;
import java.util.function.BiFunction;
import java.util.function.LongSupplier;

/**
 * The weights inference reads: a model whose trainable tensors are detached copies taken under the
 * lock that guards each in-place update, refreshed lazily when the weights have changed since, and
 * whose frozen tensors are the live ones, shared. Under LoRA that is the adapters only (a few
 * hundred kB for GPT-2 small instead of the whole 500 MB model): the frozen base is never written
 * after start-up, so reading it while the trainer runs is safe. Under full fine-tuning every tensor
 * is trainable and the snapshot is a whole copy.
 *
 * <p>Thread-safe: queries take turns on the snapshot's monitor, so one request's temporaries never
 * outlive a refresh another request triggered.
 */
final class InferenceSnapshot implements AutoCloseable {

  private final Gpt2Model live;
  private final Set<String> trainable;
  private final NDManager parent;
  private final Lock weightsLock;
  private final LongSupplier weightsVersion;
  private NDManager manager;
  private Gpt2Model model;
  private long version = -1;

  InferenceSnapshot(
      Gpt2Model live,
      Set<String> trainable,
      NDManager parent,
      Lock weightsLock,
      LongSupplier weightsVersion) {
    this.live = live;
    this.trainable = Set.copyOf(trainable);
    this.parent = parent;
    this.weightsLock = weightsLock;
    this.weightsVersion = weightsVersion;
  }

  /** Runs {@code query} on the current snapshot, its temporaries under the snapshot's manager. */
  synchronized <T> T query(BiFunction<Gpt2Model, NDManager, T> query) {
    JniUtils.setGradMode(false);
    Gpt2Model weights = current();
    return query.apply(weights, manager);
  }

  /** The current snapshot; copies the trainable weights (under the lock) when they have changed. */
  Gpt2Model current() {
    if (model == null || version != weightsVersion.getAsLong()) {
      NDManager fresh = parent.newSubManager();
      Gpt2Model copy;
      long copied;
      weightsLock.lock();
      try {
        copied = weightsVersion.getAsLong();
        copy = copyOf(live, trainable, fresh);
      } finally {
        weightsLock.unlock();
      }
      if (manager != null) {
        manager.close();
      }
      manager = fresh;
      model = copy;
      version = copied;
    }
    return model;
  }

  /**
   * A model of {@code live}'s architecture whose {@code trainable} tensors are detached copies
   * owned by {@code owner} and whose other (frozen) tensors are {@code live}'s own, shared.
   */
  static Gpt2Model copyOf(Gpt2Model live, Set<String> trainable, NDManager owner) {
    Gpt2Model copy = new Gpt2Model(live.config(), live.lora());
    for (Map.Entry<String, Parameter> entry : live.namedParameters().entrySet()) {
      NDArray array = entry.getValue().getArray();
      copy.namedParameters()
          .get(entry.getKey())
          .setArray(trainable.contains(entry.getKey()) ? detached(array, owner) : array);
    }
    return copy;
  }

  private static NDArray detached(NDArray array, NDManager owner) {
    NDArray view = array.stopGradient();
    NDArray copy = view.duplicate();
    view.close();
    copy.attach(owner);
    return copy;
  }

  @Override
  public synchronized void close() {
    if (manager != null) {
      manager.close();
      manager = null;
      model = null;
    }
  }
}
