package io.streamtune.train.model;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.CharSpan;
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
  private final int unknown;
  private final Map<Integer, Boolean> dropped = new java.util.concurrent.ConcurrentHashMap<>();

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
    JsonNode unk = json.path("model").path("unk_token");
    JsonNode unkId = unk.isTextual() ? json.path("model").path("vocab").path(unk.asText()) : null;
    this.unknown = unkId != null && unkId.isInt() ? unkId.asInt() : -1;
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

  /**
   * Never fails: a model that refuses a word (WordLevel or WordPiece without a usable unknown
   * token) makes the text be encoded piece by piece (a word and the space after it), leaving out
   * the pieces it refuses.
   */
  @Override
  public int[] encode(String text) {
    try {
      return ints(delegate.encode(text, false, false).getIds());
    } catch (RuntimeException e) {
      List<Long> ids = new ArrayList<>();
      for (String piece : pieces(text)) {
        try {
          for (long id : delegate.encode(piece, false, false).getIds()) {
            ids.add(id);
          }
        } catch (RuntimeException refused) {
          // counted by uncovered(): the piece cannot be encoded
        }
      }
      return ids.stream().mapToInt(Long::intValue).toArray();
    }
  }

  /**
   * Characters no token stands for: those the model drops (a BPE without an unknown token leaves
   * out a symbol it lacks: it is found by encoding that character alone, once), those inside the
   * unknown token's span, and those in a piece the model refuses.
   */
  @Override
  public int uncovered(String text) {
    try {
      return uncovered(text, delegate.encode(text, false, false));
    } catch (RuntimeException e) {
      int count = 0;
      for (String piece : pieces(text)) {
        try {
          count += uncovered(piece, delegate.encode(piece, false, false));
        } catch (RuntimeException refused) {
          count += visible(piece, 0, piece.length());
        }
      }
      return count;
    }
  }

  /** Spans are code-point offsets; they are exact only when nothing was dropped before them. */
  private int uncovered(String text, Encoding encoding) {
    int[] points = text.codePoints().toArray();
    boolean[] unknownSpan = new boolean[points.length];
    long[] ids = encoding.getIds();
    CharSpan[] spans = encoding.getCharTokenSpans();
    for (int i = 0; unknown >= 0 && i < ids.length && i < spans.length; i++) {
      if (ids[i] == unknown && spans[i] != null) {
        for (int c = Math.max(0, spans[i].getStart());
            c < Math.min(points.length, spans[i].getEnd());
            c++) {
          unknownSpan[c] = true;
        }
      }
    }
    int count = 0;
    for (int c = 0; c < points.length; c++) {
      if (!Character.isWhitespace(points[c]) && (unknownSpan[c] || dropped(points[c]))) {
        count++;
      }
    }
    return count;
  }

  /** Whether the model encodes this character, alone, as nothing at all (cached). */
  private boolean dropped(int codePoint) {
    Boolean known = dropped.get(codePoint);
    if (known != null) {
      return known;
    }
    boolean none;
    try {
      none =
          delegate.encode(new String(Character.toChars(codePoint)), false, false).getIds().length
              == 0;
    } catch (RuntimeException refused) {
      none = false; // a refused word is counted by the piecewise path
    }
    if (dropped.size() < 65_536) {
      dropped.put(codePoint, none);
    }
    return none;
  }

  /** Code points of {@code text[from, to)} that are not whitespace. */
  private static int visible(String text, int from, int to) {
    return (int)
        text.substring(from, to).codePoints().filter(c -> !Character.isWhitespace(c)).count();
  }

  /** The text cut after each run of whitespace: "a b c" → "a ", "b ", "c". */
  private static List<String> pieces(String text) {
    return List.of(text.split("(?<=\\s)(?=\\S)"));
  }

  private static int[] ints(long[] ids) {
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
