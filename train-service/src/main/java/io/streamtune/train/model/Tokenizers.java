package io.streamtune.train.model;

import java.nio.file.Path;

/** Picks the tokenizer a configuration asks for. */
public final class Tokenizers {

  private Tokenizers() {}

  /** The byte-level tokenizer when {@code path} is null or blank, else the tokenizer.json there. */
  public static Tokenizer forPath(String path) {
    if (path == null || path.isBlank()) {
      return new ByteTokenizer();
    }
    return HfTokenizer.load(Path.of(path.trim()));
  }
}
