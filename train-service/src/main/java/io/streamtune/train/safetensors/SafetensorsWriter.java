package io.streamtune.train.safetensors;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Writes a safetensors file: tensors in the order they were added, back to back, the JSON header
 * padded with spaces to a multiple of 8 bytes (as the reference implementation does, so the data
 * section is aligned). Values are float32 in memory and written as F32, F16 or BF16 (rounded to
 * nearest even). Each tensor's values are fetched from its supplier only when it is written, so an
 * export never holds more than one tensor's copy on the heap.
 */
public final class SafetensorsWriter {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int CHUNK = 1 << 16;

  private record Entry(String name, DType dtype, long[] shape, Supplier<float[]> values) {}

  private final Map<String, String> metadata = new LinkedHashMap<>();
  private final List<Entry> entries = new ArrayList<>();

  /** Adds a {@code __metadata__} entry (e.g. {@code format=pt}). */
  public SafetensorsWriter metadata(String key, String value) {
    metadata.put(key, value);
    return this;
  }

  /** Adds a tensor whose values are computed when the file is written. */
  public SafetensorsWriter add(String name, DType dtype, long[] shape, Supplier<float[]> values) {
    if (dtype != DType.F32 && dtype != DType.F16 && dtype != DType.BF16) {
      throw new IllegalArgumentException("can write F32, F16 or BF16, not " + dtype);
    }
    if (entries.stream().anyMatch(e -> e.name().equals(name))) {
      throw new IllegalArgumentException("tensor '" + name + "' added twice");
    }
    entries.add(new Entry(name, dtype, shape.clone(), values));
    return this;
  }

  /** Writes the file (replacing {@code path} if it exists). */
  public void write(Path path) throws IOException {
    byte[] header = header();
    try (OutputStream out = Files.newOutputStream(path)) {
      ByteBuffer length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
      length.putLong(header.length);
      out.write(length.array());
      out.write(header);
      ByteBuffer buffer = ByteBuffer.allocate(CHUNK * 4).order(ByteOrder.LITTLE_ENDIAN);
      for (Entry entry : entries) {
        float[] values = entry.values().get();
        long expected = elements(entry.shape());
        if (values.length != expected) {
          throw new IllegalStateException(
              "tensor '"
                  + entry.name()
                  + "' has "
                  + values.length
                  + " values for shape of "
                  + expected);
        }
        writeValues(out, buffer, entry.dtype(), values);
      }
    }
  }

  private byte[] header() {
    ObjectNode root = JSON.createObjectNode();
    if (!metadata.isEmpty()) {
      ObjectNode meta = root.putObject("__metadata__");
      metadata.forEach(meta::put);
    }
    long offset = 0;
    for (Entry entry : entries) {
      long bytes = Math.multiplyExact(elements(entry.shape()), entry.dtype().bytes());
      ObjectNode node = root.putObject(entry.name());
      node.put("dtype", entry.dtype().name());
      ArrayNode shape = node.putArray("shape");
      for (long d : entry.shape()) {
        shape.add(d);
      }
      node.putArray("data_offsets").add(offset).add(offset + bytes);
      offset += bytes;
    }
    byte[] json = root.toString().getBytes(StandardCharsets.UTF_8);
    int padded = (json.length + 7) / 8 * 8;
    byte[] header = new byte[padded];
    System.arraycopy(json, 0, header, 0, json.length);
    for (int i = json.length; i < padded; i++) {
      header[i] = ' ';
    }
    return header;
  }

  private static void writeValues(OutputStream out, ByteBuffer buffer, DType dtype, float[] values)
      throws IOException {
    for (int from = 0; from < values.length; from += CHUNK) {
      int to = Math.min(values.length, from + CHUNK);
      buffer.clear();
      for (int i = from; i < to; i++) {
        switch (dtype) {
          case F32 -> buffer.putFloat(values[i]);
          case F16 -> buffer.putShort(DType.floatToHalf(values[i]));
          case BF16 -> buffer.putShort(DType.floatToBf16(values[i]));
          default -> throw new IllegalStateException("unreachable: " + dtype);
        }
      }
      out.write(buffer.array(), 0, buffer.position());
    }
  }

  private static long elements(long[] shape) {
    long n = 1;
    for (long d : shape) {
      n = Math.multiplyExact(n, d);
    }
    return n;
  }
}
