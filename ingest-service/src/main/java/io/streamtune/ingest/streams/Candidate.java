package io.streamtune.ingest.streams;

import io.streamtune.common.payload.CleanRecord;
import io.streamtune.common.payload.SourceRef;
import io.streamtune.common.payload.TaskKind;
import java.time.Instant;
import java.util.List;

/**
 * A cleaned record on its way to de-duplication, keyed (and repartitioned) by {@code inputKey}: the
 * hash of its input's skeleton, so every variant of one input meets on one partition.
 */
public record Candidate(
    String inputKey,
    String id,
    TaskKind kind,
    String prompt,
    String completion,
    SourceRef source,
    Instant arrivedAt,
    List<String> rules,
    String originalText) {

  public CleanRecord toClean() {
    return new CleanRecord(id, kind, prompt, completion, source, arrivedAt, rules);
  }
}
