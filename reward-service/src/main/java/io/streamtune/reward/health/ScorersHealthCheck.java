package io.streamtune.reward.health;

import io.streamtune.reward.scoring.RewardScoring;
import io.streamtune.reward.scoring.WeightedScorer;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness: the scorers are configured (they were built at start-up) and which ones run with what
 * weight. Kafka connectivity is reported beside it by the Kafka Streams extension's checks.
 */
@Readiness
@ApplicationScoped
public class ScorersHealthCheck implements HealthCheck {

  private final RewardScoring scoring;

  public ScorersHealthCheck(RewardScoring scoring) {
    this.scoring = scoring;
  }

  @Override
  public HealthCheckResponse call() {
    HealthCheckResponseBuilder b = HealthCheckResponse.named("reward scorers").up();
    for (WeightedScorer ws : scoring.scorers()) {
      b.withData(ws.scorer().name(), "weight " + ws.weight());
    }
    return b.build();
  }
}
