package io.streamtune.train.training;

/**
 * A sampled model output with the reward the reward service gave it. The prompt is the exact prompt
 * the completion was generated from (for label tasks: {@code labelPrompt(text)}).
 */
public record RewardedSample(String prompt, String completion, double reward) {}
