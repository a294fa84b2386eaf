package io.streamtune.bench.realtext;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** The real-text benchmark's command line; every trainer and ingest setting can be changed. */
public record Options(
    Path root,
    Path home,
    Path corpus,
    Path out,
    double minutes,
    String task,
    int everySeconds,
    int heldOut,
    double heldOutAddressShare,
    int maxTrain,
    int passes,
    int maxCompletionChars,
    int ngramOrder,
    long seed,
    List<String> javaOpts,
    boolean dryRun) {

  public static final String USAGE =
      """
      ./streamtune bench real-text [options]
        --minutes N            training time per task (default 15)
        --task T               label | generation | both (default both: label, then generation)
        --every S              seconds between held-out queries (default 60)
        --heldout N            held-out examples per task (default 1000)
        --heldout-share F      share of each era's addresses held out (default 0.15)
        --max-train N          cap on clean training examples per task (default 0: all)
        --passes N             train.data.passes: passes over the bounded file (default 20)
        --max-completion-chars N  longest next sentence used as a completion (default 120)
        --ngram-order N        order of the byte n-gram baseline (default 5)
        --seed N               corpus shaping, messing and split (default 42)
        --java-opts "..."      more service settings, e.g. "-Dtrain.model.context-length=512"
                               (STREAMTUNE_JAVA_OPTS is added too)
        --home DIR             state of the benchmark's own Streamtune (default .streamtune-bench)
        --corpus DIR           corpus cache (default $STREAMTUNE_CORPORA or ~/.cache/streamtune/corpora)
        --out DIR              curve files (default <home>/out)
        --dry-run              shape the data and print the baselines only; start nothing
      Ports: STREAMTUNE_{KAFKA,CONTROLLER,INGEST,TRAIN,REWARD}_PORT, else 49092/49093/48081/48082/48083.
      """;

  public static Options parse(String[] args, Map<String, String> env) {
    Path root = Path.of(env.getOrDefault("STREAMTUNE_ROOT", ".")).toAbsolutePath().normalize();
    Path home = root.resolve(".streamtune-bench");
    String corporaEnv = env.get("STREAMTUNE_CORPORA");
    Path corpus =
        corporaEnv != null && !corporaEnv.isBlank()
            ? Path.of(corporaEnv)
            : Path.of(System.getProperty("user.home"), ".cache", "streamtune", "corpora");
    Path out = null;
    double minutes = 15;
    String task = "both";
    int every = 60;
    int heldOut = 1000;
    double share = 0.15;
    int maxTrain = 0;
    int passes = 20;
    int maxCompletion = 120;
    int order = 5;
    long seed = 42;
    List<String> javaOpts = new ArrayList<>();
    boolean dryRun = false;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--dry-run")) {
        dryRun = true;
        continue;
      }
      String v = i + 1 < args.length ? args[i + 1] : null;
      if (v == null && !a.equals("--help")) {
        throw new IllegalArgumentException(a + " needs a value\n" + USAGE);
      }
      switch (a) {
        case "--minutes" -> minutes = Double.parseDouble(v);
        case "--task" -> task = v;
        case "--every" -> every = Integer.parseInt(v);
        case "--heldout" -> heldOut = Integer.parseInt(v);
        case "--heldout-share" -> share = Double.parseDouble(v);
        case "--max-train" -> maxTrain = Integer.parseInt(v);
        case "--passes" -> passes = Integer.parseInt(v);
        case "--max-completion-chars" -> maxCompletion = Integer.parseInt(v);
        case "--ngram-order" -> order = Integer.parseInt(v);
        case "--seed" -> seed = Long.parseLong(v);
        case "--java-opts" -> javaOpts.addAll(words(v));
        case "--home" -> home = Path.of(v).toAbsolutePath();
        case "--corpus" -> corpus = Path.of(v).toAbsolutePath();
        case "--out" -> out = Path.of(v).toAbsolutePath();
        case "--help" -> throw new IllegalArgumentException(USAGE);
        default -> throw new IllegalArgumentException("unknown option " + a + "\n" + USAGE);
      }
      i++;
    }
    if (!List.of("label", "generation", "both").contains(task)) {
      throw new IllegalArgumentException("--task is label, generation or both, not " + task);
    }
    if (minutes <= 0 || every <= 0 || heldOut <= 0 || passes < 1 || share <= 0 || share >= 1) {
      throw new IllegalArgumentException(
          "--minutes, --every, --heldout and --passes must be positive, --heldout-share in (0, 1)");
    }
    javaOpts.addAll(words(env.getOrDefault("STREAMTUNE_JAVA_OPTS", "")));
    return new Options(
        root,
        home,
        corpus,
        out == null ? home.resolve("out") : out,
        minutes,
        task,
        every,
        heldOut,
        share,
        maxTrain,
        passes,
        maxCompletion,
        order,
        seed,
        List.copyOf(javaOpts),
        dryRun);
  }

  /** Whitespace-separated words of a setting such as --java-opts. */
  public static List<String> words(String s) {
    return s == null || s.isBlank() ? List.of() : Arrays.asList(s.trim().split("\\s+"));
  }

  public List<String> tasks() {
    return task.equals("both") ? List.of("label", "generation") : List.of(task);
  }
}
