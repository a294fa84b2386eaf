package io.streamtune.train.safetensors;

import java.util.Locale;

/**
 * The safetensors element types Streamtune understands. Every floating type converts to float32 on
 * load ({@link #toFloat}); the integer and 8-bit float types are only sized, so a header that holds
 * them (e.g. a uint8 {@code attn.bias} mask buffer) still validates, but such a tensor cannot be
 * loaded as a weight.
 */
public enum DType {
  F64(8, true),
  F32(4, true),
  F16(2, true),
  BF16(2, true),
  I64(8, false),
  I32(4, false),
  I16(2, false),
  I8(1, false),
  U64(8, false),
  U32(4, false),
  U16(2, false),
  U8(1, false),
  BOOL(1, false),
  F8_E4M3(1, false),
  F8_E5M2(1, false);

  private final int bytes;
  private final boolean loadable;

  DType(int bytes, boolean loadable) {
    this.bytes = bytes;
    this.loadable = loadable;
  }

  /** Bytes per element. */
  public int bytes() {
    return bytes;
  }

  /** True when {@link #toFloat} can read this type (F64, F32, F16, BF16). */
  public boolean loadable() {
    return loadable;
  }

  /** The type named {@code name} in a safetensors header, or an exception naming the tensor. */
  static DType parse(String name, String tensor) {
    try {
      return DType.valueOf(name.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new SafetensorsException(
          "tensor '" + tensor + "': unknown dtype '" + name + "' (supported: F32, F16, BF16, F64)");
    }
  }

  /** IEEE half precision bits → float32 (exact: every half is a float). */
  public static float halfToFloat(short half) {
    int h = half & 0xFFFF;
    int sign = (h & 0x8000) << 16;
    int exponent = (h >>> 10) & 0x1F;
    int mantissa = h & 0x3FF;
    if (exponent == 0x1F) { // inf or NaN: keep the payload in the top mantissa bits
      return Float.intBitsToFloat(sign | 0x7F800000 | (mantissa << 13));
    }
    if (exponent == 0) {
      if (mantissa == 0) {
        return Float.intBitsToFloat(sign);
      }
      float value = mantissa * 0x1p-24f; // subnormal half: mantissa · 2^-24, exact in float
      return sign == 0 ? value : -value;
    }
    return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
  }

  /** float32 → IEEE half bits, rounding to nearest even; overflow → ±inf, NaN stays NaN. */
  public static short floatToHalf(float value) {
    int f = Float.floatToRawIntBits(value);
    int sign = (f >>> 16) & 0x8000;
    int exponent = (f >>> 23) & 0xFF;
    int mantissa = f & 0x7FFFFF;
    if (exponent == 0xFF) {
      return (short) (sign | 0x7C00 | (mantissa != 0 ? 0x200 | (mantissa >>> 13) : 0));
    }
    int e = exponent - 127 + 15;
    if (e >= 0x1F) {
      return (short) (sign | 0x7C00);
    }
    if (e <= 0) {
      if (e < -10) {
        return (short) sign; // below half the smallest subnormal: ±0
      }
      int m = mantissa | 0x800000; // implicit bit
      int shift = 14 - e;
      int half = m >>> shift;
      int rest = m & ((1 << shift) - 1);
      int midpoint = 1 << (shift - 1);
      if (rest > midpoint || (rest == midpoint && (half & 1) == 1)) {
        half++;
      }
      return (short) (sign | half);
    }
    int half = (e << 10) | (mantissa >>> 13);
    int rest = mantissa & 0x1FFF;
    if (rest > 0x1000 || (rest == 0x1000 && (half & 1) == 1)) {
      half++; // may carry into the exponent, up to inf: still correct
    }
    return (short) (sign | half);
  }

  /** bfloat16 bits → float32 (exact). */
  public static float bf16ToFloat(short bits) {
    return Float.intBitsToFloat((bits & 0xFFFF) << 16);
  }

  /** float32 → bfloat16 bits, rounding to nearest even; NaN stays a (quiet) NaN. */
  public static short floatToBf16(float value) {
    int f = Float.floatToRawIntBits(value);
    if ((f & 0x7F800000) == 0x7F800000 && (f & 0x7FFFFF) != 0) {
      return (short) ((f >>> 16) | 0x40);
    }
    int rounding = 0x7FFF + ((f >>> 16) & 1);
    return (short) ((f + rounding) >>> 16);
  }
}
