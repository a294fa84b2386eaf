package io.streamtune.ingest.streams;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * What the de-duplication store remembers of a kept input: the kept record's id, its target, when
 * it was seen (record time) and its MinHash signature (empty when near-duplicate search is off).
 * Stored in a compact binary form: it is read for every record.
 */
public record Seen(String id, String completion, long seenAt, int[] signature) {

  /** Binary serde: id, completion, seenAt, signature length and values. */
  public static final class SeenSerde implements Serde<Seen>, Serializer<Seen>, Deserializer<Seen> {

    @Override
    public byte[] serialize(String topic, Seen s) {
      if (s == null) {
        return null;
      }
      try {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + 4 * s.signature.length);
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeUTF(s.id);
        writeLong(out, s.completion);
        out.writeLong(s.seenAt);
        out.writeShort(s.signature.length);
        for (int v : s.signature) {
          out.writeInt(v);
        }
        return bytes.toByteArray();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public Seen deserialize(String topic, byte[] data) {
      if (data == null) {
        return null;
      }
      try {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(data));
        String id = in.readUTF();
        String completion = readLong(in);
        long seenAt = in.readLong();
        int[] sig = new int[in.readUnsignedShort()];
        for (int i = 0; i < sig.length; i++) {
          sig[i] = in.readInt();
        }
        return new Seen(id, completion, seenAt, sig);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** Strings over writeUTF's 64 KiB limit: length-prefixed UTF-8. */
    private static void writeLong(DataOutputStream out, String s) throws IOException {
      byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
      out.writeInt(b.length);
      out.write(b);
    }

    private static String readLong(DataInputStream in) throws IOException {
      byte[] b = new byte[in.readInt()];
      in.readFully(b);
      return new String(b, java.nio.charset.StandardCharsets.UTF_8);
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {}

    @Override
    public void close() {}

    @Override
    public Serializer<Seen> serializer() {
      return this;
    }

    @Override
    public Deserializer<Seen> deserializer() {
      return this;
    }
  }
}
