package io.streamtune.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.streamtune.common.payload.CleanRecord;
import io.streamtune.common.payload.SourceRef;
import io.streamtune.common.payload.TaskKind;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class JsonSerdeTest {

  private final JsonSerde<CleanRecord> serde = JsonSerde.of(CleanRecord.class);

  @Test
  void roundTripsAPayloadWithIsoTimes() {
    CleanRecord record =
        new CleanRecord(
            "abc",
            TaskKind.LABEL,
            "the match was great",
            "sports",
            new SourceRef("records.raw", 2, 41),
            Instant.parse("2026-11-26T10:15:30.123Z"),
            List.of("nfkc", "label_alias"));
    byte[] json = serde.serialize("records.clean", record);
    String text = new String(json, StandardCharsets.UTF_8);
    assertEquals(true, text.contains("\"arrivedAt\":\"2026-11-26T10:15:30.123Z\""), text);
    assertEquals(record, serde.deserialize("records.clean", json));
  }

  @Test
  void toleratesUnknownFieldsButNotGarbage() {
    CleanRecord r =
        serde.deserialize(
            "records.clean",
            "{\"id\":\"x\",\"kind\":\"GENERATION\",\"future\":1}".getBytes(StandardCharsets.UTF_8));
    assertEquals("x", r.id());
    assertEquals(List.of(), r.rules());
    assertThrows(
        SerializationException.class,
        () -> serde.deserialize("records.clean", "{not json".getBytes(StandardCharsets.UTF_8)));
  }
}
