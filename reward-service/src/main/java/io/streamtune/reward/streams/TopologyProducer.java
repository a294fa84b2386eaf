package io.streamtune.reward.streams;

import io.streamtune.reward.config.RewardConfig;
import io.streamtune.reward.metrics.RewardMetrics;
import io.streamtune.reward.scoring.RewardScoring;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.time.Clock;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;

/** Hands Quarkus the one topology, built by {@link RewardTopology#build}. */
@ApplicationScoped
public class TopologyProducer {

  @Produces
  Topology topology(RewardScoring scoring, RewardMetrics metrics, RewardConfig config) {
    return RewardTopology.build(
        new StreamsBuilder(), scoring, metrics, Clock.systemUTC(), config.maxCompletionChars());
  }
}
