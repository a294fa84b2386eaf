package io.streamtune.train.checkpoint;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/**
 * One valid checkpoint folder.
 *
 * @param dir the folder ({@code step-000000000123})
 * @param manifest what it holds
 */
public record Checkpoint(Path dir, Manifest manifest) {

  /** Where {@code TrainerState.save} wrote the weights and optimizer state. */
  public Path modelDir() {
    return dir.resolve(CheckpointStore.MODEL_DIR);
  }

  /**
   * manifest.json, written last: a checkpoint without a manifest (or whose files do not match it)
   * is partial and never resumed from.
   *
   * @param model the model's name
   * @param step the trainer's step count in these weights
   * @param samplesSeen records trained into these weights
   * @param createdAt when it was written
   * @param parent the checkpoint these weights continued from (after a restart), or null
   * @param nextOffsets records.clean partition → the next offset to read after these weights
   * @param pass the pass over a bounded topic these offsets belong to
   * @param hyperparameters the values in force when it was written (runtime changes included)
   * @param ledger the training history of these weights
   * @param files relative path → size and SHA-256 of every other file in the folder
   */
  public record Manifest(
      String model,
      long step,
      long samplesSeen,
      Instant createdAt,
      String parent,
      Map<Integer, Long> nextOffsets,
      int pass,
      Map<String, Object> hyperparameters,
      Ledger.State ledger,
      Map<String, FileEntry> files) {}

  public record FileEntry(long size, String sha256) {}
}
