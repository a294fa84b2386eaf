package io.streamtune.reward.streams;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Identifier;
import io.streamtune.common.KafkaSecurity;
import io.streamtune.common.StreamThreadRecovery;
import io.streamtune.reward.config.RewardConfig;
import io.streamtune.reward.metrics.RewardMetrics;
import io.streamtune.reward.scoring.RewardScoring;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Map;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;

/** Hands Quarkus the one topology, built by {@link RewardTopology#build}. */
@ApplicationScoped
public class TopologyProducer {

  /** Kafka Streams asks for it at start-up: rejected Kafka credentials fail here, naming them. */
  @Produces
  Topology topology(
      RewardScoring scoring,
      RewardMetrics metrics,
      RewardConfig config,
      @Identifier("default-kafka-broker") Map<String, Object> kafka) {
    KafkaSecurity.checkCredentials(kafka, KafkaSecurity.CHECK_TIMEOUT);
    return RewardTopology.build(
        new StreamsBuilder(), scoring, metrics, Clock.systemUTC(), config.maxCompletionChars());
  }

  /**
   * A stream thread that dies is replaced, not the client shut down ({@link StreamThreadRecovery}).
   */
  @Produces
  @Singleton
  StreamsUncaughtExceptionHandler threadRecovery(MeterRegistry registry) {
    return StreamThreadRecovery.registeredIn(registry, "streamtune.reward.stream.threads.replaced");
  }
}
