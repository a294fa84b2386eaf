package io.streamtune.ingest.streams;

import io.streamtune.common.SelfSerde;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.common.errors.SerializationException;

/**
 * A compact binary serde for the ingest service's private data (its store values and repartition
 * topic), which is read and written once or more per record: a leading format version byte so the
 * layout can change, then big-endian fields in {@link java.io.DataOutputStream}'s layout.
 *
 * <p>Written and read through a plain byte array ({@link Out}, {@link In}), not a data stream over
 * a {@code ByteArrayOutputStream}: that one takes a lock per byte, and a MinHash signature is 456
 * bytes; in a JFR profile of the benchmark the stream classes cost a tenth of the full topology's
 * stream thread. The bytes are the same.
 */
abstract class BinarySerde<T> implements SelfSerde<T> {

  private final byte version;

  BinarySerde(int version) {
    this.version = (byte) version;
  }

  abstract void write(Out out, T value);

  abstract T read(In in);

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
    Out out = new Out(256);
    out.writeByte(version);
    write(out, value);
    return out.toByteArray();
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
      return read(new In(data, 1));
    } catch (IndexOutOfBoundsException | NegativeArraySizeException e) {
      throw new SerializationException("cannot read a value of " + topic + ": truncated", e);
    }
  }

  private static final VarHandle SHORT =
      MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle INT =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  /** A growable big-endian byte writer, unsynchronized. */
  static final class Out {
    private byte[] buf;
    private int size;

    Out(int capacity) {
      buf = new byte[capacity];
    }

    private void ensure(int more) {
      if (size + more > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
      }
    }

    void writeByte(int v) {
      ensure(1);
      buf[size++] = (byte) v;
    }

    void writeShort(int v) {
      ensure(2);
      SHORT.set(buf, size, (short) v);
      size += 2;
    }

    void writeInt(int v) {
      ensure(4);
      INT.set(buf, size, v);
      size += 4;
    }

    void writeLong(long v) {
      ensure(8);
      LONG.set(buf, size, v);
      size += 8;
    }

    void write(byte[] b) {
      ensure(b.length);
      System.arraycopy(b, 0, buf, size, b.length);
      size += b.length;
    }

    /** A nullable string of any length: -1, or the UTF-8 length and bytes. */
    void writeString(String s) {
      if (s == null) {
        writeInt(-1);
        return;
      }
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      writeInt(b.length);
      write(b);
    }

    /** An int array of up to 65535 values (a MinHash signature): the length, then the values. */
    void writeInts(int[] values) {
      writeShort(values.length);
      ensure(4 * values.length);
      for (int v : values) {
        INT.set(buf, size, v);
        size += 4;
      }
    }

    byte[] toByteArray() {
      return Arrays.copyOf(buf, size);
    }
  }

  /** A big-endian reader over a byte array; reading past the end throws. */
  static final class In {
    private final byte[] buf;
    private int pos;

    In(byte[] buf, int offset) {
      this.buf = buf;
      this.pos = offset;
    }

    private int take(int n) {
      int at = pos;
      if (n < 0 || at + n > buf.length) {
        throw new IndexOutOfBoundsException("needs " + n + " bytes at " + at + " of " + buf.length);
      }
      pos = at + n;
      return at;
    }

    byte readByte() {
      return buf[take(1)];
    }

    int readUnsignedShort() {
      return Short.toUnsignedInt((short) SHORT.get(buf, take(2)));
    }

    int readInt() {
      return (int) INT.get(buf, take(4));
    }

    long readLong() {
      return (long) LONG.get(buf, take(8));
    }

    String readString() {
      int n = readInt();
      if (n < 0) {
        return null;
      }
      return new String(buf, take(n), n, StandardCharsets.UTF_8);
    }

    int[] readInts() {
      int[] values = new int[readUnsignedShort()];
      int at = take(4 * values.length);
      for (int i = 0; i < values.length; i++) {
        values[i] = (int) INT.get(buf, at + 4 * i);
      }
      return values;
    }
  }
}
