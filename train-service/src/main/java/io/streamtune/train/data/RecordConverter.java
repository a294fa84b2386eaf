package io.streamtune.train.data;

import io.streamtune.common.payload.CleanRecord;
import io.streamtune.common.payload.TaskKind;
import io.streamtune.train.training.TrainExample;
import java.util.Optional;

/**
 * Turns a {@link CleanRecord} into what the trainer sees. Arbitrary input is expected: a record
 * without id, kind, prompt or completion is unusable and yields empty (counted by the caller).
 */
public final class RecordConverter {

  private RecordConverter() {}

  public static Optional<TrainExample> toExample(CleanRecord r) {
    if (r == null
        || r.id() == null
        || r.id().isBlank()
        || r.kind() == null
        || r.prompt() == null
        || r.prompt().isBlank()
        || r.completion() == null
        || r.completion().isBlank()) {
      return Optional.empty();
    }
    return Optional.of(new TrainExample(r.id(), r.kind(), r.prompt(), r.completion()));
  }

  /** The label a record teaches, when it is a label task. */
  public static Optional<String> label(CleanRecord r) {
    return r != null
            && r.kind() == TaskKind.LABEL
            && r.completion() != null
            && !r.completion().isBlank()
        ? Optional.of(r.completion())
        : Optional.empty();
  }
}
