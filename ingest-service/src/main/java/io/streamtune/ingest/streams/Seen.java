package io.streamtune.ingest.streams;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * What the de-duplication store remembers of a kept input: the kept record's id, its target, when
 * it was seen (record time) and its MinHash signature (empty when near-duplicate search is off).
 * Stored in a compact binary form: it is read for every record.
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
      out.writeShort(s.signature.length);
      for (int v : s.signature) {
        out.writeInt(v);
      }
    }

    @Override
    Seen read(DataInputStream in) throws IOException {
      String id = readString(in);
      String completion = readString(in);
      return new Seen(id, completion, in.readLong(), readSignature(in));
    }

    /** The first layout, without a version byte: writeUTF id, then as now. */
    @Override
    Seen readOther(String topic, byte[] data) {
      try {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(data));
        String id = in.readUTF();
        String completion = readString(in);
        return new Seen(id, completion, in.readLong(), readSignature(in));
      } catch (IOException e) {
        throw new UncheckedIOException("unreadable seen entry on " + topic, e);
      }
    }

    private static int[] readSignature(DataInputStream in) throws IOException {
      int[] sig = new int[in.readUnsignedShort()];
      for (int i = 0; i < sig.length; i++) {
        sig[i] = in.readInt();
      }
      return sig;
    }
  }
}
