package io.streamtune.ingest.streams;

import io.streamtune.common.payload.CleanRecord;
import io.streamtune.common.payload.SourceRef;
import io.streamtune.common.payload.TaskKind;
import java.time.Instant;
import java.util.List;

/**
 * A cleaned record on its way to de-duplication. {@code inputKey} is the hash of its input's
 * skeleton (the seen store's key); {@code signature} is the MinHash signature of that skeleton
 * (empty when near-duplicate search is off), computed once here. The record is repartitioned by its
 * cluster route ({@link io.streamtune.ingest.clean.MinHash#route}), or by {@code inputKey} without
 * a signature, so every variant of one input, and most near variants, meet on one partition.
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
    String originalText,
    int[] signature) {

  /** Compares the signature by content (a record compares arrays by reference). */
  @Override
  public boolean equals(Object o) {
    return o instanceof Candidate c
        && inputKey.equals(c.inputKey)
        && id.equals(c.id)
        && kind == c.kind
        && prompt.equals(c.prompt)
        && completion.equals(c.completion)
        && source.equals(c.source)
        && arrivedAt.equals(c.arrivedAt)
        && rules.equals(c.rules)
        && java.util.Objects.equals(originalText, c.originalText)
        && java.util.Arrays.equals(signature, c.signature);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(inputKey, id, source);
  }

  @Override
  public String toString() {
    return "Candidate[" + id + " from " + source + "]";
  }

  public CleanRecord toClean() {
    return new CleanRecord(id, kind, prompt, completion, source, arrivedAt, rules);
  }
}
