package io.streamtune.common.payload;

/** What a training record teaches, which decides how the trainer predicts and scores it. */
public enum TaskKind {
  /** text → one label from an allowed set; prediction ranks the labels by likelihood. */
  LABEL,
  /** prompt → free completion (also the last assistant turn of a chat); prediction samples. */
  GENERATION
}
