package io.streamtune.bench.realtext;

import io.streamtune.bench.run.CommonOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

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

  /** The command line as picocli reads it; {@link #parse} turns it into an {@link Options}. */
  @Command(
      name = "./streamtune bench real-text",
      customSynopsis = "./streamtune bench real-text [options]",
      usageHelpWidth = 100,
      separator = " ",
      sortOptions = false,
      footer = CommonOptions.PORTS_FOOTER)
  static final class Cli {
    @Option(
        names = "--minutes",
        paramLabel = "N",
        description = "training time per task (default 15)")
    double minutes = 15;

    @Option(
        names = "--task",
        paramLabel = "T",
        description = "label | generation | both (default both: label, then generation)")
    String task = "both";

    @Option(
        names = "--every",
        paramLabel = "S",
        description = "seconds between held-out queries (default 60)")
    int every = 60;

    @Option(
        names = "--heldout",
        paramLabel = "N",
        description = "held-out examples per task (default 1000)")
    int heldOut = 1000;

    @Option(
        names = "--heldout-share",
        paramLabel = "F",
        description = "share of each era's addresses held out (default 0.15)")
    double share = 0.15;

    @Option(
        names = "--max-train",
        paramLabel = "N",
        description = "cap on clean training examples per task (default 0: all)")
    int maxTrain = 0;

    @Option(
        names = "--passes",
        paramLabel = "N",
        description = "train.data.passes: passes over the bounded file (default 20)")
    int passes = 20;

    @Option(
        names = "--max-completion-chars",
        paramLabel = "N",
        description = "longest next sentence used as a completion (default 120)")
    int maxCompletion = 120;

    @Option(
        names = "--ngram-order",
        paramLabel = "N",
        description = "order of the byte n-gram baseline (default 5)")
    int order = 5;

    @Option(
        names = "--seed",
        paramLabel = "N",
        description = "corpus shaping, messing and split (default 42)")
    long seed = 42;

    @Option(
        names = "--home",
        paramLabel = "DIR",
        description = "state of the benchmark's own Streamtune (default .streamtune-bench)")
    Path home;

    @Option(names = "--out", paramLabel = "DIR", description = "curve files (default <home>/out)")
    Path out;

    @Option(
        names = "--dry-run",
        description = "shape the data and print the baselines only; start nothing")
    boolean dryRun;

    @Mixin CommonOptions common = new CommonOptions();
  }

  /** The usage, as {@code --help} prints it. */
  public static String usage() {
    return new CommandLine(new Cli()).getUsageMessage();
  }

  /**
   * Reads {@code args}; a bad option is an {@link IllegalArgumentException} naming it, followed by
   * the usage; {@code --help} is a {@link CommonOptions.Usage}.
   */
  public static Options parse(String[] args, Map<String, String> env) {
    Cli cli = new Cli();
    CommonOptions.parse(new CommandLine(cli).setOverwrittenOptionsAllowed(true), args);
    if (!List.of("label", "generation", "both").contains(cli.task)) {
      throw new IllegalArgumentException("--task is label, generation or both, not " + cli.task);
    }
    if (cli.minutes <= 0
        || cli.every <= 0
        || cli.heldOut <= 0
        || cli.passes < 1
        || cli.share <= 0
        || cli.share >= 1) {
      throw new IllegalArgumentException(
          "--minutes, --every, --heldout and --passes must be positive, --heldout-share in (0, 1)");
    }
    Path root = CommonOptions.root(env);
    Path home = cli.home != null ? cli.home.toAbsolutePath() : root.resolve(".streamtune-bench");
    return new Options(
        root,
        home,
        cli.common.corpus(env),
        cli.out != null ? cli.out.toAbsolutePath() : home.resolve("out"),
        cli.minutes,
        cli.task,
        cli.every,
        cli.heldOut,
        cli.share,
        cli.maxTrain,
        cli.passes,
        cli.maxCompletion,
        cli.order,
        cli.seed,
        cli.common.javaOpts(env),
        cli.dryRun);
  }

  public List<String> tasks() {
    return task.equals("both") ? List.of("label", "generation") : List.of(task);
  }
}
