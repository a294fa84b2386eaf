package io.streamtune.ingest.streams;

import io.streamtune.common.JsonSerde;
import io.streamtune.common.payload.SourceRef;
import io.streamtune.common.payload.TaskKind;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;

/**
 * The repartition topic's format: a {@link Candidate} in binary, every field in declaration order.
 * Version 1 (without the signature) and values that start with '{' (the JSON of earlier versions)
 * are still read, with an empty signature (the dedup step computes it), so an upgrade with records
 * in flight loses none.
 */
final class CandidateSerde extends BinarySerde<Candidate> {

  private static final JsonSerde<Candidate> JSON = JsonSerde.of(Candidate.class);

  CandidateSerde() {
    super(2);
  }

  @Override
  void write(DataOutputStream out, Candidate c) throws IOException {
    writeString(out, c.inputKey());
    writeString(out, c.id());
    out.writeByte(c.kind().ordinal());
    writeString(out, c.prompt());
    writeString(out, c.completion());
    writeString(out, c.source().topic());
    out.writeInt(c.source().partition());
    out.writeLong(c.source().offset());
    out.writeLong(c.arrivedAt().getEpochSecond());
    out.writeInt(c.arrivedAt().getNano());
    out.writeShort(c.rules().size());
    for (String rule : c.rules()) {
      writeString(out, rule);
    }
    writeString(out, c.originalText());
    writeInts(out, c.signature());
  }

  @Override
  Candidate read(DataInputStream in) throws IOException {
    return withSignature(readFields(in), readInts(in));
  }

  private static Candidate withSignature(Candidate c, int[] sig) {
    return new Candidate(
        c.inputKey(),
        c.id(),
        c.kind(),
        c.prompt(),
        c.completion(),
        c.source(),
        c.arrivedAt(),
        c.rules(),
        c.originalText(),
        sig);
  }

  /** Every field but the signature: the whole of version 1. */
  private static Candidate readFields(DataInputStream in) throws IOException {
    String inputKey = readString(in);
    String id = readString(in);
    TaskKind kind = TaskKind.values()[in.readByte()];
    String prompt = readString(in);
    String completion = readString(in);
    SourceRef source = new SourceRef(readString(in), in.readInt(), in.readLong());
    Instant arrivedAt = Instant.ofEpochSecond(in.readLong(), in.readInt());
    int n = in.readUnsignedShort();
    List<String> rules = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      rules.add(readString(in));
    }
    return new Candidate(
        inputKey, id, kind, prompt, completion, source, arrivedAt, rules, readString(in), NONE);
  }

  private static final int[] NONE = new int[0];

  @Override
  Candidate readOther(String topic, byte[] data) {
    if (data[0] == '{') {
      Candidate c = JSON.deserialize(topic, data);
      return c.signature() == null ? withSignature(c, NONE) : c;
    }
    if (data[0] != 1) {
      return super.readOther(topic, data);
    }
    try {
      return readFields(new DataInputStream(new ByteArrayInputStream(data, 1, data.length - 1)));
    } catch (IOException e) {
      throw new SerializationException("cannot read a version 1 value of " + topic, e);
    }
  }
}
