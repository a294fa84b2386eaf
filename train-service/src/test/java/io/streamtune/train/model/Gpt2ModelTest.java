package io.streamtune.train.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class Gpt2ModelTest {

  private static final Gpt2Config CONFIG = new Gpt2Config(50, 16, 32, 4, 2, 0.1, 1e-5);
  private static NDManager manager;

  @BeforeAll
  static void start() {
    manager = NDManager.newBaseManager(Device.cpu(), "PyTorch");
  }

  @AfterAll
  static void stop() {
    manager.close();
  }

  @Test
  void parameterNamesAndShapesAreGpt2s() {
    Gpt2Model model = new Gpt2Model(CONFIG, null);
    List<String> expected = new ArrayList<>(List.of("wte.weight", "wpe.weight"));
    for (int i = 0; i < 2; i++) {
      for (String name :
          List.of(
              "ln_1.weight",
              "ln_1.bias",
              "attn.c_attn.weight",
              "attn.c_attn.bias",
              "attn.c_proj.weight",
              "attn.c_proj.bias",
              "ln_2.weight",
              "ln_2.bias",
              "mlp.c_fc.weight",
              "mlp.c_fc.bias",
              "mlp.c_proj.weight",
              "mlp.c_proj.bias")) {
        expected.add("h." + i + "." + name);
      }
    }
    expected.add("ln_f.weight");
    expected.add("ln_f.bias");
    assertEquals(expected, new ArrayList<>(model.namedParameters().keySet()));
    assertEquals(
        new Shape(32, 96), model.shapes().get("h.0.attn.c_attn.weight")); // Conv1D [in, out]
    assertEquals(new Shape(128, 32), model.shapes().get("h.1.mlp.c_proj.weight"));
    assertEquals(new Shape(50, 32), model.shapes().get("wte.weight"));
    model.initialize(manager, 1);
    long total =
        model.namedParameters().values().stream().mapToLong(p -> p.getShape().size()).sum();
    assertEquals(CONFIG.parameterCount(), total);
  }

  @Test
  void loraAddsAdaptersBesideTheirProjections() {
    Gpt2Model model =
        new Gpt2Model(CONFIG, new LoraConfig(4, 8, 0, Set.of("q", "v", "out", "mlp")));
    assertEquals(new Shape(32, 4), model.shapes().get("h.0.attn.c_attn.lora_q_A"));
    assertEquals(new Shape(4, 32), model.shapes().get("h.0.attn.c_attn.lora_v_B"));
    assertFalse(model.shapes().containsKey("h.0.attn.c_attn.lora_k_A"));
    assertEquals(new Shape(4, 32), model.shapes().get("h.1.attn.c_proj.lora_B"));
    assertEquals(new Shape(32, 4), model.shapes().get("h.1.mlp.c_fc.lora_A"));
    assertEquals(new Shape(4, 32), model.shapes().get("h.1.mlp.c_proj.lora_B"));
  }

  @Test
  void forwardGivesLogitsPerPositionAndVocabularyEntry() {
    Gpt2Model model = new Gpt2Model(CONFIG, null);
    model.initialize(manager, 3);
    try (NDManager step = manager.newSubManager()) {
      NDArray ids = step.create(new long[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, new Shape(2, 5));
      NDArray logits = model.forward(new ForwardContext(step, false), ids);
      assertEquals(new Shape(2, 5, 50), logits.getShape());
    }
  }

  @Test
  void changingAFutureTokenNeverChangesEarlierLogits() {
    Gpt2Model model =
        new Gpt2Model(CONFIG, new LoraConfig(2, 4, 0, Set.of("q", "k", "v", "out", "mlp")));
    model.initialize(manager, 5);
    // Make the adapters non-zero so they take part in the check too.
    model
        .namedParameters()
        .forEach(
            (name, p) -> {
              if (name.endsWith("_B")) {
                p.getArray().addi(manager.create(0.05f));
              }
            });
    long[] a = {3, 14, 15, 9, 26, 5, 35, 8, 9, 7, 9, 3, 2, 38, 4, 6};
    try (NDManager step = manager.newSubManager()) {
      ForwardContext ctx = new ForwardContext(step, false);
      float[] base = model.forward(ctx, step.create(a, new Shape(1, 16))).toFloatArray();
      for (int changed = 1; changed < a.length; changed++) {
        long[] b = a.clone();
        b[changed] = (b[changed] + 17) % 50;
        float[] other = model.forward(ctx, step.create(b, new Shape(1, 16))).toFloatArray();
        int cut = changed * 50;
        assertArrayEquals(
            java.util.Arrays.copyOf(base, cut),
            java.util.Arrays.copyOf(other, cut),
            "positions before " + changed + " must not see it");
        assertNotEquals(base[cut], other[cut], "position " + changed + " itself does change");
      }
    }
  }
}
