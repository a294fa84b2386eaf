package io.streamtune.train.outputs;

import io.streamtune.common.Topics;
import io.streamtune.common.payload.ModelReward;
import io.streamtune.train.data.KafkaClients;
import io.streamtune.train.data.TopicReader;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * Reads model.rewards on its own thread and joins each reward with the output it scores. Joined
 * rewards wait in a bounded queue until the training thread drains them into a step; training never
 * waits for rewards. Reads from the end of the topic: rewards for outputs of an earlier run cannot
 * be joined (their outputs are gone from memory).
 */
public final class RewardJoiner implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(RewardJoiner.class);

  /** A reward and the output it scores. */
  public record Joined(PendingOutputs.Pending pending, ModelReward reward) {}

  private final PendingOutputs pending;
  private final int capacity;
  private final ArrayDeque<Joined> ready = new ArrayDeque<>();
  private final LongAdder received = new LongAdder();
  private final LongAdder unmatched = new LongAdder();
  private final LongAdder foreign = new LongAdder();
  private final String model;
  private final LongAdder malformed = new LongAdder();
  private final LongAdder overflow = new LongAdder();
  private volatile Instant lastRewardAt;
  private volatile boolean assigned;
  private final TopicReader reader;

  /**
   * @param model this trainer's model name: rewards naming another model are another variant's
   *     (trainers sharing model.rewards) and are ignored without counting as unmatched
   */
  public RewardJoiner(
      Map<String, Object> kafkaConfig, PendingOutputs pending, int capacity, String model) {
    this.reader =
        new TopicReader(
            "train-reward-reader",
            KafkaClients.consumer(kafkaConfig, "streamtune-train-rewards"),
            this::read,
            e -> LOG.error("model.rewards reader stopped", e));
    this.pending = pending;
    this.capacity = capacity;
    this.model = model;
  }

  public void start() {
    reader.start();
  }

  /** Joins one reward (called by the reader thread; public for tests). */
  public void accept(ModelReward reward) {
    if (reward.model() != null && model != null && !reward.model().equals(model)) {
      foreign.increment();
      return;
    }
    received.increment();
    lastRewardAt = Instant.now();
    PendingOutputs.Pending p = pending.take(reward.outputId());
    if (p == null) {
      unmatched.increment();
      return;
    }
    synchronized (ready) {
      if (ready.size() >= capacity) {
        ready.pollFirst();
        overflow.increment();
      }
      ready.addLast(new Joined(p, reward));
    }
  }

  /** Up to {@code max} joined rewards, oldest first. */
  public List<Joined> drain(int max) {
    List<Joined> out = new ArrayList<>();
    synchronized (ready) {
      while (out.size() < max && !ready.isEmpty()) {
        out.add(ready.pollFirst());
      }
    }
    return out;
  }

  /** True once the reader is positioned on model.rewards: rewards sent after that are seen. */
  public boolean isAssigned() {
    return assigned;
  }

  public Instant lastRewardAt() {
    return lastRewardAt;
  }

  public long received() {
    return received.sum();
  }

  public long unmatched() {
    return unmatched.sum();
  }

  /** Rewards for other models' outputs, ignored. */
  public long foreign() {
    return foreign.sum();
  }

  public long malformed() {
    return malformed.sum();
  }

  public long overflow() {
    return overflow.sum();
  }

  private void read(KafkaConsumer<String, byte[]> c, BooleanSupplier stopped)
      throws InterruptedException {
    String topic = Topics.MODEL_REWARDS.name();
    List<TopicPartition> tps = KafkaClients.partitions(c, topic, stopped);
    c.assign(tps);
    c.seekToEnd(tps);
    tps.forEach(c::position); // resolve the end now, so later rewards are never missed
    assigned = true;
    while (!stopped.getAsBoolean()) {
      for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
        ModelReward reward;
        try {
          reward = Topics.MODEL_REWARDS.valueSerde().deserializer().deserialize(topic, r.value());
        } catch (RuntimeException e) {
          reward = null;
        }
        if (reward == null || !Double.isFinite(reward.reward())) {
          malformed.increment(); // a bad reward never reaches the loss
          continue;
        }
        accept(reward);
      }
    }
  }

  @Override
  public void close() {
    reader.close();
  }
}
