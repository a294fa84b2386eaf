package io.streamtune.ingest.streams;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.smallrye.common.annotation.Identifier;
import io.streamtune.common.KafkaSecurity;
import io.streamtune.common.StreamThreadRecovery;
import io.streamtune.ingest.config.IngestConfig;
import io.streamtune.ingest.config.IngestSettings;
import io.streamtune.ingest.metrics.IngestMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Map;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;

/**
 * Hands Quarkus the ingest topology (Kafka Streams runs it) and the checked settings. Invalid
 * config fails start-up here, naming the property.
 *
 * <p>Reads {@code records.raw}; writes {@code records.clean}, {@code records.eval}, {@code
 * records.rejected}.
 */
@ApplicationScoped
public class TopologyProducer {

  @Produces
  @Singleton
  @Startup
  IngestSettings settings(IngestConfig config) {
    return IngestSettings.from(config);
  }

  /** Kafka Streams asks for it at start-up: rejected Kafka credentials fail here, naming them. */
  @Produces
  @Singleton
  Topology topology(
      IngestSettings settings,
      IngestMetrics metrics,
      @Identifier("default-kafka-broker") Map<String, Object> kafka) {
    KafkaSecurity.checkCredentials(kafka, KafkaSecurity.CHECK_TIMEOUT);
    return IngestTopology.build(settings, metrics);
  }

  /**
   * A stream thread that dies is replaced, not the client shut down ({@link StreamThreadRecovery}).
   */
  @Produces
  @Singleton
  StreamsUncaughtExceptionHandler threadRecovery(MeterRegistry registry) {
    return StreamThreadRecovery.registeredIn(registry, "streamtune.ingest.stream.threads.replaced");
  }
}
