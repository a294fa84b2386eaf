package io.streamtune.train.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ByteTokenizerTest {

  private final ByteTokenizer tokenizer = new ByteTokenizer();

  @Test
  void arbitraryValidTextRoundTripsExactly() {
    Random random = new Random(7);
    for (int n = 0; n < 2000; n++) {
      StringBuilder text = new StringBuilder();
      int length = random.nextInt(40);
      for (int i = 0; i < length; i++) {
        int codePoint;
        do {
          codePoint = random.nextInt(4) == 0 ? random.nextInt(128) : random.nextInt(0x110000);
        } while (codePoint >= 0xD800 && codePoint <= 0xDFFF); // surrogates are not code points
        text.appendCodePoint(codePoint);
      }
      String s = text.toString();
      int[] ids = tokenizer.encode(s);
      for (int id : ids) {
        assertTrue(id >= 0 && id < 256, "byte ids only, no specials");
      }
      assertEquals(s, tokenizer.decode(ids));
    }
  }

  @Test
  void invalidUtf8DecodesToReplacementCharactersAndSpecialsAreDropped() {
    int[] ids = {'a', 0xC3, ByteTokenizer.EOS, 'b', 0xFF, 0x80, ByteTokenizer.PAD, 999, -1, 'c'};
    String text = tokenizer.decode(ids);
    assertEquals("a\uFFFDb\uFFFD\uFFFDc", text);
  }

  @Test
  void specialIdsAreDistinctAndInsideTheVocabulary() {
    int[] specials = {tokenizer.bos(), tokenizer.eos(), tokenizer.pad(), ByteTokenizer.SEP};
    assertEquals(4, java.util.Arrays.stream(specials).distinct().count());
    for (int id : specials) {
      assertTrue(id >= 256 && id < tokenizer.vocabSize());
    }
    assertArrayEquals(new int[] {0xE2, 0x82, 0xAC}, tokenizer.encode("€"));
  }
}
