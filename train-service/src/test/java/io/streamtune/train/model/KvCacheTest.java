package io.streamtune.train.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Blocked attention and the key/value cache give the logits of one plain pass over the whole
 * sequence (within float rounding).
 */
class KvCacheTest {

  private static final float TOLERANCE = 2e-4f;
  private static NDManager manager;

  @BeforeAll
  static void start() {
    manager = NDManager.newBaseManager(Device.cpu(), "PyTorch");
    JniUtils.setGradMode(false);
  }

  @AfterAll
  static void stop() {
    manager.close();
  }

  private static Gpt2Model model(int context) {
    Gpt2Model model = new Gpt2Model(new Gpt2Config(50, context, 32, 4, 2, 0.0, 1e-5), null);
    model.initialize(manager, 11);
    // Bigger weights than GPT-2's init so attention is far from uniform and the check is sharp.
    model.namedParameters().values().forEach(p -> p.getArray().muli(manager.create(8f)));
    return model;
  }

  private static long[] tokens(int n, long seed) {
    Random random = new Random(seed);
    long[] ids = new long[n];
    for (int i = 0; i < n; i++) {
      ids[i] = random.nextInt(50);
    }
    return ids;
  }

  @Test
  void queryBlocksGiveTheLogitsOfRowsRunAlone() {
    // 64 rows x 96 positions x 4 heads: a score tensor of 9.4 MiB, over the block budget, so the
    // batch runs in several query blocks; one row alone (147 KiB) runs in one.
    int rows = 64;
    int t = 96;
    long perQuery = rows * 4L * t * Float.BYTES;
    assertTrue(CausalSelfAttention.SCORE_BLOCK_BYTES / perQuery < t, "the batch is blocked");
    assertTrue(CausalSelfAttention.SCORE_BLOCK_BYTES / (perQuery / rows) >= t, "a row is not");
    Gpt2Model model = model(t);
    long[] ids = tokens(rows * t, 1);
    try (NDManager step = manager.newSubManager()) {
      ForwardContext ctx = new ForwardContext(step, false);
      float[] batch = model.forward(ctx, step.create(ids, new Shape(rows, t))).toFloatArray();
      int perRow = t * 50;
      for (int r = 0; r < rows; r += 9) {
        long[] one = Arrays.copyOfRange(ids, r * t, (r + 1) * t);
        float[] alone = model.forward(ctx, step.create(one, new Shape(1, t))).toFloatArray();
        assertArrayEquals(
            alone, Arrays.copyOfRange(batch, r * perRow, (r + 1) * perRow), TOLERANCE, "row " + r);
      }
    }
  }

  @Test
  void cachedPassesGiveTheLogitsOfOneFullPass() {
    int t = 24;
    Gpt2Model model = model(t);
    long[] ids = tokens(t, 2);
    try (NDManager step = manager.newSubManager()) {
      ForwardContext ctx = new ForwardContext(step, false);
      float[] full = model.forward(ctx, step.create(ids, new Shape(1, t))).toFloatArray();
      try (KvCache cache = new KvCache(2, t, step)) {
        int[] pieces = {10, 5, 1, 1, 7}; // a prefill, a block, single tokens, the rest
        int from = 0;
        for (int piece : pieces) {
          long[] part = Arrays.copyOfRange(ids, from, from + piece);
          float[] logits =
              model.forward(ctx, step.create(part, new Shape(1, piece)), cache).toFloatArray();
          assertArrayEquals(
              Arrays.copyOfRange(full, from * 50, (from + piece) * 50),
              logits,
              TOLERANCE,
              "positions " + from + ".." + (from + piece - 1));
          from += piece;
          assertEquals(from, cache.length());
        }
      }
    }
  }

  @Test
  void aBroadcastPromptCacheContinuesEveryRowAsItsOwnFullPass() {
    int t = 20;
    Gpt2Model model = model(t);
    long[] prompt = tokens(12, 3);
    long[][] continuations = {tokens(5, 4), tokens(5, 5), tokens(5, 6)};
    try (NDManager step = manager.newSubManager()) {
      ForwardContext ctx = new ForwardContext(step, false);
      try (KvCache one = new KvCache(2, t, step)) {
        model.forward(ctx, step.create(prompt, new Shape(1, prompt.length)), one);
        long[] rows = new long[continuations.length * 5];
        for (int j = 0; j < continuations.length; j++) {
          System.arraycopy(continuations[j], 0, rows, j * 5, 5);
        }
        try (KvCache shared = one.broadcast(continuations.length, step)) {
          NDArray cached =
              model.forward(ctx, step.create(rows, new Shape(continuations.length, 5)), shared);
          float[] values = cached.toFloatArray();
          for (int j = 0; j < continuations.length; j++) {
            long[] whole = new long[prompt.length + 5];
            System.arraycopy(prompt, 0, whole, 0, prompt.length);
            System.arraycopy(continuations[j], 0, whole, prompt.length, 5);
            float[] full =
                model.forward(ctx, step.create(whole, new Shape(1, whole.length))).toFloatArray();
            assertArrayEquals(
                Arrays.copyOfRange(full, prompt.length * 50, whole.length * 50),
                Arrays.copyOfRange(values, j * 5 * 50, (j + 1) * 5 * 50),
                TOLERANCE,
                "continuation " + j);
          }
        }
      }
    }
  }

