package io.streamtune.bench.doctor;

import io.streamtune.ingest.clean.Fingerprints;
import io.streamtune.ingest.clean.MinHash;

/**
 * Which side of ingest's train/eval split a label record's text lands on, by ingest's own code: the
 * split follows the near-duplicate cluster ({@code MinHash.isEval} over the signature of the text's
 * skeleton, at ingest's default shingle size), so the benchmark cannot drift from ingest's rule.
 * Two faults need it: a leak that must show in training but not in eval, and a tiny training set
 * beside a normal eval set. The benchmark still checks the count it expects against ingest's own
 * eval count after each run (a run with other ingest settings is seen, not silently scored).
 */
final class IngestSplit {

  /** {@code ingest.near.shingle-size}'s default, the setting the benchmark's runs use. */
  private static final MinHash MIN_HASH = new MinHash(MinHash.DEFAULT_SHINGLE_SIZE);

  private IngestSplit() {}

  /** True when ingest sends this text to records.eval. */
  static boolean isEval(String text, double evalFraction) {
    return MinHash.isEval(MIN_HASH.signature(Fingerprints.skeleton(text)), evalFraction);
  }
}
