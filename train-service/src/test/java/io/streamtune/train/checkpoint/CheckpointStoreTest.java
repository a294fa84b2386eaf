package io.streamtune.train.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointStoreTest {

  @TempDir Path dir;

  static Checkpoint.Manifest manifest(long step) {
    return new Checkpoint.Manifest(
        "m",
        step,
        step * 10,
        Instant.now(),
        null,
        Map.of(0, step * 10, 1, step),
        0,
        Map.of("learningRate", 0.001),
        Ledger.State.empty(),
        Map.of());
  }

  Checkpoint write(CheckpointStore store, long step) throws IOException {
    return store.write(
        manifest(step), d -> Files.writeString(d.resolve("weights.bin"), "w" + step));
  }

  @Test
  void keepsTheNewestKAndResumesFromTheNewest() throws IOException {
    CheckpointStore store = new CheckpointStore(dir, 3);
    for (long s = 1; s <= 5; s++) {
      write(store, s * 10);
    }
    assertEquals(3, store.checkpoints().size());
    Checkpoint newest = store.newestValid().orElseThrow();
    assertEquals(50, newest.manifest().step());
    assertEquals(Map.of(0, 500L, 1, 50L), newest.manifest().nextOffsets());
    assertEquals("w50", Files.readString(newest.modelDir().resolve("weights.bin")));
  }

  @Test
  void theBestIsTheNewestCheckpointAtOrBeforeTheBestEvaluationAndOutlivesRotation()
      throws IOException {
    CheckpointStore store = new CheckpointStore(dir, 3);
    for (long s = 1; s <= 4; s++) {
      write(store, s * 10);
    }
    assertEquals(Optional.of("step-000000000030"), store.markBest(35));
    for (long s = 5; s <= 8; s++) {
      write(store, s * 10); // 30 rotates out of the newest three
    }
    Checkpoint best = store.newestValidAtMost(45).orElseThrow();
    assertEquals(30, best.manifest().step());
    assertEquals("w30", Files.readString(best.modelDir().resolve("weights.bin")));
    assertEquals(Optional.empty(), store.markBest(45), "no kept checkpoint at or before 45");
    assertEquals(Optional.of("step-000000000060"), store.markBest(65));
  }

  @Test
  void theCheckpointOfTheBestEvaluationOutlivesKeepLastK() throws IOException {
    CheckpointStore store = new CheckpointStore(dir, 2);
    write(store, 10);
    write(store, 20);
    store.protectNewestAtMost(25); // the best evaluation was at step 25: checkpoint 20 holds it
    for (long s = 3; s <= 6; s++) {
      write(store, s * 10);
    }
    assertEquals(
        List.of("step-000000000020", "step-000000000050", "step-000000000060"),
        store.checkpoints().stream().map(p -> p.getFileName().toString()).toList());
    assertEquals(Optional.of("step-000000000020"), store.markBest(25));
    store.protectNewestAtMost(60); // a better evaluation later: 20 may go
    write(store, 70);
    assertEquals(2, store.checkpoints().size());
  }

  @Test
  void skipsACorruptNewestCheckpointAndMovesItAside() throws IOException {
    CheckpointStore store = new CheckpointStore(dir, 3);
    write(store, 10);
    Checkpoint bad = write(store, 20);
    Files.writeString(bad.modelDir().resolve("weights.bin"), "torn");
    Checkpoint found = store.newestValid().orElseThrow();
    assertEquals(10, found.manifest().step());
    assertTrue(Files.isDirectory(dir.resolve("corrupt-" + bad.dir().getFileName())));
    assertEquals(1, store.checkpoints().size());
  }

  @Test
  void aFolderWithoutManifestIsPartialAndIgnored() throws IOException {
    CheckpointStore store = new CheckpointStore(dir, 3);
    write(store, 10);
    Files.createDirectories(dir.resolve("step-000000000099/model"));
    Files.createDirectories(dir.resolve(".tmp-step-123/model"));
    assertEquals(10, store.newestValid().orElseThrow().manifest().step());
    assertTrue(Files.notExists(dir.resolve(".tmp-step-123")));
  }

  @Test
  void aFailedStateWriteLeavesNothingBehind() throws IOException {
    CheckpointStore store = new CheckpointStore(dir, 3);
    assertThrows(
        IOException.class,
        () ->
            store.write(
                manifest(7),
                d -> {
                  throw new IOException("disk full");
                }));
    try (var s = Files.list(dir)) {
      assertEquals(List.of(), s.toList());
    }
    assertTrue(store.newestValid().isEmpty());
  }

  @Test
  void aRollbackSetsNewerCheckpointsAsideSoARestartResumesFromItsTarget() throws IOException {
    CheckpointStore store = new CheckpointStore(dir, 5);
    for (long s = 1; s <= 5; s++) {
      write(store, s * 10);
    }
    Checkpoint target = store.newestValidAtMost(25).orElseThrow();
    CheckpointStore.RolledBack r = store.rollBackTo(target);
    assertEquals(20, r.target().manifest().step());
    assertEquals(
        List.of("step-000000000030", "step-000000000040", "step-000000000050"), r.setAside());
    // what a restart resumes from: the target, never the newer (diverged) weights
    assertEquals(20, store.newestValid().orElseThrow().manifest().step());
    try (var groups = Files.list(dir.resolve("rolled-back"))) {
      Path group = groups.findFirst().orElseThrow();
      assertTrue(
          group.getFileName().toString().endsWith("-to-step-000000000020"), group.toString());
      assertEquals(
          "w40", Files.readString(group.resolve("step-000000000040/model/weights.bin")), "kept");
    }
    // training on after the rollback writes step 30 again, beside the set-aside one
    write(store, 30);
    assertEquals(30, store.newestValid().orElseThrow().manifest().step());
  }

  @Test
  void aRollbackToTheBestCopyPutsItBackInPlaceWhenRotationRemovedIt() throws IOException {
    CheckpointStore store = new CheckpointStore(dir, 2);
    write(store, 10);
    store.markBest(10);
    for (long s = 2; s <= 4; s++) {
      write(store, s * 10); // 10 rotates out; best/ still holds it
    }
    Checkpoint target = store.newestValidAtMost(15).orElseThrow();
    assertEquals(dir.resolve("best"), target.dir());
    CheckpointStore.RolledBack r = store.rollBackTo(target);
    assertEquals(dir.resolve("step-000000000010"), r.target().dir());
    assertEquals(List.of("step-000000000030", "step-000000000040"), r.setAside());
    Checkpoint resumed = store.newestValid().orElseThrow();
    assertEquals(10, resumed.manifest().step());
    assertEquals("w10", Files.readString(resumed.modelDir().resolve("weights.bin")));
  }

  @Test
  void rolledBackGroupsAreBoundedByKeep() throws IOException {
    CheckpointStore store = new CheckpointStore(dir, 2);
    write(store, 10);
    for (int round = 0; round < 4; round++) {
      write(store, 20);
      store.rollBackTo(store.newestValidAtMost(10).orElseThrow());
      sleepAMillisecond(); // group names carry the time in milliseconds
    }
    try (var groups = Files.list(dir.resolve("rolled-back"))) {
      assertEquals(2, groups.count());
    }
    assertEquals(10, store.newestValid().orElseThrow().manifest().step());
  }

  @Test
  void aTargetThatRotationRemovedIsNotFound() throws IOException {
    CheckpointStore store = new CheckpointStore(dir, 2);
    for (long s = 1; s <= 4; s++) {
      write(store, s * 10);
    }
    assertTrue(store.newestValidAtMost(25).isEmpty(), "10 and 20 were pruned, no best/ kept");
  }

  private static void sleepAMillisecond() {
    try {
      Thread.sleep(2);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
