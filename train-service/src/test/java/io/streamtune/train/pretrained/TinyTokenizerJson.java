package io.streamtune.train.pretrained;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a small GPT-2-style byte-level BPE {@code tokenizer.json} in the Hugging Face tokenizers
 * format: the 256 byte symbols of GPT-2's byte-to-unicode table, a handful of merges and {@code
 * <|endoftext|>} as the last id. Any UTF-8 text encodes, like GPT-2's own tokenizer.
 */
final class TinyTokenizerJson {

  static final String[] MERGES = {"t h", "th e", "Ġ th", "Ġth e", "i n", "Ġ a", "e r", "o n"};

  /** 256 bytes + merges + end-of-text. */
  static final int VOCAB = 256 + MERGES.length + 1;

  private TinyTokenizerJson() {}

  static void write(Path file) throws IOException {
    ObjectMapper json = new ObjectMapper();
    ObjectNode root = json.createObjectNode();
    root.put("version", "1.0");
    root.putNull("truncation");
    root.putNull("padding");
    ObjectNode eot = root.putArray("added_tokens").addObject();
    eot.put("id", VOCAB - 1);
    eot.put("content", "<|endoftext|>");
    eot.put("single_word", false);
    eot.put("lstrip", false);
    eot.put("rstrip", false);
    eot.put("normalized", true);
    eot.put("special", true);
    root.putNull("normalizer");
    root.set("pre_tokenizer", byteLevel(json, false));
    root.set("post_processor", byteLevel(json, true));
    root.set("decoder", byteLevel(json, true));
    ObjectNode model = root.putObject("model");
    model.put("type", "BPE");
    model.putNull("dropout");
    model.putNull("unk_token");
    model.putNull("continuing_subword_prefix");
    model.putNull("end_of_word_suffix");
    model.put("fuse_unk", false);
    model.put("byte_fallback", false);
    ObjectNode vocab = model.putObject("vocab");
    List<String> symbols = byteSymbols();
    for (int i = 0; i < symbols.size(); i++) {
      vocab.put(symbols.get(i), i);
    }
    ArrayNode merges = model.putArray("merges");
    int id = 256;
    for (String merge : MERGES) {
      merges.add(merge);
      vocab.put(merge.replace(" ", ""), id++);
    }
    vocab.put("<|endoftext|>", VOCAB - 1);
    json.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), root);
  }

  private static ObjectNode byteLevel(ObjectMapper json, boolean prefixSpace) {
    ObjectNode node = json.createObjectNode();
    node.put("type", "ByteLevel");
    node.put("add_prefix_space", prefixSpace);
    node.put("trim_offsets", true);
    node.put("use_regex", true);
    return node;
  }

  /** GPT-2's bytes_to_unicode: printable bytes map to themselves, the rest to 256 + n. */
  private static List<String> byteSymbols() {
    List<Integer> printable = new ArrayList<>();
    for (int b = '!'; b <= '~'; b++) {
      printable.add(b);
    }
    for (int b = 0xA1; b <= 0xAC; b++) {
      printable.add(b);
    }
    for (int b = 0xAE; b <= 0xFF; b++) {
      printable.add(b);
    }
    String[] symbol = new String[256];
    int n = 0;
    for (int b = 0; b < 256; b++) {
      symbol[b] =
          printable.contains(b) ? String.valueOf((char) b) : String.valueOf((char) (256 + n++));
    }
    return List.of(symbol);
  }
}
