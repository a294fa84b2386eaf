package io.streamtune.train.loop;

import io.streamtune.train.checkpoint.Ledger;
import java.util.HashMap;
import java.util.Map;

/**
 * What the training thread knows about the weights it is training: the records trained into them
 * (ledger, sample count) and where reading continues (next offset per partition). Exactly this goes
 * into a checkpoint, so a checkpoint's offsets always match its weights.
 */
final class LoopState {
  final Ledger ledger;
  final Map<Integer, Long> nextOffsets;
  long samplesSeen;
  int pass;
  String parent;

  /** The state a checkpoint holds (resume and rollback). */
  static LoopState from(io.streamtune.train.checkpoint.Checkpoint ck) {
    io.streamtune.train.checkpoint.Checkpoint.Manifest m = ck.manifest();
    return new LoopState(
        new Ledger(m.ledger() == null ? Ledger.State.empty() : m.ledger()),
        m.nextOffsets(),
        m.samplesSeen(),
        m.pass(),
        ck.dir().getFileName().toString());
  }

  LoopState(
      Ledger ledger, Map<Integer, Long> nextOffsets, long samplesSeen, int pass, String parent) {
    this.ledger = ledger;
    this.nextOffsets = new HashMap<>(nextOffsets);
    this.samplesSeen = samplesSeen;
    this.pass = pass;
    this.parent = parent;
  }
}
