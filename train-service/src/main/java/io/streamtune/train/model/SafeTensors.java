package io.streamtune.train.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The safetensors file format (8-byte little-endian header length, JSON header, raw little-endian
 * tensor bytes), the format Hugging Face checkpoints use. Writes float32; reads F32, F16 and BF16
 * into float32. Values are copied bit for bit.
 */
public final class SafeTensors {

  private static final ObjectMapper JSON = new ObjectMapper();

  private SafeTensors() {}

  /** A float32 tensor in host memory. */
  public record Tensor(long[] shape, float[] values) {}

  /** Writes {@code tensors} (in map order) to {@code file}. */
  public static void write(Path file, Map<String, Tensor> tensors) throws IOException {
    ObjectNode header = JSON.createObjectNode();
    header.putObject("__metadata__").put("format", "pt");
    long offset = 0;
    for (Map.Entry<String, Tensor> entry : tensors.entrySet()) {
      ObjectNode node = header.putObject(entry.getKey());
      node.put("dtype", "F32");
      var shape = node.putArray("shape");
      for (long dim : entry.getValue().shape()) {
        shape.add(dim);
      }
      long bytes = 4L * entry.getValue().values().length;
      node.putArray("data_offsets").add(offset).add(offset + bytes);
      offset += bytes;
    }
    byte[] headerBytes = JSON.writeValueAsBytes(header);
    int padded = (headerBytes.length + 7) / 8 * 8;
    byte[] headerPadded = new byte[padded];
    java.util.Arrays.fill(headerPadded, (byte) ' ');
    System.arraycopy(headerBytes, 0, headerPadded, 0, headerBytes.length);
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
      out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded).array());
      out.write(headerPadded);
      ByteBuffer buffer = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
      for (Tensor tensor : tensors.values()) {
        for (float value : tensor.values()) {
          if (!buffer.hasRemaining()) {
            out.write(buffer.array(), 0, buffer.position());
            buffer.clear();
          }
          buffer.putFloat(value);
        }
      }
      out.write(buffer.array(), 0, buffer.position());
    }
  }

  /** Reads every tensor of {@code file}, converted to float32, in header order. */
  public static Map<String, Tensor> read(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
      readFully(channel, lengthBytes, 0);
      long headerLength = lengthBytes.flip().getLong();
      if (headerLength <= 0 || headerLength > 100_000_000L || 8 + headerLength > channel.size()) {
        throw new IOException(
            file + " is not a safetensors file (header length " + headerLength + ")");
      }
      ByteBuffer headerBytes = ByteBuffer.allocate((int) headerLength);
      readFully(channel, headerBytes, 8);
      JsonNode header = JSON.readTree(new String(headerBytes.array(), StandardCharsets.UTF_8));
      long dataStart = 8 + headerLength;
      Map<String, Tensor> tensors = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> entry = it.next();
        if (entry.getKey().equals("__metadata__")) {
          continue;
        }
        tensors.put(
            entry.getKey(), readTensor(file, channel, dataStart, entry.getKey(), entry.getValue()));
      }
      return tensors;
    }
  }

  private static Tensor readTensor(
      Path file, FileChannel channel, long dataStart, String name, JsonNode node)
      throws IOException {
    String dtype = node.path("dtype").asText();
    JsonNode shapeNode = node.path("shape");
    long[] shape = new long[shapeNode.size()];
    long count = 1;
    for (int i = 0; i < shape.length; i++) {
      shape[i] = shapeNode.get(i).asLong();
      count *= shape[i];
    }
    long begin = node.path("data_offsets").path(0).asLong();
    long end = node.path("data_offsets").path(1).asLong();
    int width =
        switch (dtype) {
          case "F32" -> 4;
          case "F16", "BF16" -> 2;
          default ->
              throw new IOException(
                  file
                      + ": tensor "
                      + name
                      + " has dtype "
                      + dtype
                      + "; supported: F32, F16, BF16");
        };
    if (end - begin != count * width || count > Integer.MAX_VALUE) {
      throw new IOException(file + ": tensor " + name + " has inconsistent offsets for its shape");
    }
    ByteBuffer bytes = ByteBuffer.allocate((int) (end - begin)).order(ByteOrder.LITTLE_ENDIAN);
    readFully(channel, bytes, dataStart + begin);
    bytes.flip();
    float[] values = new float[(int) count];
    for (int i = 0; i < values.length; i++) {
      values[i] =
          switch (dtype) {
            case "F32" -> bytes.getFloat();
            case "BF16" -> Float.intBitsToFloat((bytes.getShort() & 0xffff) << 16);
            default -> halfToFloat(bytes.getShort());
          };
    }
    return new Tensor(shape, values);
  }

  private static void readFully(FileChannel channel, ByteBuffer buffer, long position)
      throws IOException {
    while (buffer.hasRemaining()) {
      int read = channel.read(buffer, position + buffer.position());
      if (read < 0) {
        throw new IOException("unexpected end of file");
      }
    }
  }

  /** IEEE 754 binary16 → float32 (exact: every half value is a float value). */
  static float halfToFloat(short half) {
    int bits = half & 0xffff;
    int sign = (bits & 0x8000) << 16;
    int exponent = (bits >>> 10) & 0x1f;
    int mantissa = bits & 0x3ff;
    if (exponent == 0x1f) {
      return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
    }
    if (exponent == 0) {
      float value = mantissa * 0x1p-24f;
      return sign == 0 ? value : -value;
    }
    return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
  }
}
