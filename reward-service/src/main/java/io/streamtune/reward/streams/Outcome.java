package io.streamtune.reward.streams;

import io.streamtune.common.payload.ModelReward;
import io.streamtune.common.payload.RejectedRecord;

/** What scoring one output produced: a reward, or a rejection. */
sealed interface Outcome {

  record Rewarded(ModelReward reward) implements Outcome {}

  record Rejected(RejectedRecord rejected) implements Outcome {}
}
