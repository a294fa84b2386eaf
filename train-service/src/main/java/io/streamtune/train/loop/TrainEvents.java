package io.streamtune.train.loop;

import io.streamtune.common.Topics;
import io.streamtune.common.payload.TrainEvent;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Map;

/**
 * Publishes the service's {@link TrainEvent}s on train.events, keyed by the model name, through the
 * producer {@link TrainingService} owns (it never blocks: a full backlog drops and counts). The
 * training loop's own events (checkpoint, rollback, ...) go through the same producer.
 */
@ApplicationScoped
public class TrainEvents {

  private final TrainingService service;

  public TrainEvents(TrainingService service) {
    this.service = service;
  }

  /** {@code type} at {@code step}, stamped now. */
  public void publish(String type, long step, Map<String, Object> details) {
    publish(type, step, Instant.now(), details);
  }

  /** {@code type} at {@code step}, stamped {@code at} (one time for events of one change). */
  public void publish(String type, long step, Instant at, Map<String, Object> details) {
    String model = service.modelName();
    service
        .publisher()
        .send(Topics.TRAIN_EVENTS, model, new TrainEvent(type, model, step, at, details));
  }
}
