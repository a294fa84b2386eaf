package io.streamtune.kafka;

import io.streamtune.common.Topics;
import io.streamtune.sample.MessyStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Streams newline-delimited records into {@code records.raw} as raw bytes: a line that is not JSON,
 * or not even UTF-8, is sent as it is so the ingest service can reject it with a reason.
 */
final class Feeder implements AutoCloseable {

  private final KafkaProducer<byte[], byte[]> producer;
  private final double recordsPerSecond;
  private final AtomicLong failed = new AtomicLong();
  private final AtomicReference<Exception> firstError = new AtomicReference<>();

  /**
   * How long a record may wait for the broker before the producer gives it up: 10 minutes, not the
   * client's 2. A broker killed and restarted on a loaded machine was measured to take longer than
   * 2 minutes to come back (BrokerKillIT under a concurrent benchmark), and a record given up then
   * is a record lost.
   */
  static final int DELIVERY_TIMEOUT_MS = 600_000;

  Feeder(Map<String, Object> clientConfig, double recordsPerSecond) {
    Map<String, Object> config = new HashMap<>(clientConfig);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    config.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, DELIVERY_TIMEOUT_MS);
    // send() itself waits for the topic's metadata and for buffer space, up to max.block.ms (60 s
    // by default): a broker down longer than that failed the feed although the records would still
    // have been delivered. Wait as long as delivery may take.
    config.putIfAbsent(
        ProducerConfig.MAX_BLOCK_MS_CONFIG, config.get(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG));
    this.producer =
        new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    this.recordsPerSecond = recordsPerSecond;
  }

  /** Sends every line of {@code in} (without its line break); returns how many were sent. */
  long feed(InputStream in) throws IOException, InterruptedException {
    long sent = 0;
    long start = System.nanoTime();
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) != -1) {
      if (b == '\n') {
        send(null, stripCarriageReturn(line.toByteArray()));
        line.reset();
        sent++;
        pace(sent, start);
      } else {
        line.write(b);
      }
    }
    if (line.size() > 0) {
      send(null, stripCarriageReturn(line.toByteArray()));
      sent++;
    }
    producer.flush();
    checkDelivered(sent);
    return sent;
  }

  /**
   * Sends {@code count} lines of the seeded messy sample stream, each keyed by its group, so an
   * original and its duplicates and variants share a partition and arrive in the order made.
   */
  long feedSample(MessyStream sample, long count) throws InterruptedException {
    long start = System.nanoTime();
    for (long sent = 1; sent <= count; sent++) {
      MessyStream.Line line = sample.next();
      byte[] key = line.group() == null ? null : line.group().getBytes(StandardCharsets.UTF_8);
      send(key, line.value());
      pace(sent, start);
    }
    producer.flush();
    checkDelivered(count);
    return count;
  }

  /** After a flush: every record acknowledged, or a failure naming how many were not. */
  private void checkDelivered(long sent) {
    long lost = failed.get();
    if (lost > 0) {
      throw new IllegalStateException(
          lost
              + " of "
              + sent
              + " records were not delivered to "
              + Topics.RECORDS_RAW.name()
              + " (first error: "
              + firstError.get()
              + "); send them again",
          firstError.get());
    }
  }

  private void send(byte[] key, byte[] value) {
    producer.send(
        new ProducerRecord<>(Topics.RECORDS_RAW.name(), key, value),
        (metadata, error) -> {
          if (error != null) {
            failed.incrementAndGet();
            firstError.compareAndSet(null, error);
            System.err.println("send failed: " + error);
          }
        });
  }

  /** Sleeps as needed so that {@code sent} records take at least sent / rate seconds. */
  private void pace(long sent, long startNanos) throws InterruptedException {
    if (recordsPerSecond <= 0) {
      return;
    }
    long dueNanos = startNanos + (long) (sent * 1e9 / recordsPerSecond);
    long aheadMs = (dueNanos - System.nanoTime()) / 1_000_000;
    if (aheadMs > 0) {
      Thread.sleep(aheadMs);
    }
  }

  private static byte[] stripCarriageReturn(byte[] line) {
    if (line.length > 0 && line[line.length - 1] == '\r') {
      byte[] shorter = new byte[line.length - 1];
      System.arraycopy(line, 0, shorter, 0, shorter.length);
      return shorter;
    }
    return line;
  }

  @Override
  public void close() {
    producer.close();
  }
}
