package io.streamtune.train.outputs;

import io.streamtune.common.Topic;
import io.streamtune.train.data.KafkaClients;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.jboss.logging.Logger;

/**
 * The service's one producer (model.outputs, train.events). The training thread never waits on the
 * broker: {@link #send} serializes the record and hands it to a sender thread of its own through a
 * bounded backlog, and returns. The sender's {@code producer.send} may block (no metadata yet, the
 * buffer full while the broker is away), but at most {@code max.block.ms}; a record not delivered
 * within {@code delivery.timeout.ms} fails. A record dropped because the backlog is full, or failed
 * by the producer, is counted ({@link #dropped}, metric streamtune.train.outputs.dropped) and
 * logged at most every {@link #LOG_EVERY} with the count since; nothing is retried for ever.
 */
public final class Publisher implements AutoCloseable {

  /** Records waiting for the sender: minutes of outputs at the default rates, a few MB. */
  static final int BACKLOG = 10_000;

  /**
   * The sender's longest wait for metadata or buffer room (the producer's default is 60 s): long
   * enough for a first metadata fetch from a live broker, short enough that a dead one empties the
   * backlog into the dropped count rather than holding it for minutes.
   */
  static final int MAX_BLOCK_MS = 5_000;

  /** A record not acknowledged within 30 s is given up (request timeout 10 s, with retries). */
  static final int DELIVERY_TIMEOUT_MS = 30_000;

  static final int REQUEST_TIMEOUT_MS = 10_000;

  static final Duration LOG_EVERY = Duration.ofSeconds(10);

  private static final Logger LOG = Logger.getLogger(Publisher.class);

  private final KafkaProducer<byte[], byte[]> producer;
  private final ThreadPoolExecutor sender;
  private final int backlog;
  private final LongAdder dropped = new LongAdder();
  private final AtomicLong lastLogAt = new AtomicLong(Long.MIN_VALUE);
  private final AtomicLong droppedAtLastLog = new AtomicLong();

  public Publisher(Map<String, Object> kafkaConfig) {
    this(kafkaConfig, BACKLOG);
  }

  Publisher(Map<String, Object> kafkaConfig, int backlog) {
    Map<String, Object> c = KafkaClients.producer(kafkaConfig, "streamtune-train");
    c.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, MAX_BLOCK_MS);
    c.putIfAbsent(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, REQUEST_TIMEOUT_MS);
    c.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, DELIVERY_TIMEOUT_MS);
    this.backlog = backlog;
    this.producer = new KafkaProducer<>(c, new ByteArraySerializer(), new ByteArraySerializer());
    this.sender =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(backlog),
            r -> {
              Thread t = new Thread(r, "train-publisher");
              t.setDaemon(true);
              return t;
            });
  }

  /** Hands the record to the sender thread and returns at once; never waits on the broker. */
  public <K, V> void send(Topic<K, V> topic, K key, V value) {
    byte[] k = topic.keySerde().serializer().serialize(topic.name(), key);
    byte[] v = topic.valueSerde().serializer().serialize(topic.name(), value);
    ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic.name(), k, v);
    try {
      sender.execute(() -> deliver(record));
    } catch (RejectedExecutionException e) {
      drop(topic.name(), "the send backlog is full (" + backlog + " records)");
    }
  }

  private void deliver(ProducerRecord<byte[], byte[]> record) {
    try {
      producer.send(
          record,
          (meta, e) -> {
            if (e != null) {
              drop(record.topic(), e.getMessage());
            }
          });
    } catch (RuntimeException e) {
      drop(record.topic(), e.getMessage()); // e.g. no metadata within max.block.ms
    }
  }

  private void drop(String topic, String why) {
    dropped.increment();
    long now = System.nanoTime();
    long last = lastLogAt.get();
    if ((last == Long.MIN_VALUE || now - last >= LOG_EVERY.toNanos())
        && lastLogAt.compareAndSet(last, now)) {
      long total = dropped.sum();
      long since = total - droppedAtLastLog.getAndSet(total);
      LOG.warnf(
          "dropped %d record(s) for Kafka since the last warning (%d in all), last to %s: %s",
          since, total, topic, why);
    }
  }

  /** Records not delivered: the backlog was full, or the producer gave up on them. */
  public long dropped() {
    return dropped.sum();
  }

  /** Waits until every record handed over so far has been sent and acknowledged (or failed). */
  public void flush() {
    try {
      sender.submit(() -> {}).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    } catch (java.util.concurrent.ExecutionException | RejectedExecutionException e) {
      // a closed or full sender: flush what the producer already holds
    }
    producer.flush();
  }

  @Override
  public void close() {
    sender.shutdown();
    try {
      if (!sender.awaitTermination(5, TimeUnit.SECONDS)) {
        sender.shutdownNow();
      }
    } catch (InterruptedException e) {
      sender.shutdownNow();
      Thread.currentThread().interrupt();
    }
    producer.close(Duration.ofSeconds(5));
  }
}
