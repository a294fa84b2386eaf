package io.streamtune.ingest.kafka;

import io.smallrye.common.annotation.Identifier;
import io.streamtune.common.Topics;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Produces uploaded values to {@code records.raw} as raw bytes, so uploads take the same path (and
 * get a source offset) like every other record. Uses every {@code kafka.*} property, security
 * included.
 */
@ApplicationScoped
public class RawProducer {

  private final Map<String, Object> config;
  private volatile KafkaProducer<byte[], byte[]> producer;

  public RawProducer(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig) {
    Map<String, Object> c = new HashMap<>(kafkaConfig);
    c.put(ProducerConfig.ACKS_CONFIG, "all");
    c.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    c.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    c.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
    c.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "streamtune-ingest-upload");
    this.config = c;
  }

  /** Sends every value and waits until the broker has them all. */
  public void sendAll(List<byte[]> values)
      throws InterruptedException, ExecutionException, TimeoutException {
    KafkaProducer<byte[], byte[]> p = producer();
    List<Future<?>> sent = new ArrayList<>(values.size());
    for (byte[] v : values) {
      sent.add(p.send(new ProducerRecord<>(Topics.RECORDS_RAW.name(), null, v)));
    }
    p.flush();
    for (Future<?> f : sent) {
      f.get(30, TimeUnit.SECONDS);
    }
  }

  private KafkaProducer<byte[], byte[]> producer() {
    if (producer == null) {
      synchronized (this) {
        if (producer == null) {
          producer =
              new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
        }
      }
    }
    return producer;
  }

  @PreDestroy
  void close() {
    if (producer != null) {
      producer.close(java.time.Duration.ofSeconds(5));
    }
  }
}
