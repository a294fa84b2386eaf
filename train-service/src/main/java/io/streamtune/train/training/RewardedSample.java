package io.streamtune.train.training;

import io.streamtune.common.payload.TaskKind;

/**
 * A sampled model output with the reward the reward service gave it: the record's kind and input
 * (the text to classify for label tasks, the prompt for generations), encoded exactly as training
 * encodes it, and the completion the model produced.
 */
public record RewardedSample(TaskKind kind, String input, String completion, double reward) {}
