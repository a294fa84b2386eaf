package io.streamtune.train.safetensors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A safetensors file opened for reading, following the format's specification: an 8-byte
 * little-endian header length N, N bytes of JSON mapping each tensor name to {@code dtype}, {@code
 * shape} and {@code data_offsets [begin, end)} (relative to the data section) plus an optional
 * {@code __metadata__} string map, then the raw little-endian data.
 *
 * <p>The whole header is validated when the file is opened, before any tensor is read: every size
 * matches its dtype and shape, no tensor reaches past the end of the file, tensors do not overlap
 * and leave no hole. A truncated or inconsistent file fails with a {@link SafetensorsException}
 * naming the file and the tensor. Tensor data is memory-mapped one tensor at a time, so a large
 * checkpoint is never read into the Java heap as a whole.
 */
public final class SafetensorsFile implements AutoCloseable {

  /** The specification's upper bound for the header, against absurd lengths in a corrupt file. */
  static final long MAX_HEADER_BYTES = 100L * 1024 * 1024;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path path;
  private final FileChannel channel;
  private final long dataStart;
  private final Map<String, TensorInfo> tensors;
  private final Map<String, String> metadata;

  private SafetensorsFile(
      Path path,
      FileChannel channel,
      long dataStart,
      Map<String, TensorInfo> tensors,
      Map<String, String> metadata) {
    this.path = path;
    this.channel = channel;
    this.dataStart = dataStart;
    this.tensors = tensors;
    this.metadata = metadata;
  }

