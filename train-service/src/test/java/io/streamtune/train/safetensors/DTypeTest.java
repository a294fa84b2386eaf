package io.streamtune.train.safetensors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DTypeTest {

  @Test
  void everyHalfSurvivesFloatAndBack() {
    for (int bits = 0; bits < 0x10000; bits++) {
      float f = DType.halfToFloat((short) bits);
      short back = DType.floatToHalf(f);
      if (Float.isNaN(f)) {
        assertTrue(Float.isNaN(DType.halfToFloat(back)), "NaN stays NaN: " + bits);
      } else {
        assertEquals((short) bits, back, "half bits " + Integer.toHexString(bits));
      }
    }
  }

  @Test
  void everyBf16SurvivesFloatAndBack() {
    for (int bits = 0; bits < 0x10000; bits++) {
      float f = DType.bf16ToFloat((short) bits);
      short back = DType.floatToBf16(f);
      if (Float.isNaN(f)) {
        assertTrue(Float.isNaN(DType.bf16ToFloat(back)));
      } else {
        assertEquals((short) bits, back, "bf16 bits " + Integer.toHexString(bits));
      }
    }
  }

  @Test
  void halfKnownValuesAndRounding() {
    assertEquals(1f, DType.halfToFloat((short) 0x3C00));
    assertEquals(-2f, DType.halfToFloat((short) 0xC000));
    assertEquals(65504f, DType.halfToFloat((short) 0x7BFF));
    assertEquals(0x1p-24f, DType.halfToFloat((short) 0x0001));
    assertEquals((short) 0x3C00, DType.floatToHalf(1f + 0x1p-11f), "tie rounds to even (down)");
    assertEquals((short) 0x3C02, DType.floatToHalf(1f + 3 * 0x1p-11f), "tie rounds to even (up)");
    assertEquals((short) 0x3C01, DType.floatToHalf(1f + 0x1p-11f + 0x1p-20f), "above the tie");
    assertEquals((short) 0x7C00, DType.floatToHalf(65520f), "overflow to +inf");
    assertEquals((short) 0x0000, DType.floatToHalf(0x1p-25f), "half the smallest subnormal: even");
    assertEquals((short) 0x0001, DType.floatToHalf(0x1.8p-25f), "above it rounds up");
    assertEquals((short) 0x8000, DType.floatToHalf(-0f));
  }

  @Test
  void bf16Rounding() {
    assertEquals(1f, DType.bf16ToFloat((short) 0x3F80));
    assertEquals(
        (short) 0x3F80, DType.floatToBf16(Float.intBitsToFloat(0x3F808000)), "tie to even");
    assertEquals(
        (short) 0x3F82, DType.floatToBf16(Float.intBitsToFloat(0x3F818000)), "tie to even");
    assertEquals((short) 0x3F81, DType.floatToBf16(Float.intBitsToFloat(0x3F808001)));
    assertTrue(Float.isNaN(DType.bf16ToFloat(DType.floatToBf16(Float.NaN))));
  }
}
