package io.streamtune.reward.scoring;

import io.streamtune.common.payload.ModelOutput;
import io.streamtune.common.payload.TaskKind;
import java.time.Instant;

/** Test outputs. */
public final class Outputs {

  private Outputs() {}

  public static ModelOutput completion(String completion) {
    return output("why?", completion, "sports");
  }

  public static ModelOutput output(String prompt, String completion, String reference) {
    return new ModelOutput(
        "out-1",
        7,
        "rec-1",
        TaskKind.LABEL,
        prompt,
        completion,
        reference,
        Instant.EPOCH,
        null,
        null);
  }
}
