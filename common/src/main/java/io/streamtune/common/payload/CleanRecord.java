package io.streamtune.common.payload;

import java.time.Instant;
import java.util.List;

/**
 * A canonical training record on {@code records.clean} (and {@code records.eval}).
 *
 * @param id content id: a hash of the normalized prompt, stable across instances and restarts
 * @param kind what the record teaches
 * @param prompt the normalized input text (for label tasks, the text to classify)
 * @param completion the normalized target (for label tasks, the canonical label)
 * @param source where the raw original was read
 * @param arrivedAt when the raw original reached {@code records.raw} (its record timestamp)
 * @param rules the cleaning rules that changed this record, in the order they ran
 */
public record CleanRecord(
    String id,
    TaskKind kind,
    String prompt,
    String completion,
    SourceRef source,
    Instant arrivedAt,
    List<String> rules) {

  public CleanRecord {
    rules = rules == null ? List.of() : List.copyOf(rules);
  }
}
