package io.streamtune.reward.scoring;

/** Why an output got no reward: the stable reason codes on {@code records.rejected}. */
public enum RejectReason {
  /** The value is not a ModelOutput, or lacks a field (outputId, completion, ...). */
  MALFORMED_OUTPUT("malformed_output"),
  /** The completion is longer than reward.max-completion-chars. */
  OUTPUT_TOO_LARGE("output_too_large"),
  /** A scorer threw, or returned a value outside [0, 1]. */
  SCORER_FAILED("scorer_failed");

  private final String code;

  RejectReason(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }
}
