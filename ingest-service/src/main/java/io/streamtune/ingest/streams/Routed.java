package io.streamtune.ingest.streams;

import io.streamtune.common.payload.CleanRecord;
import io.streamtune.common.payload.RejectedRecord;

/** A record with the place it goes next: exactly one of the payloads is set. */
public record Routed(
    Target target, Candidate candidate, CleanRecord clean, RejectedRecord rejected) {

  /** Where a record goes. */
  public enum Target {
    DEDUP,
    CLEAN,
    EVAL,
    REJECTED
  }

  static Routed dedup(Candidate c) {
    return new Routed(Target.DEDUP, c, null, null);
  }

  static Routed admitted(boolean eval, CleanRecord r) {
    return new Routed(eval ? Target.EVAL : Target.CLEAN, null, r, null);
  }

  static Routed rejected(RejectedRecord r) {
    return new Routed(Target.REJECTED, null, null, r);
  }
}
