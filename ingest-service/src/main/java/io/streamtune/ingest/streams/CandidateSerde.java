package io.streamtune.ingest.streams;

import io.streamtune.common.JsonSerde;
import io.streamtune.common.payload.SourceRef;
import io.streamtune.common.payload.TaskKind;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The repartition topic's format: a {@link Candidate} in binary, every field in declaration order.
 * Values that start with '{' are the JSON of earlier versions, still read so an upgrade with
 * records in flight loses none.
 */
final class CandidateSerde extends BinarySerde<Candidate> {

  private static final JsonSerde<Candidate> JSON = JsonSerde.of(Candidate.class);

  CandidateSerde() {
    super(1);
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
  }

  @Override
  Candidate read(DataInputStream in) throws IOException {
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
        inputKey, id, kind, prompt, completion, source, arrivedAt, rules, readString(in));
  }

  @Override
  Candidate readOther(String topic, byte[] data) {
    return data[0] == '{' ? JSON.deserialize(topic, data) : super.readOther(topic, data);
  }
}
