package io.streamtune.train.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeTensorsTest {

  @Test
  void float32RoundTripIsBitExactIncludingSpecialValues(@TempDir Path dir) throws Exception {
    float[] values = {
      0f,
      -0f,
      1.5f,
      Float.NaN,
      Float.intBitsToFloat(0x7fc00123),
      Float.MIN_VALUE,
      Float.POSITIVE_INFINITY,
      -3.25e-20f
    };
    Map<String, SafeTensors.Tensor> tensors = new LinkedHashMap<>();
    tensors.put("h.0.attn.c_attn.weight", new SafeTensors.Tensor(new long[] {2, 4}, values));
    tensors.put("ln_f.bias", new SafeTensors.Tensor(new long[] {3}, new float[] {1, 2, 3}));
    Path file = dir.resolve("t.safetensors");
    SafeTensors.write(file, tensors);
    Map<String, SafeTensors.Tensor> read = SafeTensors.read(file);
    assertEquals(tensors.keySet(), read.keySet());
    SafeTensors.Tensor w = read.get("h.0.attn.c_attn.weight");
    assertArrayEquals(new long[] {2, 4}, w.shape());
    for (int i = 0; i < values.length; i++) {
      assertEquals(Float.floatToRawIntBits(values[i]), Float.floatToRawIntBits(w.values()[i]));
    }
  }

  @Test
  void readsHalfAndBfloat16(@TempDir Path dir) throws Exception {
    String header =
        "{\"a\":{\"dtype\":\"F16\",\"shape\":[3],\"data_offsets\":[0,6]},"
            + "\"b\":{\"dtype\":\"BF16\",\"shape\":[2],\"data_offsets\":[6,10]}}";
    byte[] json = header.getBytes(StandardCharsets.UTF_8);
    ByteBuffer buffer = ByteBuffer.allocate(8 + json.length + 10).order(ByteOrder.LITTLE_ENDIAN);
    buffer.putLong(json.length).put(json);
    buffer
        .putShort((short) 0x3C00)
        .putShort((short) 0xC000)
        .putShort((short) 0x0001); // 1, -2, 2^-24
    buffer.putShort((short) 0x3FC0).putShort((short) 0xBF80); // 1.5, -1
    Path file = dir.resolve("h.safetensors");
    Files.write(file, buffer.array());
    Map<String, SafeTensors.Tensor> read = SafeTensors.read(file);
    assertArrayEquals(new float[] {1f, -2f, 0x1p-24f}, read.get("a").values());
    assertArrayEquals(new float[] {1.5f, -1f}, read.get("b").values());
  }
}
