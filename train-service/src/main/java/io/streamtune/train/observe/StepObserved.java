package io.streamtune.train.observe;

import io.streamtune.train.training.StepStats;
import java.time.Instant;
import java.util.List;

/** Fired synchronously on the training thread after every optimizer step (CDI Event). */
public record StepObserved(StepStats stats, int batchSize, List<Double> rewardsUsed, Instant at) {}
