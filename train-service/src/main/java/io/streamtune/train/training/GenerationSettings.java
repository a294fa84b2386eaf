package io.streamtune.train.training;

/**
 * Sampling for generation.
 *
 * @param maxNewTokens stop after this many tokens (or at end-of-text)
 * @param temperature ≤ 0 means greedy
 * @param topK sample among the k most likely tokens; ≤ 0 means all
 */
public record GenerationSettings(int maxNewTokens, double temperature, int topK) {}
