package io.streamtune.ingest.streams;

import io.streamtune.common.JsonSerde;
import io.streamtune.common.payload.SourceRef;
import io.streamtune.common.payload.TaskKind;
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
  void write(Out out, Candidate c) {
    out.writeString(c.inputKey());
    out.writeString(c.id());
    out.writeByte(c.kind().ordinal());
    out.writeString(c.prompt());
    out.writeString(c.completion());
    out.writeString(c.source().topic());
    out.writeInt(c.source().partition());
    out.writeLong(c.source().offset());
    out.writeLong(c.arrivedAt().getEpochSecond());
    out.writeInt(c.arrivedAt().getNano());
    out.writeShort(c.rules().size());
    for (String rule : c.rules()) {
      out.writeString(rule);
    }
    out.writeString(c.originalText());
    out.writeInts(c.signature());
  }

  @Override
  Candidate read(In in) {
    return withSignature(readFields(in), in.readInts());
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
  private static Candidate readFields(In in) {
    String inputKey = in.readString();
    String id = in.readString();
    TaskKind kind = TaskKind.values()[in.readByte()];
    String prompt = in.readString();
    String completion = in.readString();
    SourceRef source = new SourceRef(in.readString(), in.readInt(), in.readLong());
    Instant arrivedAt = Instant.ofEpochSecond(in.readLong(), in.readInt());
    int n = in.readUnsignedShort();
    List<String> rules = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      rules.add(in.readString());
    }
    return new Candidate(
        inputKey, id, kind, prompt, completion, source, arrivedAt, rules, in.readString(), NONE);
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
      return readFields(new In(data, 1));
    } catch (IndexOutOfBoundsException e) {
      throw new SerializationException("cannot read a version 1 value of " + topic, e);
    }
  }
}
