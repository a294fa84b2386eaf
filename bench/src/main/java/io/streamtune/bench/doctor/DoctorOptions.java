package io.streamtune.bench.doctor;

import static io.streamtune.bench.realtext.Options.words;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** The doctor scorecard's command line. */
public record DoctorOptions(
    Path root,
    Path home,
    Path corpus,
    boolean toy,
    List<Fault> faults,
    int healthy,
    long steps,
    int maxSeconds,
    int everySeconds,
    int perLabel,
    int chars,
    int longChars,
    int passes,
    long seed,
    List<String> javaOpts) {

  public static final String USAGE =
      """
      ./streamtune bench doctor [options]
        --faults a,b,...    faults to inject (default all): %s
        --healthy M         healthy runs, seeds seed..seed+M-1 (default 3)
        --steps N           a run ends at this training step (default 400)
        --max-seconds S     ... or after this long training (default 100)
        --every S           seconds between reads of GET /train/diagnosis (default 2)
        --per-label N       records per label before the fault (default 3000)
        --chars N           longest text of a healthy run, in chars (default 110: fits 128 bytes)
        --long-chars N      longest text of the long-input fault (default 1500)
        --passes N          train.data.passes (default 20; the tiny-set fault uses 1000)
        --seed N            data draw and model seed (default 42)
        --java-opts "..."   more service settings for every run (STREAMTUNE_JAVA_OPTS is added too)
        --toy               made-up addresses instead of the State of the Union (no download)
        --quick             the smallest run that still goes through everything: one fault
                            (lr_x100) and one healthy run, 40 steps, toy data
        --home DIR          the runs' state (default .streamtune-bench/doctor)
        --corpus DIR        corpus cache (default $STREAMTUNE_CORPORA or ~/.cache/streamtune/corpora)
      Ports: STREAMTUNE_{KAFKA,CONTROLLER,INGEST,TRAIN,REWARD}_PORT, else 49092/49093/48081/48082/48083.
      """
          .formatted(String.join(",", Fault.injected().stream().map(Fault::id).toList()));

  public static DoctorOptions parse(String[] args, Map<String, String> env) {
    Path root = Path.of(env.getOrDefault("STREAMTUNE_ROOT", ".")).toAbsolutePath().normalize();
    Path home = root.resolve(".streamtune-bench").resolve("doctor");
    String corporaEnv = env.get("STREAMTUNE_CORPORA");
    Path corpus =
        corporaEnv != null && !corporaEnv.isBlank()
            ? Path.of(corporaEnv)
            : Path.of(System.getProperty("user.home"), ".cache", "streamtune", "corpora");
    boolean toy = false;
    List<Fault> faults = Fault.injected();
    int healthy = 3;
    long steps = 400;
    int maxSeconds = 100;
    int every = 2;
    int perLabel = 3000;
    int chars = 110;
    int longChars = 1500;
    int passes = 20;
    long seed = 42;
    List<String> javaOpts = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--toy") || a.equals("--quick")) {
        toy = true;
        if (a.equals("--quick")) {
          faults = List.of(Fault.LR_HIGH);
          healthy = 1;
          steps = 40;
          maxSeconds = 60;
          perLabel = 300;
        }
        continue;
      }
      if (a.equals("--help")) {
        throw new IllegalArgumentException(USAGE);
      }
      String v = i + 1 < args.length ? args[i + 1] : null;
      if (v == null) {
        throw new IllegalArgumentException(a + " needs a value\n" + USAGE);
      }
      switch (a) {
        case "--faults" ->
            faults =
                Arrays.stream(v.split(","))
                    .map(String::trim)
                    .map(Fault::of)
                    .filter(f -> f != Fault.HEALTHY)
                    .toList();
        case "--healthy" -> healthy = Integer.parseInt(v);
        case "--steps" -> steps = Long.parseLong(v);
        case "--max-seconds" -> maxSeconds = Integer.parseInt(v);
        case "--every" -> every = Integer.parseInt(v);
        case "--per-label" -> perLabel = Integer.parseInt(v);
        case "--chars" -> chars = Integer.parseInt(v);
        case "--long-chars" -> longChars = Integer.parseInt(v);
        case "--passes" -> passes = Integer.parseInt(v);
        case "--seed" -> seed = Long.parseLong(v);
        case "--java-opts" -> javaOpts.addAll(words(v));
        case "--home" -> home = Path.of(v).toAbsolutePath();
        case "--corpus" -> corpus = Path.of(v).toAbsolutePath();
        default -> throw new IllegalArgumentException("unknown option " + a + "\n" + USAGE);
      }
      i++;
    }
    if (healthy < 0 || steps < 1 || maxSeconds < 1 || every < 1 || perLabel < 2 || passes < 1) {
      throw new IllegalArgumentException(
          "--healthy must be ≥ 0; --steps, --max-seconds, --every, --passes ≥ 1; --per-label ≥ 2");
    }
    if (chars < 8 || longChars <= chars) {
      throw new IllegalArgumentException("--chars must be ≥ 8 and --long-chars above it");
    }
    javaOpts.addAll(words(env.getOrDefault("STREAMTUNE_JAVA_OPTS", "")));
    return new DoctorOptions(
        root,
        home,
        corpus,
        toy,
        faults,
        healthy,
        steps,
        maxSeconds,
        every,
        perLabel,
        chars,
        longChars,
        passes,
        seed,
        List.copyOf(javaOpts));
  }
}
