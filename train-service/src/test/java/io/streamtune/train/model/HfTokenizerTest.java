package io.streamtune.train.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A local tokenizer.json (GPT-2 style byte-level BPE, written by the test) loads offline. */
public class HfTokenizerTest {

  /**
   * Writes a byte-level BPE tokenizer.json: 256 byte tokens, one merge ("th", id 256), endoftext
   * (257, last, as in GPT-2).
   */
  public static Path writeTinyTokenizer(Path dir) throws Exception {
    ObjectMapper json = new ObjectMapper();
    ObjectNode root = json.createObjectNode();
    root.put("version", "1.0");
    root.putNull("truncation");
    root.putNull("padding");
    ObjectNode eot = root.putArray("added_tokens").addObject();
    eot.put("id", 257).put("content", "<|endoftext|>").put("single_word", false);
    eot.put("lstrip", false).put("rstrip", false).put("normalized", false).put("special", true);
    root.putNull("normalizer");
    ObjectNode pre = root.putObject("pre_tokenizer");
    pre.put("type", "ByteLevel").put("add_prefix_space", false).put("trim_offsets", true);
    pre.put("use_regex", true);
    root.putNull("post_processor");
    ObjectNode decoder = root.putObject("decoder");
    decoder.put("type", "ByteLevel").put("add_prefix_space", true).put("trim_offsets", true);
    decoder.put("use_regex", true);
    ObjectNode model = root.putObject("model");
    model.put("type", "BPE").putNull("dropout").putNull("unk_token");
    model.putNull("continuing_subword_prefix").putNull("end_of_word_suffix");
    model.put("fuse_unk", false).put("byte_fallback", false);
    ObjectNode vocab = model.putObject("vocab");
    String[] byteChars = gpt2ByteChars();
    for (int b = 0; b < 256; b++) {
      vocab.put(byteChars[b], b);
    }
    vocab.put("th", 256);
    model.putArray("merges").add("t h");
    Path file = dir.resolve("tokenizer.json");
    json.writeValue(file.toFile(), root);
    return file;
  }

  /** GPT-2's bytes_to_unicode: printable bytes map to themselves, the rest to U+0100 onwards. */
  private static String[] gpt2ByteChars() {
    List<Integer> printable = new ArrayList<>();
    IntStream.rangeClosed('!', '~').forEach(printable::add);
    IntStream.rangeClosed(0xA1, 0xAC).forEach(printable::add);
    IntStream.rangeClosed(0xAE, 0xFF).forEach(printable::add);
    String[] out = new String[256];
    int next = 256;
    for (int b = 0; b < 256; b++) {
      out[b] = new String(Character.toChars(printable.contains(b) ? b : next++));
    }
    return out;
  }

  @Test
  void loadsVocabularySpecialsAndRoundTripsText(@TempDir Path dir) throws Exception {
    Path file = writeTinyTokenizer(dir);
    try (HfTokenizer tokenizer = HfTokenizer.load(dir)) {
      assertEquals(258, tokenizer.vocabSize());
      assertEquals(257, tokenizer.eos());
      assertEquals(257, tokenizer.bos());
      assertEquals(257, tokenizer.pad());
      int[] ids = tokenizer.encode("the thing");
      assertTrue(IntStream.of(ids).anyMatch(id -> id == 256), "the merge applies");
      Random random = new Random(3);
      for (int n = 0; n < 200; n++) {
        StringBuilder s = new StringBuilder();
        for (int i = random.nextInt(20); i > 0; i--) {
          s.appendCodePoint(
              random.nextBoolean() ? 'a' + random.nextInt(26) : 0x20 + random.nextInt(0x3000));
        }
        String text = s.toString();
        if (text.chars().anyMatch(c -> c >= 0xD800 && c <= 0xDFFF)) {
          continue;
        }
        assertEquals(text, tokenizer.decode(tokenizer.encode(text)));
      }
      assertEquals("ab", tokenizer.decode(new int[] {'a', 257, 'b', 9999}));
    }
    assertTrue(Files.exists(file));
  }

  @Test
  void aMissingFileOrEndOfTextTokenIsAClearError(@TempDir Path dir) throws Exception {
    IllegalArgumentException missing =
        assertThrows(IllegalArgumentException.class, () -> Tokenizers.forPath(dir.toString()));
    assertTrue(missing.getMessage().contains("not found"));
    Path file = writeTinyTokenizer(dir);
    Files.writeString(file, Files.readString(file).replace("<|endoftext|>", "<|other|>"));
    IllegalArgumentException noEos =
        assertThrows(IllegalArgumentException.class, () -> HfTokenizer.load(file));
    assertTrue(noEos.getMessage().contains("end-of-text"));
  }
}
