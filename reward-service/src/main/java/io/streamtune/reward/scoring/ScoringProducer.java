package io.streamtune.reward.scoring;

import io.quarkus.runtime.Startup;
import io.streamtune.reward.config.RewardConfig;
import io.streamtune.reward.metrics.RewardMetrics;
import io.streamtune.reward.scoring.model.RewardModel;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Optional;
import org.jboss.logging.Logger;

/** Makes the configured {@link RewardScoring} at start-up (bad config stops the service there). */
@ApplicationScoped
public class ScoringProducer {

  private static final Logger LOG = Logger.getLogger(ScoringProducer.class);

  private volatile Optional<RewardModel> model = Optional.empty();

  @Produces
  @Singleton
  @Startup
  RewardScoring scoring(RewardConfig config, RewardMetrics metrics) {
    ScorerFactory.Built built = ScorerFactory.build(config);
    model = built.rewardModel();
    metrics.registerScorers(
        built.scoring().scorers().stream().map(ws -> ws.scorer().name()).toList());
    built
        .scoring()
        .scorers()
        .forEach(ws -> LOG.infof("scorer %s, weight %s", ws.scorer().name(), ws.weight()));
    return built.scoring();
  }

  @PreDestroy
  void close() {
    model.ifPresent(RewardModel::close);
  }
}
