package io.streamtune.train.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamtune.common.payload.CleanRecord;
import io.streamtune.common.payload.TaskKind;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RecordConverterTest {

  static CleanRecord rec(String id, TaskKind kind, String prompt, String completion) {
    return new CleanRecord(id, kind, prompt, completion, null, Instant.now(), null);
  }

  @Test
  void aCompleteRecordBecomesAnExample() {
    var ex =
        RecordConverter.toExample(rec("1", TaskKind.LABEL, "rain today", "weather")).orElseThrow();
    assertEquals("rain today", ex.prompt());
    assertEquals("weather", ex.completion());
    assertEquals(
        Optional.of("weather"), RecordConverter.label(rec("1", TaskKind.LABEL, "x", "weather")));
    assertEquals(Optional.empty(), RecordConverter.label(rec("1", TaskKind.GENERATION, "x", "y")));
  }

  @Test
  void incompleteRecordsAreUnusable() {
    for (CleanRecord r :
        List.of(
            rec(null, TaskKind.LABEL, "a", "b"),
            rec("1", null, "a", "b"),
            rec("1", TaskKind.LABEL, " ", "b"),
            rec("1", TaskKind.LABEL, "a", null))) {
      assertTrue(RecordConverter.toExample(r).isEmpty(), r.toString());
    }
    assertTrue(RecordConverter.toExample(null).isEmpty());
  }

  @Test
  void labelsComeFromConfigOrTheStream() {
    LabelSet seen = new LabelSet(Optional.empty());
    seen.observe("b");
    seen.observe("a");
    seen.observe("b");
    assertEquals(List.of("b", "a"), seen.labels());
    LabelSet fixed = new LabelSet(Optional.of(List.of("x", "y")));
    fixed.observe("z");
    assertEquals(List.of("x", "y"), fixed.labels());
  }
}
