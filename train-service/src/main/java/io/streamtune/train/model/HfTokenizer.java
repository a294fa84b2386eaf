package io.streamtune.train.model;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A Hugging Face {@code tokenizer.json} read from a local path (nothing is downloaded). The
 * vocabulary size and the special ids are read from the same file: the largest id in the model
 * vocabulary or the added tokens, plus one; BOS/EOS/PAD are the first added tokens named like
 * GPT-2's {@code <|endoftext|>} or the usual {@code <s>}, {@code </s>}, {@code <pad>}. A file with
 * no end-of-text token is rejected: completions must be able to end.
 */
public final class HfTokenizer implements Tokenizer {

  private static final List<String> EOS_NAMES =
      List.of("<|endoftext|>", "</s>", "<eos>", "<|end_of_text|>", "[SEP]");
  private static final List<String> BOS_NAMES =
      List.of("<|endoftext|>", "<s>", "<bos>", "<|begin_of_text|>", "[CLS]");
  private static final List<String> PAD_NAMES = List.of("<pad>", "<|pad|>", "[PAD]");

  private final HuggingFaceTokenizer delegate;
  private final Path path;
  private final int vocabSize;
  private final int bos;
  private final int eos;
  private final int pad;
  private final String digest;

  private HfTokenizer(HuggingFaceTokenizer delegate, Path path, JsonNode json, String digest) {
    this.delegate = delegate;
    this.path = path;
    this.digest = digest;
    Map<String, Integer> added = new java.util.LinkedHashMap<>();
    int max = -1;
    for (JsonNode token : json.path("added_tokens")) {
      added.put(token.path("content").asText(), token.path("id").asInt());
      max = Math.max(max, token.path("id").asInt());
    }
    for (JsonNode id : iterable(json.path("model").path("vocab"))) {
      max = Math.max(max, id.asInt());
    }
    this.vocabSize = max + 1;
    this.eos = find(added, EOS_NAMES, -1);
    if (eos < 0) {
      throw new IllegalArgumentException(
          "tokenizer "
              + path
              + " has no end-of-text token among its added_tokens (looked for "
              + EOS_NAMES
              + ")");
    }
    this.bos = find(added, BOS_NAMES, eos);
    this.pad = find(added, PAD_NAMES, eos);
  }

  /** Loads {@code path} (a tokenizer.json file, or a folder holding one). */
  public static HfTokenizer load(Path path) {
    Path file = Files.isDirectory(path) ? path.resolve("tokenizer.json") : path;
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("tokenizer file not found: " + file);
    }
    try {
      JsonNode json = new ObjectMapper().readTree(file.toFile());
      HuggingFaceTokenizer tokenizer =
          HuggingFaceTokenizer.newInstance(
              file, Map.of("addSpecialTokens", "false", "truncation", "false", "padding", "false"));
      return new HfTokenizer(tokenizer, file, json, sha256(Files.readAllBytes(file)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read tokenizer " + file, e);
    }
  }

  @Override
  public int[] encode(String text) {
    Encoding encoding = delegate.encode(text, false, false);
    long[] ids = encoding.getIds();
    int[] out = new int[ids.length];
    for (int i = 0; i < ids.length; i++) {
      out[i] = (int) ids[i];
    }
    return out;
  }

  @Override
  public String decode(int[] ids) {
    List<Long> kept = new ArrayList<>(ids.length);
    for (int id : ids) {
      if (id >= 0 && id < vocabSize) {
        kept.add((long) id);
      }
    }
    return delegate.decode(kept.stream().mapToLong(Long::longValue).toArray(), true);
  }

  @Override
  public int vocabSize() {
    return vocabSize;
  }

  @Override
  public int bos() {
    return bos;
  }

  @Override
  public int eos() {
    return eos;
  }

  @Override
  public int pad() {
    return pad;
  }

  /** "huggingface:" and the first 16 hex digits of the file's SHA-256 (moving the file is fine). */
  @Override
  public String name() {
    return "huggingface:" + digest;
  }

  @Override
  public String describe() {
    return "huggingface " + path + " (" + vocabSize + " ids)";
  }

  @Override
  public void close() {
    delegate.close();
  }

  private static String sha256(byte[] bytes) {
    try {
      byte[] hash = java.security.MessageDigest.getInstance("SHA-256").digest(bytes);
      return java.util.HexFormat.of().formatHex(hash, 0, 8);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  private static int find(Map<String, Integer> added, List<String> names, int fallback) {
    for (String name : names) {
      Integer id = added.get(name);
      if (id != null) {
        return id;
      }
    }
    return fallback;
  }

  private static Iterable<JsonNode> iterable(JsonNode node) {
    List<JsonNode> values = new ArrayList<>();
    node.elements().forEachRemaining(values::add);
    return values;
  }
}
