package io.streamtune.bench.doctor;

import io.streamtune.bench.run.CommonOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

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

  /**
   * The command line as picocli reads it. Options apply in the order given (picocli sets each as it
   * reads it), so {@code --quick} sets its values and a later option overrides one of them.
   */
  @Command(
      name = "./streamtune bench doctor",
      customSynopsis = "./streamtune bench doctor [options]",
      usageHelpWidth = 100,
      separator = " ",
      sortOptions = false,
      footer = CommonOptions.PORTS_FOOTER)
  static final class Cli {
    /** Picocli over a fresh {@code cli}, the faults' ids listed under the options. */
    static CommandLine commandLine(Cli cli) {
      CommandLine cl = new CommandLine(cli).setOverwrittenOptionsAllowed(true);
      List<String> footer = new ArrayList<>();
      footer.add("Faults: " + String.join(",", Fault.injected().stream().map(Fault::id).toList()));
      footer.addAll(Arrays.asList(cl.getCommandSpec().usageMessage().footer()));
      cl.getCommandSpec().usageMessage().footer(footer.toArray(String[]::new));
      return cl;
    }

    List<Fault> faults = Fault.injected();

    @Option(
        names = "--faults",
        paramLabel = "a,b,...",
        description = "faults to inject (default all; the list below)")
    void faults(String v) {
      faults =
          Arrays.stream(v.split(","))
              .map(String::trim)
              .map(Fault::of)
              .filter(f -> f != Fault.HEALTHY)
              .toList();
    }

    @Option(
        names = "--healthy",
        paramLabel = "M",
        description = "healthy runs, seeds seed..seed+M-1 (default 3)")
    int healthy = 3;

    @Option(
        names = "--steps",
        paramLabel = "N",
        description = "a run ends at this training step (default 400)")
    long steps = 400;

    @Option(
        names = "--max-seconds",
        paramLabel = "S",
        description = "... or after this long training (default 100)")
    int maxSeconds = 100;

    @Option(
        names = "--every",
        paramLabel = "S",
        description = "seconds between reads of GET /train/diagnosis (default 2)")
    int every = 2;

    @Option(
        names = "--per-label",
        paramLabel = "N",
        description = {
          "records per label before the fault (default 8000: 400 steps of 32 read each",
          "training record about once, so a healthy run does not replay its data)"
        })
    int perLabel = 8000;

    @Option(
        names = "--chars",
        paramLabel = "N",
        description = "longest text of a healthy run, in chars (default 110: fits 128 bytes)")
    int chars = 110;

    @Option(
        names = "--long-chars",
        paramLabel = "N",
        description = "longest text of the long-input fault (default 1500)")
    int longChars = 1500;

    @Option(
        names = "--passes",
        paramLabel = "N",
        description = "train.data.passes (default 20; the tiny-set fault uses 1000)")
    int passes = 20;

    @Option(
        names = "--seed",
        paramLabel = "N",
        description = "data draw and model seed (default 42)")
    long seed = 42;

    @Option(
        names = "--toy",
        description = "made-up addresses instead of the State of the Union (no download)")
    boolean toy;

    @Option(
        names = "--quick",
        description = {
          "the smallest run that still goes through everything: one fault",
          "(lr_x100) and one healthy run, 40 steps, toy data"
        })
    void quick(boolean on) {
      toy = true;
      faults = List.of(Fault.LR_HIGH);
      healthy = 1;
      steps = 40;
      maxSeconds = 60;
      perLabel = 300;
    }

    @Option(
        names = "--home",
        paramLabel = "DIR",
        description = "the runs' state (default .streamtune-bench/doctor)")
    Path home;

    @Mixin CommonOptions common = new CommonOptions();
  }

  /** The usage, as {@code --help} prints it. */
  public static String usage() {
    return Cli.commandLine(new Cli()).getUsageMessage();
  }

  /**
   * Reads {@code args}; a bad option is an {@link IllegalArgumentException} naming it, followed by
   * the usage; {@code --help} is a {@link CommonOptions.Usage}.
   */
  public static DoctorOptions parse(String[] args, Map<String, String> env) {
    Cli cli = new Cli();
    CommonOptions.parse(Cli.commandLine(cli), args);
    if (cli.healthy < 0
        || cli.steps < 1
        || cli.maxSeconds < 1
        || cli.every < 1
        || cli.perLabel < 2
        || cli.passes < 1) {
      throw new IllegalArgumentException(
          "--healthy must be ≥ 0; --steps, --max-seconds, --every, --passes ≥ 1; --per-label ≥ 2");
    }
    if (cli.chars < 8 || cli.longChars <= cli.chars) {
      throw new IllegalArgumentException("--chars must be ≥ 8 and --long-chars above it");
    }
    Path root = CommonOptions.root(env);
    return new DoctorOptions(
        root,
        cli.home != null
            ? cli.home.toAbsolutePath()
            : root.resolve(".streamtune-bench").resolve("doctor"),
        cli.common.corpus(env),
        cli.toy,
        cli.faults,
        cli.healthy,
        cli.steps,
        cli.maxSeconds,
        cli.every,
        cli.perLabel,
        cli.chars,
        cli.longChars,
        cli.passes,
        cli.seed,
        cli.common.javaOpts(env));
  }
}
