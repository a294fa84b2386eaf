package io.streamtune.ingest.streams;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A compact binary serde for the ingest service's private data (its store values and repartition
 * topic), which is read and written once or more per record: a data stream, with a leading format
 * version byte so the layout can change.
 */
abstract class BinarySerde<T> implements Serde<T>, Serializer<T>, Deserializer<T> {

  private final byte version;

  BinarySerde(int version) {
    this.version = (byte) version;
  }

  abstract void write(DataOutputStream out, T value) throws IOException;

  abstract T read(DataInputStream in) throws IOException;

  /**
   * Reads a value whose first byte is not this serde's version: older data of the same topic or
   * store. The default refuses it.
   */
  T readOther(String topic, byte[] data) {
    throw new SerializationException(
        "unknown format " + data[0] + " on " + topic + " (expected " + version + ")");
  }

  @Override
  public final byte[] serialize(String topic, T value) {
    if (value == null) {
      return null;
    }
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
      DataOutputStream out = new DataOutputStream(bytes);
      out.writeByte(version);
      write(out, value);
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new SerializationException("cannot write a value for " + topic, e);
    }
  }

  @Override
  public final T deserialize(String topic, byte[] data) {
    if (data == null || data.length == 0) {
      return null;
    }
    if (data[0] != version) {
      return readOther(topic, data);
    }
    try {
      DataInputStream in = new DataInputStream(new ByteArrayInputStream(data, 1, data.length - 1));
      return read(in);
    } catch (IOException e) {
      throw new SerializationException("cannot read a value of " + topic, e);
    }
  }

  /** A nullable string of any length: -1, or the UTF-8 length and bytes. */
  static void writeString(DataOutputStream out, String s) throws IOException {
    if (s == null) {
      out.writeInt(-1);
      return;
    }
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }

  static String readString(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0) {
      return null;
    }
    byte[] b = new byte[n];
    in.readFully(b);
    return new String(b, StandardCharsets.UTF_8);
  }

  /** An int array of up to 65535 values (a MinHash signature): the length, then the values. */
  static void writeInts(DataOutputStream out, int[] values) throws IOException {
    out.writeShort(values.length);
    for (int v : values) {
      out.writeInt(v);
    }
  }

  static int[] readInts(DataInputStream in) throws IOException {
    int[] values = new int[in.readUnsignedShort()];
    for (int i = 0; i < values.length; i++) {
      values[i] = in.readInt();
    }
    return values;
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {}

  @Override
  public void close() {}

  @Override
  public Serializer<T> serializer() {
    return this;
  }

  @Override
  public Deserializer<T> deserializer() {
    return this;
  }
}
