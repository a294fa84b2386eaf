package io.streamtune.reward.scoring;

/** An output cannot be rewarded: carries the reason code and a sentence naming the culprit. */
public final class RejectException extends RuntimeException {

  private final RejectReason reason;
  private final String scorer;

  public RejectException(RejectReason reason, String detail, String scorer, Throwable cause) {
    super(detail, cause);
    this.reason = reason;
    this.scorer = scorer;
  }

  public RejectException(RejectReason reason, String detail) {
    this(reason, detail, null, null);
  }

  public RejectReason reason() {
    return reason;
  }

  /** The scorer that failed, or null when the output itself is at fault. */
  public String scorer() {
    return scorer;
  }
}
