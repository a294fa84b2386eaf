package io.streamtune.train.safetensors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsFileTest {

  @TempDir Path dir;

  private static final float[] SPECIAL = {
    0f,
    -0f,
    1f,
    -1.5f,
    Float.MIN_VALUE,
    Float.MAX_VALUE,
    Float.NEGATIVE_INFINITY,
    Float.intBitsToFloat(0x7FC01234),
    3.14159265f,
    1e-30f,
    Float.POSITIVE_INFINITY,
    -3.25e-20f
  };

  @Test
  void f32RoundTripIsBitExactWithMetadataAndAlignedData() throws IOException {
    Path file = dir.resolve("a.safetensors");
    new SafetensorsWriter()
        .metadata("format", "pt")
        .add("x", DType.F32, new long[] {3, 4}, () -> SPECIAL)
        .add("scalar", DType.F32, new long[] {}, () -> new float[] {7f})
        .add("empty", DType.F32, new long[] {0, 3}, () -> new float[0])
        .write(file);
    long headerLength = readHeaderLength(file);
    assertEquals(0, headerLength % 8, "data section is 8-byte aligned");
    try (SafetensorsFile st = SafetensorsFile.open(file)) {
      assertEquals(Map.of("format", "pt"), st.metadata());
      assertEquals(DType.F32, st.tensors().get("x").dtype());
      assertArrayEquals(new long[] {3, 4}, st.tensors().get("x").shape());
      float[] back = st.floats("x");
      for (int i = 0; i < SPECIAL.length; i++) {
        assertEquals(
            Float.floatToRawIntBits(SPECIAL[i]), Float.floatToRawIntBits(back[i]), "index " + i);
      }
      assertArrayEquals(new float[] {7f}, st.floats("scalar"));
      assertEquals(0, st.floats("empty").length);
    }
  }

  @Test
  void f16AndBf16ConvertToFloat32OnLoad() throws IOException {
    Path file = dir.resolve("h.safetensors");
    float[] values = {1f, -2.5f, 0.1f, 65504f, 1e-6f};
    new SafetensorsWriter()
        .add("half", DType.F16, new long[] {5}, () -> values)
        .add("brain", DType.BF16, new long[] {5}, () -> values)
        .write(file);
    try (SafetensorsFile st = SafetensorsFile.open(file)) {
      float[] half = st.floats("half");
      float[] brain = st.floats("brain");
      for (int i = 0; i < values.length; i++) {
        assertEquals(DType.halfToFloat(DType.floatToHalf(values[i])), half[i]);
        assertEquals(DType.bf16ToFloat(DType.floatToBf16(values[i])), brain[i]);
        assertEquals(values[i], half[i], Math.abs(values[i]) * 1e-3 + 1e-7);
        assertEquals(values[i], brain[i], Math.abs(values[i]) * 1e-2);
      }
      assertEquals(Files.size(file), 8 + readHeaderLength(file) + 5 * 2 + 5 * 2);
    }
  }

  @Test
  void readsHalfAndBfloat16FromKnownBitPatterns() throws IOException {
    Path file = dir.resolve("bits.safetensors");
    ByteBuffer data = ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN);
    data.putShort((short) 0x3C00).putShort((short) 0xC000).putShort((short) 0x0001); // 1, -2, 2^-24
    data.putShort((short) 0x3FC0).putShort((short) 0xBF80); // 1.5, -1
    writeRaw(
        file,
        "{\"a\":{\"dtype\":\"F16\",\"shape\":[3],\"data_offsets\":[0,6]},"
            + "\"b\":{\"dtype\":\"BF16\",\"shape\":[2],\"data_offsets\":[6,10]}}",
        data.array());
    try (SafetensorsFile st = SafetensorsFile.open(file)) {
      assertArrayEquals(new float[] {1f, -2f, 0x1p-24f}, st.floats("a"));
      assertArrayEquals(new float[] {1.5f, -1f}, st.floats("b"));
    }
  }

  /**
   * {@code checkpoint-before-one-codec.safetensors} was written by the trainer's own codec before
   * this one replaced it ({@code model.SafeTensors.write} at commit 65f6f4c) from the tensors
   * below: checkpoints written then still load bit for bit, and the trainer's files are written now
   * to the very same bytes (F32, {@code __metadata__ {"format":"pt"}}, header padded with spaces).
   */
  @Test
  void checkpointWrittenBeforeOneCodecReadsAndIsWrittenToTheSameBytes() throws Exception {
    Map<String, long[]> shapes = new LinkedHashMap<>();
    Map<String, float[]> values = new LinkedHashMap<>();
    shapes.put("wte.weight", new long[] {4, 3});
    values.put(
        "wte.weight",
        new float[] {
          0f,
          -0f,
          1.5f,
          Float.NaN,
          Float.intBitsToFloat(0x7fc00123),
          Float.MIN_VALUE,
          Float.POSITIVE_INFINITY,
          Float.NEGATIVE_INFINITY,
          -3.25e-20f,
          Float.MAX_VALUE,
          0.1f,
          -7f
        });
    shapes.put("h.0.attn.c_attn.lora_a", new long[] {2, 3});
    values.put("h.0.attn.c_attn.lora_a", new float[] {0.25f, -0.5f, 1e-30f, 3.14159265f, -2f, 42f});
    shapes.put("exp_avg_sq.ln_f.bias", new long[] {3});
    values.put("exp_avg_sq.ln_f.bias", new float[] {1, 2, 3});
    shapes.put("empty", new long[] {0, 3});
    values.put("empty", new float[0]);
    Path old =
        Path.of(
            getClass().getResource("/safetensors/checkpoint-before-one-codec.safetensors").toURI());

    try (SafetensorsFile st = SafetensorsFile.open(old)) {
      assertEquals(Map.of("format", "pt"), st.metadata());
      assertEquals(List.copyOf(shapes.keySet()), List.copyOf(st.tensors().keySet()));
      for (String name : shapes.keySet()) {
        assertEquals(DType.F32, st.tensors().get(name).dtype(), name);
        assertArrayEquals(shapes.get(name), st.tensors().get(name).shape(), name);
        float[] read = st.floats(name);
        assertEquals(values.get(name).length, read.length, name);
        for (int i = 0; i < read.length; i++) {
          assertEquals(
              Float.floatToRawIntBits(values.get(name)[i]),
              Float.floatToRawIntBits(read[i]),
              name + "[" + i + "]");
        }
      }
    }

    SafetensorsWriter writer = new SafetensorsWriter().metadata("format", "pt");
    shapes.forEach((name, shape) -> writer.add(name, DType.F32, shape, () -> values.get(name)));
    Path now = dir.resolve("now.safetensors");
    writer.write(now);
    assertArrayEquals(Files.readAllBytes(old), Files.readAllBytes(now));
  }

  @Test
  void truncatedFileFailsNamingTheTensor() throws IOException {
    Path file = dir.resolve("t.safetensors");
    new SafetensorsWriter()
        .add("a", DType.F32, new long[] {4}, () -> new float[4])
        .add("b", DType.F32, new long[] {100}, () -> new float[100])
        .write(file);
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.truncate(Files.size(file) - 10);
    }
    String message = failure(file);
    assertTrue(message.contains("truncated") && message.contains("'b'"), message);
  }

  @Test
  void cutInsideTheHeaderFails() throws IOException {
    Path file = dir.resolve("h.safetensors");
    new SafetensorsWriter().add("a", DType.F32, new long[] {4}, () -> new float[4]).write(file);
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.truncate(20);
    }
    assertTrue(failure(file).contains("truncated"), failure(file));
    Files.write(file, new byte[] {1, 2, 3});
    assertTrue(failure(file).contains("shorter than the 8-byte header length"), failure(file));
  }

  @Test
  void inconsistentHeadersFailClearly() throws IOException {
    assertTrue(
        raw("{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", 8)
            .contains("needs 12 bytes"));
    assertTrue(
        raw(
                "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                    + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}",
                12)
            .contains("overlap"));
    assertTrue(
        raw(
                "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                    + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}}",
                12)
            .contains("hole"));
    assertTrue(
        raw("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 9)
            .contains("not described by the header"));
    assertTrue(
        raw("{\"a\":{\"dtype\":\"Q4\",\"shape\":[1],\"data_offsets\":[0,4]}}", 4)
            .contains("unknown dtype 'Q4'"));
    assertTrue(raw("{\"a\":{\"dtype\":\"F32\",\"shape\":[-1],", 4).contains("not valid JSON"));
    assertTrue(raw("{\"a\":{\"dtype\":\"F32\",\"shape\":[1]}}", 4).contains("lacks data_offsets"));
  }

  @Test
  void integerTensorsValidateButDoNotLoadAsWeights() throws IOException {
    Path file = dir.resolve("i.safetensors");
    writeRaw(file, "{\"mask\":{\"dtype\":\"U8\",\"shape\":[2,2],\"data_offsets\":[0,4]}}", 4);
    try (SafetensorsFile st = SafetensorsFile.open(file)) {
      SafetensorsException e = assertThrows(SafetensorsException.class, () -> st.floats("mask"));
      assertTrue(e.getMessage().contains("'mask' is U8"), e.getMessage());
    }
  }

  private String raw(String header, int dataBytes) throws IOException {
    Path file = Files.createTempFile(dir, "raw", ".safetensors");
    writeRaw(file, header, dataBytes);
    return failure(file);
  }

  private static void writeRaw(Path file, String header, int dataBytes) throws IOException {
    writeRaw(file, header, new byte[dataBytes]);
  }

  private static void writeRaw(Path file, String header, byte[] data) throws IOException {
    byte[] json = header.getBytes(StandardCharsets.UTF_8);
    ByteBuffer buffer =
        ByteBuffer.allocate(8 + json.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
    buffer.putLong(json.length).put(json).put(data);
    Files.write(file, buffer.array());
  }

  private static String failure(Path file) {
    return assertThrows(SafetensorsException.class, () -> SafetensorsFile.open(file).close())
        .getMessage();
  }

  private static long readHeaderLength(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    return ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
  }
}
