package io.streamtune.ingest.streams;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * What the de-duplication store remembers of a kept input: the kept record's id, its target, when
 * it arrived (wall clock at the dedup step, not the producer's timestamp) and its MinHash signature
 * (empty when near-duplicate search is off). Stored in a compact binary form: it is read for every
 * record.
 */
public record Seen(String id, String completion, long seenAt, int[] signature) {

  /** Binary serde: id, completion, seenAt, signature length and values. */
  public static final class SeenSerde extends BinarySerde<Seen> {

    public SeenSerde() {
      super(2);
    }

    @Override
    void write(DataOutputStream out, Seen s) throws IOException {
      writeString(out, s.id);
      writeString(out, s.completion);
      out.writeLong(s.seenAt);
      writeInts(out, s.signature);
    }

    @Override
    Seen read(DataInputStream in) throws IOException {
      String id = readString(in);
      String completion = readString(in);
      return new Seen(id, completion, in.readLong(), readInts(in));
    }

    /** The first layout, without a version byte: writeUTF id, then as now. */
    @Override
    Seen readOther(String topic, byte[] data) {
      try {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(data));
        String id = in.readUTF();
        String completion = readString(in);
        return new Seen(id, completion, in.readLong(), readInts(in));
      } catch (IOException e) {
        throw new UncheckedIOException("unreadable seen entry on " + topic, e);
      }
    }
  }
}
