package io.streamtune.train.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class LrScheduleTest {

  @Test
  void warmupThenCosineToTheFloor() {
    LrSchedule s = new LrSchedule("cosine", 9, 109, 0.1);
    assertEquals(0.1, s.at(0, 1.0), 1e-12);
    assertEquals(1.0, s.at(9, 1.0), 1e-12);
    assertEquals(0.55, s.at(59, 1.0), 1e-12);
    assertEquals(0.1, s.at(109, 1.0), 1e-12);
    assertEquals(0.1, s.at(10_000, 1.0), 1e-12);
    assertTrue(s.at(30, 1.0) > s.at(31, 1.0));
  }

  @Test
  void constantAfterWarmupAndBadNamesRejected() {
    LrSchedule s = new LrSchedule("constant", 0, 0, 0);
    assertEquals(2e-3, s.at(5000, 2e-3), 0);
    assertThrows(IllegalArgumentException.class, () -> new LrSchedule("linear", 0, 10, 0));
  }

  @Test
  void decayOnlyOnNonEmbeddingMatrices() {
    assertTrue(AdamW.decays("h.0.attn.c_attn.weight", new Shape(4, 12)));
    assertTrue(AdamW.decays("h.0.attn.c_attn.lora_q_A", new Shape(4, 2)));
    assertTrue(!AdamW.decays("h.0.ln_1.weight", new Shape(4)));
    assertTrue(!AdamW.decays("h.0.mlp.c_fc.bias", new Shape(16)));
    assertTrue(!AdamW.decays("wte.weight", new Shape(10, 4)));
    assertTrue(!AdamW.decays("wpe.weight", new Shape(8, 4)));
  }
}
