package io.streamtune.train.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.EncodingType;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class Gpt2TokenizerTest {

  private static final Gpt2Tokenizer FULL = Gpt2Tokenizer.full();
  private static final Gpt2Tokenizer COMPACT = Gpt2Tokenizer.compact(8191);

  private static final String MESSY =
      "Fellow-Citizens of the Senate 😀👍🏽 中文字符 日本語のテキスト 한국어 العربية e\u0301 "
          + "\u0000\u0001\u0007\u001b[31m\t\r\n\u00a0\u2028 <|endoftext|> <html><b>x</b>"
          + " $1,234.56 don't I'll 'quoted' ﷽ \uD83D\uDE00";

  @AfterAll
  static void close() {
    FULL.close();
    COMPACT.close();
  }

  @Test
  void messyTextRoundTripsExactly() {
    for (Gpt2Tokenizer t : new Gpt2Tokenizer[] {FULL, COMPACT}) {
      int[] ids = t.encode(MESSY);
      assertEquals(MESSY, t.decode(ids), t.describe());
      assertTrue(Arrays.stream(ids).allMatch(id -> id >= 0 && id < t.vocabSize() - 1));
      assertEquals("", t.decode(t.encode("")));
    }
  }

  @Test
  void theFullVocabularyIsGpt2sOwn() {
    var reference = Encodings.newDefaultEncodingRegistry().getEncoding(EncodingType.R50K_BASE);
    assertArrayEquals(reference.encodeOrdinary(MESSY).toArray(), FULL.encode(MESSY));
    assertArrayEquals(new int[] {15496, 995}, FULL.encode("Hello world"));
    // A compact vocabulary keeps GPT-2's ids for the tokens it keeps, and needs more of them.
    assertTrue(COMPACT.encode(MESSY).length >= FULL.encode(MESSY).length);
    assertArrayEquals(new int[] {15496, 995}, Gpt2Tokenizer.compact(16000).encode("Hello world"));
  }

  @Test
  void specialIdsAreEndOfTextAndTheVocabularyEndsThere() {
    assertEquals(50257, FULL.vocabSize());
    assertEquals(50256, FULL.eos());
    assertEquals(50256, FULL.bos());
    assertEquals(50256, FULL.pad());
    assertEquals("gpt2", FULL.name());
    assertEquals(8192, COMPACT.vocabSize());
    assertEquals(8191, COMPACT.eos());
    assertEquals(COMPACT.eos(), COMPACT.bos());
    assertEquals(COMPACT.eos(), COMPACT.pad());
    assertEquals("gpt2-8192", COMPACT.name());
    // The text "<|endoftext|>" is ordinary text, never the special id.
    assertFalse(Arrays.stream(FULL.encode("a <|endoftext|> b")).anyMatch(id -> id == 50256));
  }

  @Test
  void decodeDropsSpecialAndUnknownIdsAndNeverFails() {
    int[] hello = FULL.encode("Hello world");
    int[] noisy = {50256, hello[0], -1, 50257, 1 << 30, hello[1], 50256};
    assertEquals("Hello world", FULL.decode(noisy));
    // " world" (995) is in the compact vocabulary, "Hello" (15496) and 9000 are not.
    assertEquals(" world", COMPACT.decode(new int[] {COMPACT.eos(), 995, hello[0], 9000, 50256}));
    // Half an emoji (a model can generate one) becomes U+FFFD, not an exception.
    int[] emoji = FULL.encode("😀");
    assertTrue(emoji.length > 1);
    assertEquals("\uFFFD", FULL.decode(Arrays.copyOf(emoji, 1)).substring(0, 1));
  }

  @Test
  void unpairedSurrogatesAndRandomStringsNeverFail() {
    assertEquals("a?b?", FULL.decode(FULL.encode("a\uD800b\uDC00")));
    assertEquals("?x", COMPACT.decode(COMPACT.encode("\uDBFFx")));
    Random random = new Random(3);
    for (int n = 0; n < 500; n++) {
      char[] chars = new char[random.nextInt(40)];
      for (int i = 0; i < chars.length; i++) {
        chars[i] = (char) (random.nextBoolean() ? random.nextInt(128) : random.nextInt(0x10000));
      }
      String text = new String(chars);
      String expected = new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
      assertEquals(expected, FULL.decode(FULL.encode(text)));
      assertEquals(expected, COMPACT.decode(COMPACT.encode(text)));
    }
  }

  @Test
  void configValuesAreCheckedNamingWhatIsAllowed() {
    assertNull(Tokenizers.problem("byte"));
    assertNull(Tokenizers.problem("gpt2"));
    assertNull(Tokenizers.problem("gpt2-8192"));
    assertNull(Tokenizers.problem("gpt2-50257"));
    for (String bad : new String[] {"gpt3", "gpt2-512", "gpt2-50258", "", "BYTE", "gpt2-x"}) {
      String problem = Tokenizers.problem(bad);
      assertTrue(
          problem.startsWith("train.model.tokenizer='" + bad + "' must be byte, gpt2"), problem);
      assertThrows(IllegalArgumentException.class, () -> Tokenizers.of(bad, null));
    }
    try (Tokenizer t = Tokenizers.of("gpt2-1024", null)) {
      assertEquals(1024, t.vocabSize());
    }
    try (Tokenizer t = Tokenizers.of("byte", " ")) {
      assertEquals("byte", t.name());
    }
  }
}
