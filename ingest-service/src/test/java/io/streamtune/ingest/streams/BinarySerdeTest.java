package io.streamtune.ingest.streams;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.streamtune.common.JsonSerde;
import io.streamtune.common.payload.SourceRef;
import io.streamtune.common.payload.TaskKind;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/** The private binary formats: exact round trips, and the earlier layouts still read. */
class BinarySerdeTest {

  private final Candidate candidate =
      new Candidate(
          "0123456789abcdef0123456789abcdef",
          "fedcba9876543210fedcba9876543210",
          TaskKind.GENERATION,
          "a prompt with ünïcödé, 😀 and\nnewlines",
          "x".repeat(70_000), // past writeUTF's 64 KiB limit
          new SourceRef("records.raw", 2, 123_456_789_012L),
          Instant.parse("2026-03-04T05:06:07.123456789Z"),
          List.of("nfkc", "html"),
          null,
          new int[] {7, -1, 0, Integer.MAX_VALUE});

  @Test
  void candidateRoundTripsExactlyAndTheEarlierJsonStillReads() {
    CandidateSerde serde = new CandidateSerde();
    assertEquals(candidate, serde.deserialize("t", serde.serialize("t", candidate)));
    byte[] json = JsonSerde.of(Candidate.class).serialize("t", candidate);
    assertEquals(candidate, serde.deserialize("t", json));
    assertThrows(SerializationException.class, () -> serde.deserialize("t", new byte[] {9, 0}));
  }

  /**
   * The layout is DataOutputStream's, byte for byte: records in flight and stores written before
   * the serde stopped using data streams still read, and the new bytes read in older code.
   */
  @Test
  void theBytesAreTheDataStreamLayout() throws Exception {
    Candidate c =
        new Candidate(
            candidate.inputKey(),
            candidate.id(),
            candidate.kind(),
            candidate.prompt(),
            candidate.completion(),
            candidate.source(),
            candidate.arrivedAt(),
            candidate.rules(),
            "{\"text\":\"ünï\"}",
            candidate.signature());
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeByte(2);
    for (String s : List.of(c.inputKey(), c.id())) {
      writeString(out, s);
    }
    out.writeByte(c.kind().ordinal());
    for (String s : List.of(c.prompt(), c.completion(), c.source().topic())) {
      writeString(out, s);
    }
    out.writeInt(c.source().partition());
    out.writeLong(c.source().offset());
    out.writeLong(c.arrivedAt().getEpochSecond());
    out.writeInt(c.arrivedAt().getNano());
    out.writeShort(c.rules().size());
    for (String rule : c.rules()) {
      writeString(out, rule);
    }
    writeString(out, c.originalText());
    out.writeShort(c.signature().length);
    for (int v : c.signature()) {
      out.writeInt(v);
    }
    assertArrayEquals(bytes.toByteArray(), new CandidateSerde().serialize("t", c));

    Seen seen = new Seen(c.id(), null, -5L, new int[] {Integer.MIN_VALUE, 3});
    bytes.reset();
    out.writeByte(2);
    writeString(out, seen.id());
    out.writeInt(-1); // a null completion
    out.writeLong(-5L);
    out.writeShort(2);
    out.writeInt(Integer.MIN_VALUE);
    out.writeInt(3);
    assertArrayEquals(bytes.toByteArray(), new Seen.SeenSerde().serialize("t", seen));
  }

  private static void writeString(DataOutputStream out, String s) throws java.io.IOException {
    byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }

  @Test
  void aTruncatedValueIsASerializationError() {
    CandidateSerde serde = new CandidateSerde();
    byte[] now = serde.serialize("t", candidate);
    assertThrows(
        SerializationException.class,
        () -> serde.deserialize("t", java.util.Arrays.copyOf(now, now.length - 3)));
  }

  @Test
  void aVersionOneCandidateWithoutSignatureStillReads() {
    CandidateSerde serde = new CandidateSerde();
    byte[] now = serde.serialize("t", candidate);
    // version 1 = the same fields without the trailing signature (2 + 4 x 4 bytes here)
    byte[] v1 = java.util.Arrays.copyOf(now, now.length - 18);
    v1[0] = 1;
    Candidate back = serde.deserialize("t", v1);
    assertEquals(candidate.prompt(), back.prompt());
    assertEquals(candidate.completion(), back.completion());
    assertEquals(candidate.source(), back.source());
    assertEquals(0, back.signature().length, "the dedup step computes it");
  }

  @Test
  void seenRoundTripsAndTheFirstLayoutStillReads() throws Exception {
    Seen.SeenSerde serde = new Seen.SeenSerde();
    Seen seen = new Seen("fedcba9876543210fedcba9876543210", "sports", 42L, new int[] {1, -2, 3});
    Seen back = serde.deserialize("t", serde.serialize("t", seen));
    assertEquals(seen.id(), back.id());
    assertEquals(seen.completion(), back.completion());
    assertEquals(seen.seenAt(), back.seenAt());
    assertArrayEquals(seen.signature(), back.signature());

    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes); // the layout before the version byte
    out.writeUTF(seen.id());
    out.writeInt(6);
    out.write("sports".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    out.writeLong(42L);
    out.writeShort(3);
    for (int v : seen.signature()) {
      out.writeInt(v);
    }
    Seen legacy = serde.deserialize("t", bytes.toByteArray());
    assertEquals(seen.id(), legacy.id());
    assertEquals("sports", legacy.completion());
    assertArrayEquals(seen.signature(), legacy.signature());
  }
}