  @Test
  void aCacheFilledToTheContextGivesTheFullPassAndRefusesOneMore() {
    int t = 20;
    Gpt2Model model = model(t);
    long[] ids = tokens(t, 7);
    try (NDManager step = manager.newSubManager()) {
      ForwardContext ctx = new ForwardContext(step, false);
      float[] full = model.forward(ctx, step.create(ids, new Shape(1, t))).toFloatArray();
      try (KvCache cache = new KvCache(2, t, step)) {
        model.forward(ctx, step.create(Arrays.copyOf(ids, 12), new Shape(1, 12)), cache);
        for (int p = 12; p < t; p++) { // single-token steps up to the last position
          float[] next =
              model
                  .nextLogits(ctx, step.create(new long[] {ids[p]}, new Shape(1, 1)), cache)
                  .toFloatArray();
          assertArrayEquals(
              Arrays.copyOfRange(full, p * 50, (p + 1) * 50), next, TOLERANCE, "position " + p);
        }
        assertEquals(t, cache.length());
        assertEquals(t, cache.capacity());
        NDArray one = step.create(new long[] {1}, new Shape(1, 1));
        assertThrows(IllegalArgumentException.class, () -> model.forward(ctx, one, cache));
      }
      try (KvCache small = new KvCache(2, 4, step)) {
        NDArray five = step.create(Arrays.copyOf(ids, 5), new Shape(1, 5));
        assertThrows(IllegalStateException.class, () -> model.forward(ctx, five, small));
      }
    }
  }

  @Test
  void nextLogitsAreTheLastPositionsOfTheFullLogits() {
    int t = 16;
    Gpt2Model model = model(t);
    long[] ids = tokens(3 * t, 8);
    try (NDManager step = manager.newSubManager()) {
      ForwardContext ctx = new ForwardContext(step, false);
      NDArray batch = step.create(ids, new Shape(3, t));
      float[] full = model.forward(ctx, batch).toFloatArray();
      float[] next = model.nextLogits(ctx, batch, null).toFloatArray();
      assertEquals(3 * 50, next.length);
      for (int r = 0; r < 3; r++) {
        int last = (r * t + t - 1) * 50;
        assertArrayEquals(
            Arrays.copyOfRange(full, last, last + 50),
            Arrays.copyOfRange(next, r * 50, (r + 1) * 50),
            TOLERANCE,
            "row " + r);
      }
      try (KvCache cache = new KvCache(2, t, step)) {
        float[] prefill =
            model.nextLogits(ctx, step.create(ids, new Shape(1, t)), cache).toFloatArray();
        assertArrayEquals(Arrays.copyOfRange(full, (t - 1) * 50, t * 50), prefill, TOLERANCE);
      }
    }
  }

  @Test
  void singleTokenStepsOnABroadcastCacheContinueEveryRowAsItsOwnFullPass() {
    int t = 16;
    Gpt2Model model = model(t);
    long[] prompt = tokens(9, 9);
    int rows = 3;
    long[][] continuations = {tokens(4, 10), tokens(4, 11), tokens(4, 12)};
    try (NDManager step = manager.newSubManager()) {
      ForwardContext ctx = new ForwardContext(step, false);
      float[][] full = new float[rows][];
      for (int j = 0; j < rows; j++) {
        long[] whole = Arrays.copyOf(prompt, prompt.length + 4);
        System.arraycopy(continuations[j], 0, whole, prompt.length, 4);
        full[j] = model.forward(ctx, step.create(whole, new Shape(1, whole.length))).toFloatArray();
      }
      try (KvCache one = new KvCache(2, t, step)) {
        model.forward(ctx, step.create(prompt, new Shape(1, prompt.length)), one);
        try (KvCache shared = one.broadcast(rows, step)) {
          for (int s = 0; s < 4; s++) {
            long[] tokens = new long[rows];
            for (int j = 0; j < rows; j++) {
              tokens[j] = continuations[j][s];
            }
            float[] logits =
                model.forward(ctx, step.create(tokens, new Shape(rows, 1)), shared).toFloatArray();
            int at = (prompt.length + s) * 50;
            for (int j = 0; j < rows; j++) {
              assertArrayEquals(
                  Arrays.copyOfRange(full[j], at, at + 50),
                  Arrays.copyOfRange(logits, j * 50, (j + 1) * 50),
                  TOLERANCE,
                  "row " + j + " step " + s);
            }
          }
          assertEquals(prompt.length + 4, shared.length());
        }
      }
    }
  }
}
