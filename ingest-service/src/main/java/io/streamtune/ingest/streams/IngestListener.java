package io.streamtune.ingest.streams;

/**
 * Told the final outcome of every input record, once, by the topology: the seam between the pure
 * topology and the metrics.
 */
public interface IngestListener {

  /** Outcome values. */
  String CLEAN = "clean", EVAL = "eval", REJECTED = "rejected";

  /**
   * @param outcome clean, eval or rejected
   * @param reason the reason code when rejected, else "none"
   * @param label the canonical label of an admitted label record, else null
   * @param promptChars the admitted prompt's length, else -1
   * @param lagMs wall-clock time since the raw record's timestamp
   */
  void onOutcome(String outcome, String reason, String label, int promptChars, long lagMs);

  IngestListener NONE = (outcome, reason, label, promptChars, lagMs) -> {};
}
