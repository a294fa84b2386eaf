package io.streamtune.ingest.it;

import io.streamtune.common.StreamThreadRecovery;
import io.streamtune.ingest.config.IngestSettings;
import io.streamtune.ingest.streams.IngestTopology;
import io.streamtune.sample.MessyStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;

/**
 * One plain Kafka Streams instance (no Quarkus) running a topology, as the service configures it.
 */
final class StreamsRunner implements AutoCloseable {

  final KafkaStreams streams;
  final StreamThreadRecovery recovery = new StreamThreadRecovery();

  /**
   * A stream thread that dies is replaced as in the service ({@link StreamThreadRecovery}): its
   * tasks abort and replay from the last commit, and {@link #recovery} counts it.
   */
  StreamsRunner(Topology topology, String bootstrap, String appId, Path stateDir) {
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, appId);
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 500);
    p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
    p.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 10_000);
    p.put(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), 1_000);
    streams = new KafkaStreams(topology, p);
    streams.setUncaughtExceptionHandler(recovery);
    streams.start();
  }

  static StreamsRunner ingest(String bootstrap, String appId, Path stateDir) {
    return ingest(bootstrap, appId, stateDir, java.util.Map.of());
  }

  /** The demo's ingest settings with {@code overrides} ({@code ingest.*} names). */
  static StreamsRunner ingest(
      String bootstrap, String appId, Path stateDir, java.util.Map<String, String> overrides) {
    java.util.Map<String, String> config = new java.util.HashMap<>(MessyStream.demoIngestConfig());
    config.putAll(overrides);
    IngestSettings settings = IngestSettings.of(config);
    return new StreamsRunner(IngestTopology.build(settings), bootstrap, appId, stateDir);
  }

  @Override
  public void close() {
    streams.close(Duration.ofSeconds(30));
  }
}
