package io.streamtune.train.health;

import io.streamtune.train.loop.TrainStatusView;
import io.streamtune.train.loop.TrainingService;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/**
 * Liveness: the training thread is alive (a dead one never comes back: restart the process).
 * Readiness: the trainer is built and running and records.clean is being read (Kafka reachability
 * itself is the Kafka extension's own readiness check). The reward loop never makes the service
 * DOWN: its state (ok / idle / degraded: no rewards for N s) is the {@code rewards} detail.
 */
public final class TrainHealth {

  private TrainHealth() {}

  @Liveness
  @ApplicationScoped
  public static class Alive implements HealthCheck {
    private final TrainingService service;

    public Alive(TrainingService service) {
      this.service = service;
    }

    @Override
    public HealthCheckResponse call() {
      return HealthCheckResponse.named("training-thread")
          .status(service.threadAlive())
          .withData("state", service.state())
          .build();
    }
  }

  @Readiness
  @ApplicationScoped
  public static class Ready implements HealthCheck {
    private final TrainingService service;
    private final TrainStatusView status;

    public Ready(TrainingService service, TrainStatusView status) {
      this.service = service;
      this.status = status;
    }

    @Override
    public HealthCheckResponse call() {
      return HealthCheckResponse.named("trainer")
          .status(service.trainerRunning() && service.prefetcherAlive())
          .withData("state", service.state())
          .withData("rewards", status.rewardHealth())
          .build();
    }
  }
}
