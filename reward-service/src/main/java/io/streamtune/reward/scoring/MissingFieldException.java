package io.streamtune.reward.scoring;

/** A scorer needs a field the output does not have: the output is malformed, not the scorer. */
public final class MissingFieldException extends RuntimeException {

  private final String field;

  public MissingFieldException(String field) {
    super("field " + field + " is missing");
    this.field = field;
  }

  public String field() {
    return field;
  }
}
