package io.streamtune.train.observe;

import io.streamtune.train.training.EvalStats;
import java.time.Instant;

/** Fired synchronously on the training thread after every evaluation. */
public record EvalObserved(long step, EvalStats stats, Instant at) {}
