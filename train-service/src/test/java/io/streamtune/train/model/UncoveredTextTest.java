package io.streamtune.train.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tokenizer.json whose vocabulary does not cover the input: the characters it cannot encode are
 * counted, and encoding never fails, whether the model drops them (BPE without an unknown token),
 * maps them to its unknown token (WordLevel with [UNK]) or refuses the word (WordLevel whose
 * unknown token is missing from its vocabulary).
 */
public class UncoveredTextTest {

  /** Lower-case letters, space and end-of-text, one symbol each, in a BPE with no merges. */
  public static Path writeLettersBpe(Path dir) throws Exception {
    ObjectNode root = root();
    ObjectNode model = root.putObject("model");
    model.put("type", "BPE").putNull("dropout").putNull("unk_token");
    model.putNull("continuing_subword_prefix").putNull("end_of_word_suffix");
    model.put("fuse_unk", false).put("byte_fallback", false);
    ObjectNode vocab = model.putObject("vocab");
    for (char c = 'a'; c <= 'z'; c++) {
      vocab.put(String.valueOf(c), c - 'a');
    }
    vocab.put(" ", 26);
    vocab.put("<|endoftext|>", 27);
    model.putArray("merges");
    return write(dir, root, 27);
  }

  /** Whole words: the, cat, sat (+ [UNK] when {@code withUnknown}), whitespace-split. */
  static Path writeWords(Path dir, boolean withUnknown) throws Exception {
    ObjectNode root = root();
    root.putObject("pre_tokenizer").put("type", "Whitespace");
    ObjectNode model = root.putObject("model");
    model.put("type", "WordLevel").put("unk_token", "[UNK]");
    ObjectNode vocab = model.putObject("vocab");
    vocab.put("the", 0).put("cat", 1).put("sat", 2);
    if (withUnknown) {
      vocab.put("[UNK]", 3);
    }
    vocab.put("<|endoftext|>", 4);
    return write(dir, root, 4);
  }

  @Test
  void aBpeWithoutUnknownTokenDropsWhatItCannotEncodeAndCountsIt(@TempDir Path dir)
      throws Exception {
    try (HfTokenizer tokenizer = HfTokenizer.load(writeLettersBpe(dir))) {
      assertEquals(0, tokenizer.uncovered("plain letters and spaces"));
      assertEquals(3, tokenizer.uncovered("café Ω!"), "é, Ω and !");
      assertEquals(2, tokenizer.uncovered("ÉÉ"));
      assertArrayEquals(tokenizer.encode("caf "), tokenizer.encode("café "), "é is dropped");
    }
  }

  @Test
  void aWordLevelModelMapsUnknownWordsToItsUnknownToken(@TempDir Path dir) throws Exception {
    try (HfTokenizer tokenizer = HfTokenizer.load(writeWords(dir, true))) {
      assertEquals(0, tokenizer.uncovered("the cat  sat"));
      assertEquals(3, tokenizer.uncovered("the dog sat"), "d, o, g");
      assertArrayEquals(new int[] {0, 3, 2}, tokenizer.encode("the dog sat"));
    }
  }

  @Test
  void aWordTheModelRefusesIsLeftOutAndCountedInsteadOfFailing(@TempDir Path dir) throws Exception {
    try (HfTokenizer tokenizer = HfTokenizer.load(writeWords(dir, false))) {
      assertArrayEquals(new int[] {0, 1}, tokenizer.encode("the cat"));
      assertArrayEquals(new int[] {0, 2}, tokenizer.encode("the dog sat"));
      assertEquals(3, tokenizer.uncovered("the dog sat"));
      assertEquals(0, tokenizer.encode("?!").length);
      assertEquals(2, tokenizer.uncovered("?!"));
    }
  }

  private static ObjectNode root() {
    ObjectNode root = new ObjectMapper().createObjectNode();
    root.put("version", "1.0");
    root.putNull("truncation");
    root.putNull("padding");
    root.putNull("normalizer");
    root.putNull("pre_tokenizer");
    root.putNull("post_processor");
    root.putNull("decoder");
    return root;
  }

  private static Path write(Path dir, ObjectNode root, int eos) throws Exception {
    ObjectNode eot = root.putArray("added_tokens").addObject();
    eot.put("id", eos).put("content", "<|endoftext|>").put("single_word", false);
    eot.put("lstrip", false).put("rstrip", false).put("normalized", false).put("special", true);
    Path file = dir.resolve("tokenizer.json");
    new ObjectMapper().writeValue(file.toFile(), root);
    return file;
  }
}
