package io.streamtune.common.payload;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Something the trainer did or found, on {@code train.events}, keyed by model name.
 *
 * @param type e.g. {@code checkpoint}, {@code hyperparameters_changed}, {@code finding}
 * @param model the model's name
 * @param step the training step at the time
 * @param time when it happened
 * @param details the event's own fields
 */
public record TrainEvent(
    String type, String model, long step, Instant time, Map<String, Object> details) {

  public TrainEvent {
    details =
        details == null
            ? Map.of()
            : Collections.unmodifiableMap(
                new LinkedHashMap<>(details)); // keeps order, allows nulls
  }
}
