package io.streamtune.train.pretrained;

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
    1e-30f
  };

  @Test
  void f32RoundTripIsBitExactWithMetadataAndAlignedData() throws IOException {
    Path file = dir.resolve("a.safetensors");
    new SafetensorsWriter()
        .metadata("format", "pt")
        .add("x", DType.F32, new long[] {2, 5}, () -> SPECIAL)
        .add("scalar", DType.F32, new long[] {}, () -> new float[] {7f})
        .add("empty", DType.F32, new long[] {0, 3}, () -> new float[0])
        .write(file);
    long headerLength = readHeaderLength(file);
    assertEquals(0, headerLength % 8, "data section is 8-byte aligned");
    try (SafetensorsFile st = SafetensorsFile.open(file)) {
      assertEquals(Map.of("format", "pt"), st.metadata());
      assertEquals(DType.F32, st.tensors().get("x").dtype());
      assertArrayEquals(new long[] {2, 5}, st.tensors().get("x").shape());
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
    byte[] json = header.getBytes(StandardCharsets.UTF_8);
    ByteBuffer buffer =
        ByteBuffer.allocate(8 + json.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
    buffer.putLong(json.length).put(json);
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
