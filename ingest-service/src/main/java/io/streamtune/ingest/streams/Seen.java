package io.streamtune.ingest.streams;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
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
    void write(Out out, Seen s) {
      out.writeString(s.id);
      out.writeString(s.completion);
      out.writeLong(s.seenAt);
      out.writeInts(s.signature);
    }

    @Override
    Seen read(In in) {
      String id = in.readString();
      String completion = in.readString();
      return new Seen(id, completion, in.readLong(), in.readInts());
    }

    /** The first layout, without a version byte: writeUTF id, then as now. */
    @Override
    Seen readOther(String topic, byte[] data) {
      try {
        // writeUTF: an unsigned 16-bit length, then that many bytes of modified UTF-8
        int utf = 2 + (((data[0] & 0xFF) << 8) | (data[1] & 0xFF));
        String id = new DataInputStream(new ByteArrayInputStream(data, 0, utf)).readUTF();
        In in = new In(data, utf);
        String completion = in.readString();
        return new Seen(id, completion, in.readLong(), in.readInts());
      } catch (IOException e) {
        throw new UncheckedIOException("unreadable seen entry on " + topic, e);
      } catch (IndexOutOfBoundsException e) {
        throw new UncheckedIOException(
            "unreadable seen entry on " + topic, new java.io.EOFException(e.getMessage()));
      }
    }
  }
}
