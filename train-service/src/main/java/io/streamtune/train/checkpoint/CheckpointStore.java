package io.streamtune.train.checkpoint;

import io.streamtune.common.JsonSerde;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Checkpoint folders under one model's directory: {@code step-<12 digits>/} with {@code model/}
 * (the trainer's state) and {@code manifest.json}. Written atomically: everything goes into a
 * {@code .tmp-*} folder, is flushed to disk, and the folder is renamed into place; a crash leaves
 * at most a temp folder, which is ignored and removed on the next start. Keeps the newest K. A
 * rollback moves the checkpoints newer than its target to {@code rolled-back/} ({@link
 * #rollBackTo}), so a restart resumes from the rolled-back weights.
 */
public final class CheckpointStore {

  private static final Logger LOG = Logger.getLogger(CheckpointStore.class);
  static final String MODEL_DIR = "model";
  static final String MANIFEST = "manifest.json";
  private static final String PREFIX = "step-";
  static final String BEST = "best";
  static final String ROLLED_BACK = "rolled-back";

  /** Writes the trainer's state into an existing empty folder. */
  @FunctionalInterface
  public interface StateWriter {
    void write(Path modelDir) throws IOException;
  }

  private final Path dir;
  private final int keep;
  private volatile long protectedStep = -1;

  public CheckpointStore(Path dir, int keep) {
    this.dir = dir;
    this.keep = keep;
  }

  public Path dir() {
    return dir;
  }

  /**
   * Writes one checkpoint. {@code manifest.files()} is ignored and replaced by the files written.
   *
   * @return the checkpoint as written
   */
  public Checkpoint write(Checkpoint.Manifest manifest, StateWriter state) throws IOException {
    Files.createDirectories(dir);
    Path tmp = Files.createTempDirectory(dir, ".tmp-" + PREFIX);
    try {
      Path model = Files.createDirectory(tmp.resolve(MODEL_DIR));
      state.write(model);
      Map<String, Checkpoint.FileEntry> files = new TreeMap<>();
      try (Stream<Path> walk = Files.walk(tmp)) {
        for (Path f : walk.filter(Files::isRegularFile).toList()) {
          force(f);
          files.put(tmp.relativize(f).toString(), entry(f));
        }
      }
      Checkpoint.Manifest full =
          new Checkpoint.Manifest(
              manifest.model(),
              manifest.step(),
              manifest.samplesSeen(),
              manifest.createdAt(),
              manifest.parent(),
              manifest.nextOffsets(),
              manifest.pass(),
              manifest.hyperparameters(),
              manifest.ledger(),
              files);
      Path m = tmp.resolve(MANIFEST);
      Files.write(m, JsonSerde.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(full));
      force(m);
      force(model);
      force(tmp);
      Path target = dir.resolve(name(manifest.step()));
      if (Files.exists(target)) {
        deleteTree(target); // same step written again (e.g. shutdown right after a periodic one)
      }
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
      force(dir);
      prune();
      return new Checkpoint(target, full);
    } catch (IOException | RuntimeException e) {
      deleteTree(tmp);
      throw e;
    }
  }

  /** The newest checkpoint whose manifest and files are intact; corrupt or partial ones skipped. */
  public Optional<Checkpoint> newestValid() {
    removeTemps();
    List<Path> newestFirst = new java.util.ArrayList<>(checkpoints());
    java.util.Collections.reverse(newestFirst);
    for (Path p : newestFirst) {
      try {
        return Optional.of(read(p));
      } catch (IOException | RuntimeException e) {
        // Moved aside (kept for inspection) so it never counts among the K kept ones again.
        Path aside = p.resolveSibling("corrupt-" + p.getFileName());
        LOG.warnf(
            "skipping checkpoint %s (%s): moved to %s",
            p.getFileName(), e.getMessage(), aside.getFileName());
        try {
          Files.move(p, aside, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException moveFailed) {
          LOG.warnf("cannot move %s aside: %s", p, moveFailed.getMessage());
        }
      }
    }
    return Optional.empty();
  }

  /** The newest intact checkpoint at or before {@code maxStep} (for a rollback). */
  public Optional<Checkpoint> newestValidAtMost(long maxStep) {
    Optional<Checkpoint> kept = newestIntactAtMost(maxStep);
    if (kept.isPresent()) {
      return kept;
    }
    Path best = dir.resolve(BEST);
    if (Files.isDirectory(best)) {
      try {
        Checkpoint c = read(best);
        if (c.manifest().step() <= maxStep) {
          return Optional.of(c);
        }
      } catch (IOException | RuntimeException e) {
        LOG.warnf("not rolling back to the best checkpoint: %s", e.getMessage());
      }
    }
    return Optional.empty();
  }

  /**
   * Copies the newest intact checkpoint at or before {@code maxStep} (the step of the best
   * evaluation) to {@code best/}, atomically replacing the previous best, where "keep last K" never
   * removes it. Empty when no such checkpoint is kept any more.
   *
   * @return the name of the checkpoint now kept as best
   */
  public Optional<String> markBest(long maxStep) throws IOException {
    Optional<Checkpoint> found = newestIntactAtMost(maxStep);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    Path newest = found.get().dir();
    Path tmp = copyToTemp(newest, ".tmp-best-");
    Path best = dir.resolve(BEST);
    Path old = dir.resolve(".old-best");
    if (Files.exists(best)) {
      deleteTree(old);
      Files.move(best, old, StandardCopyOption.ATOMIC_MOVE);
    }
    Files.move(tmp, best, StandardCopyOption.ATOMIC_MOVE);
    deleteTree(old);
    return Optional.of(newest.getFileName().toString());
  }

  /**
   * Makes {@code target} the newest checkpoint a restart resumes from, for a rollback: every
   * checkpoint folder newer than it moves to {@code rolled-back/at-<millis>-to-<step>/} (kept for
   * inspection, never resumed from; the newest {@code keep} such groups are kept), and a target
   * that is the {@code best/} copy is first copied into place as {@code step-<step>/}. Folders are
   * moved before the caller loads the weights, so a crash at any point leaves the target (or the
   * diverged weights still in memory only) as the newest checkpoint on disk.
   *
   * @return the target as a kept {@code step-*} checkpoint, and the names moved aside
   */
  public RolledBack rollBackTo(Checkpoint target) throws IOException {
    long step = target.manifest().step();
    Checkpoint kept = target;
    Path inPlace = dir.resolve(name(step));
    if (!target.dir().equals(inPlace)) {
      Path tmp = copyToTemp(target.dir(), ".tmp-" + PREFIX);
      if (Files.exists(inPlace)) {
        deleteTree(inPlace); // a folder of that step that did not verify: the copy replaces it
      }
      Files.move(tmp, inPlace, StandardCopyOption.ATOMIC_MOVE);
      kept = read(inPlace);
    }
    List<Path> newer = checkpoints().stream().filter(p -> stepOf(p) > step).toList();
    if (newer.isEmpty()) {
      force(dir);
      return new RolledBack(kept, List.of());
    }
    Path group =
        dir.resolve(ROLLED_BACK)
            .resolve(String.format("at-%013d-to-%s", System.currentTimeMillis(), name(step)));
    Files.createDirectories(group);
    List<String> moved = new java.util.ArrayList<>();
    for (Path p : newer) {
      Files.move(p, group.resolve(p.getFileName()), StandardCopyOption.ATOMIC_MOVE);
      moved.add(p.getFileName().toString());
    }
    force(group);
    force(dir);
    pruneRolledBack();
    return new RolledBack(kept, List.copyOf(moved));
  }

  /**
   * What a rollback left on disk.
   *
   * @param target the checkpoint resumed from after a restart
   * @param setAside the newer checkpoint folders moved to {@code rolled-back/}
   */
  public record RolledBack(Checkpoint target, List<String> setAside) {}

  private void pruneRolledBack() {
    Path root = dir.resolve(ROLLED_BACK);
    try (Stream<Path> s = Files.list(root)) {
      List<Path> groups = s.sorted(Comparator.comparing(p -> p.getFileName().toString())).toList();
      for (int i = 0; i < groups.size() - keep; i++) {
        deleteTree(groups.get(i));
      }
    } catch (IOException e) {
      LOG.warnf("cannot list %s: %s", root, e.getMessage());
    }
  }

  /** A flushed copy of a checkpoint folder in a new temp folder of this store. */
  private Path copyToTemp(Path from, String prefix) throws IOException {
    Path tmp = Files.createTempDirectory(dir, prefix);
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : s.toList()) {
        Path t = tmp.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(t);
        } else {
          Files.copy(p, t);
          force(t);
        }
      }
    } catch (IOException | RuntimeException e) {
      deleteTree(tmp);
      throw e;
    }
    return tmp;
  }

  /** The newest kept checkpoint at or before {@code maxStep} that reads and verifies. */
  private Optional<Checkpoint> newestIntactAtMost(long maxStep) {
    List<Path> newestFirst = new java.util.ArrayList<>(checkpoints());
    java.util.Collections.reverse(newestFirst);
    for (Path p : newestFirst) {
      if (stepOf(p) > maxStep) {
        continue; // newer by its name: not worth hashing every file to find out
      }
      try {
        Checkpoint c = read(p);
        if (c.manifest().step() <= maxStep) {
          return Optional.of(c);
        }
      } catch (IOException | RuntimeException e) {
        LOG.warnf("skipping checkpoint %s: %s", p.getFileName(), e.getMessage());
      }
    }
    return Optional.empty();
  }

  /** Reads and verifies one checkpoint folder. */
  public static Checkpoint read(Path p) throws IOException {
    Checkpoint.Manifest m =
        JsonSerde.MAPPER.readValue(p.resolve(MANIFEST).toFile(), Checkpoint.Manifest.class);
    if (m.files() == null || m.files().isEmpty() || m.nextOffsets() == null) {
      throw new IOException("manifest lists no files or offsets");
    }
    for (Map.Entry<String, Checkpoint.FileEntry> e : m.files().entrySet()) {
      Path f = p.resolve(e.getKey()).normalize();
      if (!f.startsWith(p) || !Files.isRegularFile(f)) {
        throw new IOException("missing file " + e.getKey());
      }
      Checkpoint.FileEntry actual = entry(f);
      if (!actual.equals(e.getValue())) {
        throw new IOException("file " + e.getKey() + " does not match its manifest entry");
      }
    }
    return new Checkpoint(p, m);
  }

  /** Checkpoint folders, oldest first. */
  public List<Path> checkpoints() {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().matches(PREFIX + "\\d{12}"))
          .sorted(Comparator.comparing(p -> p.getFileName().toString()))
          .toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  static String name(long step) {
    return String.format("%s%012d", PREFIX, step);
  }

  /**
   * Keeps the newest checkpoint at or before {@code step} (the best evaluation so far) beyond "keep
   * last K", so the doctor can still mark it as best when overfitting shows much later.
   */
  public void protectNewestAtMost(long step) {
    protectedStep = step;
  }

  private void prune() {
    List<Path> all = checkpoints();
    Path kept = null;
    for (Path p : all) {
      if (stepOf(p) <= protectedStep) {
        kept = p; // ascending: the last one at or before the protected step
      }
    }
    for (int i = 0; i < all.size() - keep; i++) {
      if (!all.get(i).equals(kept)) {
        deleteTree(all.get(i));
      }
    }
  }

  private static long stepOf(Path checkpoint) {
    return Long.parseLong(checkpoint.getFileName().toString().substring(PREFIX.length()));
  }

  private void removeTemps() {
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (Stream<Path> s = Files.list(dir)) {
      s.filter(p -> p.getFileName().toString().startsWith(".tmp-"))
          .forEach(CheckpointStore::deleteTree);
    } catch (IOException e) {
      LOG.warnf("cannot list %s: %s", dir, e.getMessage());
    }
  }

  private static Checkpoint.FileEntry entry(Path f) throws IOException {
    try (InputStream in = new DigestInputStream(Files.newInputStream(f), sha256())) {
      MessageDigest d = ((DigestInputStream) in).getMessageDigest();
      in.transferTo(java.io.OutputStream.nullOutputStream());
      return new Checkpoint.FileEntry(Files.size(f), HexFormat.of().formatHex(d.digest()));
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Flushes a file or folder to disk, so the rename publishes complete data. */
  private static void force(Path p) {
    try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      // some file systems cannot fsync folders; the rename is still atomic
    }
  }

  static void deleteTree(Path p) {
    if (p == null || !Files.exists(p)) {
      return;
    }
    try (Stream<Path> s = Files.walk(p)) {
      s.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      LOG.warnf("cannot delete %s: %s", p, e.getMessage());
    }
  }
}
