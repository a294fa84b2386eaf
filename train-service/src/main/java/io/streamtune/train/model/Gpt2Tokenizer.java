package io.streamtune.train.model;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.GptBytePairEncodingParams;
import com.knuddels.jtokkit.api.IntArrayList;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * GPT-2's byte-level BPE ({@code r50k_base}, read from the jtokkit jar: nothing is downloaded),
 * optionally cut to its first {@code merges} ranks. Ranks are GPT-2's own ids; one id after the
 * last rank is {@code <|endoftext|>} (50256 for the full vocabulary), and it is BOS, EOS and PAD at
 * once, as in GPT-2: padding is never scored and the causal mask hides it, and BOS needs no row of
 * its own because position 0 has its own position embedding.
 *
 * <p>A compact vocabulary keeps the {@code merges} most frequent merges (BPE ranks are in merge
 * order), so every text still encodes (the 256 byte tokens are the first ranks) with a smaller
 * embedding; the full one keeps ids compatible with pretrained GPT-2. Never fails on any Java
 * string: an unpaired surrogate encodes as '?', like {@link ByteTokenizer}. Decoding drops {@code
 * <|endoftext|>} and ids outside the vocabulary, and turns byte sequences that are not UTF-8 into
 * U+FFFD.
 */
public final class Gpt2Tokenizer implements Tokenizer {

  /** Ranks in r50k_base, i.e. GPT-2's 256 byte tokens plus its 50,000 merges. */
  public static final int FULL_RANKS = 50256;

  /** The fewest ranks allowed: the 256 byte tokens plus 256 merges. */
  public static final int MIN_RANKS = 512;

  private static final String RESOURCE = "/com/knuddels/jtokkit/r50k_base.tiktoken";
  private static final String END_OF_TEXT = "<|endoftext|>";

  /** r50k_base's pre-tokenizer (the same one jtokkit and tiktoken use for GPT-2). */
  private static final Pattern SPLIT =
      Pattern.compile(
          "'(?:[sdmt]|ll|ve|re)| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+",
          Pattern.UNICODE_CHARACTER_CLASS);

  private final int ranks;
  private final int endOfText;
  private final Encoding encoding;

  private Gpt2Tokenizer(int ranks) {
    if (ranks < MIN_RANKS || ranks > FULL_RANKS) {
      throw new IllegalArgumentException(
          "GPT-2 vocabulary must keep between " + MIN_RANKS + " and " + FULL_RANKS + " ranks");
    }
    this.ranks = ranks;
    this.endOfText = ranks;
    this.encoding =
        Encodings.newLazyEncodingRegistry()
            .registerGptBytePairEncoding(
                new GptBytePairEncodingParams(
                    "r50k_base_" + ranks, SPLIT, loadRanks(ranks), Map.of(END_OF_TEXT, ranks)))
            .getEncoding("r50k_base_" + ranks)
            .orElseThrow();
  }

  /** GPT-2's whole vocabulary: 50,257 ids, {@code <|endoftext|>} = 50256. */
  public static Gpt2Tokenizer full() {
    return new Gpt2Tokenizer(FULL_RANKS);
  }

  /** GPT-2's first {@code ranks} ranks plus {@code <|endoftext|>}: {@code ranks + 1} ids. */
  public static Gpt2Tokenizer compact(int ranks) {
    return new Gpt2Tokenizer(ranks);
  }

  @Override
  public int[] encode(String text) {
    return encoding.encodeOrdinary(wellFormed(text)).toArray();
  }

  @Override
  public String decode(int[] ids) {
    IntArrayList kept = new IntArrayList(ids.length);
    for (int id : ids) {
      if (id >= 0 && id < ranks) {
        kept.add(id);
      }
    }
    return new String(encoding.decodeBytes(kept), StandardCharsets.UTF_8);
  }

  @Override
  public int vocabSize() {
    return ranks + 1;
  }

  @Override
  public int bos() {
    return endOfText;
  }

  @Override
  public int eos() {
    return endOfText;
  }

  @Override
  public int pad() {
    return endOfText;
  }

  @Override
  public String name() {
    return ranks == FULL_RANKS ? "gpt2" : "gpt2-" + (ranks + 1);
  }

  @Override
  public String describe() {
    return "GPT-2 BPE r50k_base"
        + (ranks == FULL_RANKS ? "" : ", first " + ranks + " ranks")
        + " ("
        + vocabSize()
        + " ids)";
  }

  /** {@code text} with each unpaired surrogate replaced by '?' (what UTF-8 encoding does). */
  static String wellFormed(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (Character.isSurrogate(text.charAt(i))) {
        return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
      }
    }
    return text;
  }

  private static Map<byte[], Integer> loadRanks(int keep) {
    Map<byte[], Integer> ranks = new HashMap<>(keep * 2);
    Base64.Decoder base64 = Base64.getDecoder();
    try (InputStream in = Gpt2Tokenizer.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("jtokkit jar lacks " + RESOURCE);
      }
      BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        int space = line.indexOf(' ');
        if (space > 0) {
          int rank = Integer.parseInt(line.substring(space + 1).trim());
          if (rank < keep) {
            ranks.put(base64.decode(line.substring(0, space)), rank);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
    if (ranks.size() != keep) {
      throw new IllegalStateException(
          RESOURCE + " holds " + ranks.size() + " of " + keep + " ranks");
    }
    return ranks;
  }
}
