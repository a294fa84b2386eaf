package io.streamtune.train.data;

import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A topic read on a thread of its own with a consumer of its own (assigned, never committing): the
 * lifecycle the trainer's readers share (records.clean, records.eval, model.rewards). {@link
 * #close} wakes the consumer from its poll and waits up to 10 s for the thread to end; a body that
 * fails for any other reason is handed to {@code onFailure}.
 */
public final class TopicReader implements AutoCloseable {

  /** What the thread does with its consumer until {@code stopped} turns true. */
  @FunctionalInterface
  public interface Body {
    void read(KafkaConsumer<String, byte[]> consumer, BooleanSupplier stopped)
        throws InterruptedException;
  }

  private final String threadName;
  private final Map<String, Object> consumerConfig;
  private final Body body;
  private final Consumer<Throwable> onFailure;
  private volatile boolean stop;
  private volatile KafkaConsumer<String, byte[]> consumer;
  private Thread thread;

  public TopicReader(
      String threadName,
      Map<String, Object> consumerConfig,
      Body body,
      Consumer<Throwable> onFailure) {
    this.threadName = threadName;
    this.consumerConfig = consumerConfig;
    this.body = body;
    this.onFailure = onFailure;
  }

  public void start() {
    thread = new Thread(this::run, threadName);
    thread.setDaemon(true);
    thread.start();
  }

  /** True while the thread runs (it ends on close or on a failure). */
  public boolean running() {
    return thread != null && thread.isAlive();
  }

  private void run() {
    try (KafkaConsumer<String, byte[]> c =
        new KafkaConsumer<>(
            consumerConfig, new StringDeserializer(), new ByteArrayDeserializer())) {
      consumer = c;
      body.read(c, () -> stop);
    } catch (WakeupException e) {
      // close() woke us up: a normal stop
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      if (!stop) {
        onFailure.accept(e);
      }
    } catch (Throwable t) {
      onFailure.accept(t);
    }
  }

  @Override
  public void close() {
    stop = true;
    KafkaConsumer<String, byte[]> c = consumer;
    if (c != null) {
      c.wakeup();
    }
    if (thread != null) {
      try {
        thread.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