  /** Opens and validates {@code path}. */
  public static SafetensorsFile open(Path path) {
    FileChannel channel;
    try {
      channel = FileChannel.open(path, StandardOpenOption.READ);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open safetensors file " + path, e);
    }
    try {
      return read(path, channel);
    } catch (RuntimeException | IOException e) {
      try {
        channel.close();
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      if (e instanceof IOException io) {
        throw new UncheckedIOException("cannot read safetensors file " + path, io);
      }
      throw (RuntimeException) e;
    }
  }

  private static SafetensorsFile read(Path path, FileChannel channel) throws IOException {
    long size = channel.size();
    if (size < 8) {
      throw fail(path, "file is " + size + " bytes, shorter than the 8-byte header length");
    }
    ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
    readFully(channel, lengthBytes, 0);
    long headerLength = lengthBytes.getLong(0);
    if (headerLength < 2 || headerLength > MAX_HEADER_BYTES) {
      throw fail(
          path, "header length " + headerLength + " is not in [2, " + MAX_HEADER_BYTES + "]");
    }
    if (8 + headerLength > size) {
      throw fail(
          path,
          "truncated: header says "
              + headerLength
              + " bytes of JSON but the file has only "
              + (size - 8)
              + " after the length");
    }
    ByteBuffer header = ByteBuffer.allocate((int) headerLength);
    readFully(channel, header, 8);
    JsonNode root;
    try {
      root = JSON.readTree(header.array());
    } catch (IOException e) {
      throw new SafetensorsException(path + ": header is not valid JSON: " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw fail(path, "header is not a JSON object");
    }
    long dataStart = 8 + headerLength;
    Map<String, String> metadata = new LinkedHashMap<>();
    Map<String, TensorInfo> tensors = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      if (field.getKey().equals("__metadata__")) {
        field
            .getValue()
            .fields()
            .forEachRemaining(m -> metadata.put(m.getKey(), m.getValue().asText()));
      } else {
        tensors.put(field.getKey(), entry(path, field.getKey(), field.getValue()));
      }
    }
    checkLayout(path, tensors, size - dataStart);
    return new SafetensorsFile(
        path,
        channel,
        dataStart,
        Collections.unmodifiableMap(tensors),
        Collections.unmodifiableMap(metadata));
  }

  private static TensorInfo entry(Path path, String name, JsonNode node) {
    JsonNode dtype = node.get("dtype");
    JsonNode shape = node.get("shape");
    JsonNode offsets = node.get("data_offsets");
    if (dtype == null || !dtype.isTextual() || shape == null || !shape.isArray()) {
      throw fail(path, "tensor '" + name + "' lacks a dtype string or a shape array");
    }
    if (offsets == null || !offsets.isArray() || offsets.size() != 2) {
      throw fail(path, "tensor '" + name + "' lacks data_offsets [begin, end]");
    }
    long[] dims = new long[shape.size()];
    for (int i = 0; i < dims.length; i++) {
      dims[i] = shape.get(i).canConvertToLong() ? shape.get(i).asLong(-1) : -1;
      if (!shape.get(i).isIntegralNumber() || dims[i] < 0) {
        throw fail(path, "tensor '" + name + "' has an invalid shape " + shape);
      }
    }
    long begin = offsets.get(0).asLong(-1);
    long end = offsets.get(1).asLong(-1);
    if (!offsets.get(0).isIntegralNumber()
        || !offsets.get(1).isIntegralNumber()
        || begin < 0
        || end < begin) {
      throw fail(path, "tensor '" + name + "' has invalid data_offsets " + offsets);
    }
    TensorInfo info = new TensorInfo(name, DType.parse(dtype.asText(), name), dims, begin, end);
    long expected;
    try {
      expected = Math.multiplyExact(info.elements(), info.dtype().bytes());
    } catch (ArithmeticException e) {
      throw fail(path, "tensor '" + name + "' has an impossibly large shape " + shape);
    }
    if (end - begin != expected) {
      throw fail(
          path,
          "tensor '"
              + name
              + "' ("
              + info.dtype()
              + " "
              + info.shapeText()
              + ") needs "
              + expected
              + " bytes but data_offsets "
              + offsets
              + " span "
              + (end - begin));
    }
    return info;
  }

  /** Tensors must lie inside the data section, back to back, without overlap or holes. */
  private static void checkLayout(Path path, Map<String, TensorInfo> tensors, long dataBytes) {
    List<TensorInfo> sorted = new ArrayList<>(tensors.values());
    sorted.sort(Comparator.comparingLong(TensorInfo::begin).thenComparingLong(TensorInfo::end));
    long expectedBegin = 0;
    for (TensorInfo t : sorted) {
      if (t.begin() != expectedBegin) {
        throw fail(
            path,
            "tensor '"
                + t.name()
                + "' starts at byte "
                + t.begin()
                + " of the data section but the previous tensor ends at "
                + expectedBegin
                + (t.begin() < expectedBegin ? " (overlap)" : " (hole)"));
      }
      expectedBegin = t.end();
    }
    if (expectedBegin > dataBytes) {
      TensorInfo last = sorted.get(sorted.size() - 1);
      throw fail(
          path,
          "truncated: tensor '"
              + last.name()
              + "' ends at byte "
              + expectedBegin
              + " of the data section but the file holds only "
              + dataBytes
              + " data bytes");
    }
    if (expectedBegin < dataBytes) {
      throw fail(
          path,
          (dataBytes - expectedBegin)
              + " bytes after the last tensor are not described by the header");
    }
  }

  public Path path() {
    return path;
  }

  /** Every tensor in file order of the header. */
  public Map<String, TensorInfo> tensors() {
    return tensors;
  }

  /** The {@code __metadata__} map (empty when absent). */
  public Map<String, String> metadata() {
    return metadata;
  }

  /** The tensor's values as float32, converted from F32, F16, BF16 or F64. */
  public float[] floats(String name) {
    TensorInfo info = tensors.get(name);
    if (info == null) {
      throw fail(path, "no tensor named '" + name + "'");
    }
    if (!info.dtype().loadable()) {
      throw fail(
          path,
          "tensor '" + name + "' is " + info.dtype() + "; weights must be F32, F16, BF16 or F64");
    }
    long elements = info.elements();
    if (elements > Integer.MAX_VALUE - 8) {
      throw fail(
          path,
          "tensor '" + name + "' has " + elements + " elements, more than one Java array holds");
    }
    float[] out = new float[(int) elements];
    if (elements == 0) {
      return out;
    }
    ByteBuffer data = map(info);
    switch (info.dtype()) {
      case F32 -> data.asFloatBuffer().get(out);
      case F64 -> {
        for (int i = 0; i < out.length; i++) {
          out[i] = (float) data.getDouble(i * 8);
        }
      }
      case F16 -> {
        for (int i = 0; i < out.length; i++) {
          out[i] = DType.halfToFloat(data.getShort(i * 2));
        }
      }
      case BF16 -> {
        for (int i = 0; i < out.length; i++) {
          out[i] = DType.bf16ToFloat(data.getShort(i * 2));
        }
      }
      default -> throw new IllegalStateException("unreachable: " + info.dtype());
    }
    return out;
  }

  private ByteBuffer map(TensorInfo info) {
    try {
      return channel
          .map(FileChannel.MapMode.READ_ONLY, dataStart + info.begin(), info.end() - info.begin())
          .order(ByteOrder.LITTLE_ENDIAN);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read tensor '" + info.name() + "' from " + path, e);
    }
  }

  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close " + path, e);
    }
  }

  private static void readFully(FileChannel channel, ByteBuffer buffer, long position)
      throws IOException {
    long at = position;
    while (buffer.hasRemaining()) {
      int n = channel.read(buffer, at);
      if (n < 0) {
        throw new IOException("unexpected end of file at byte " + at);
      }
      at += n;
    }
  }

  private static SafetensorsException fail(Path path, String message) {
    return new SafetensorsException(path + ": " + message);
  }
}
