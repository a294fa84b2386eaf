package io.streamtune.train.outputs;

import io.streamtune.common.payload.ModelOutput;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Published outputs waiting for their reward, by outputId. Bounded: when full the oldest output is
 * forgotten (its reward, if it ever comes, is counted as unmatched).
 */
public final class PendingOutputs {

  /**
   * One published output with what the trainer needs to learn from its reward.
   *
   * @param output as published on model.outputs (its kind and prompt are what the trainer encodes
   *     to score log p(completion | prompt))
   */
  public record Pending(ModelOutput output, Instant publishedAt) {}

  private final LongAdder evicted = new LongAdder();
  private final Map<String, Pending> byId;

  public PendingOutputs(int capacity) {
    this.byId =
        new LinkedHashMap<>(16, 0.75f, false) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Pending> eldest) {
            boolean full = size() > capacity;
            if (full) {
              evicted.increment();
            }
            return full;
          }
        };
  }

  public synchronized void put(Pending p) {
    byId.put(p.output().outputId(), p);
  }

  /** Removes and returns the output a reward scores, or null when unknown or forgotten. */
  public synchronized Pending take(String outputId) {
    return outputId == null ? null : byId.remove(outputId);
  }

  public synchronized int size() {
    return byId.size();
  }

  public long evicted() {
    return evicted.sum();
  }
}
