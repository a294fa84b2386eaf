package io.streamtune.ingest.clean;

import io.streamtune.common.payload.TaskKind;
import java.util.List;

/**
 * What the cleaning rules made of one raw value: either a cleaned record (not yet checked for
 * duplicates) or a rejection with its reason code and a sentence naming the offending field.
 */
public record CleanResult(
    TaskKind kind,
    String prompt,
    String completion,
    List<String> rules,
    String reason,
    String detail) {

  public static CleanResult ok(
      TaskKind kind, String prompt, String completion, List<String> rules) {
    return new CleanResult(kind, prompt, completion, List.copyOf(rules), null, null);
  }

  public static CleanResult reject(String reason, String detail) {
    return new CleanResult(null, null, null, List.of(), reason, detail);
  }

  public boolean rejected() {
    return reason != null;
  }
}
