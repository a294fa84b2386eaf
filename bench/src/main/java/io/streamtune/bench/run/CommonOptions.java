package io.streamtune.bench.run;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The options every benchmark command shares (a picocli mixin: {@code @Mixin CommonOptions
 * common}), and how a command line is read: where the repository is, the corpus cache, the service
 * settings added to every run, and {@code --help}.
 */
public final class CommonOptions {

  /** The footer of every command's help: the ports its Streamtune listens on. */
  public static final String PORTS_FOOTER =
      "Ports: STREAMTUNE_{KAFKA,CONTROLLER,INGEST,TRAIN,REWARD}_PORT,"
          + " else 49092/49093/48081/48082/48083.";

  @Option(
      names = "--java-opts",
      paramLabel = "\"...\"",
      description = {
        "more service settings, e.g. \"-Dtrain.model.context-length=512\"",
        "(STREAMTUNE_JAVA_OPTS is added too)"
      })
  List<String> javaOpts = new ArrayList<>();

  @Option(
      names = "--corpus",
      paramLabel = "DIR",
      description = "corpus cache (default $STREAMTUNE_CORPORA or ~/.cache/streamtune/corpora)")
  Path corpus;

  @Option(names = "--help", usageHelp = true, description = "print this and exit")
  boolean help;

  /** The repository the launcher runs from ($STREAMTUNE_ROOT, else the working directory). */
  public static Path root(Map<String, String> env) {
    return Path.of(env.getOrDefault("STREAMTUNE_ROOT", ".")).toAbsolutePath().normalize();
  }

  /** --corpus, else $STREAMTUNE_CORPORA, else ~/.cache/streamtune/corpora. */
  public Path corpus(Map<String, String> env) {
    if (corpus != null) {
      return corpus.toAbsolutePath();
    }
    String corporaEnv = env.get("STREAMTUNE_CORPORA");
    return corporaEnv != null && !corporaEnv.isBlank()
        ? Path.of(corporaEnv)
        : Path.of(System.getProperty("user.home"), ".cache", "streamtune", "corpora");
  }

  /** Every --java-opts word, then STREAMTUNE_JAVA_OPTS's (later settings win). */
  public List<String> javaOpts(Map<String, String> env) {
    List<String> out = new ArrayList<>();
    javaOpts.forEach(v -> out.addAll(words(v)));
    out.addAll(words(env.getOrDefault("STREAMTUNE_JAVA_OPTS", "")));
    return List.copyOf(out);
  }

  /** Whitespace-separated words of a setting such as --java-opts. */
  public static List<String> words(String s) {
    return s == null || s.isBlank() ? List.of() : Arrays.asList(s.trim().split("\\s+"));
  }

  /**
   * Parses {@code args} into {@code cl}'s options: a bad option is an {@link
   * IllegalArgumentException} naming it (a value a setter refused, in the setter's own words),
   * followed by the usage; {@code --help} is a {@link Usage}.
   */
  public static void parse(CommandLine cl, String[] args) {
    try {
      cl.parseArgs(args);
    } catch (ParameterException e) {
      String why =
          e.getCause() instanceof IllegalArgumentException iae ? iae.getMessage() : e.getMessage();
      throw new IllegalArgumentException(why + "\n" + cl.getUsageMessage(), e);
    }
    if (cl.isUsageHelpRequested()) {
      throw new Usage(cl.getUsageMessage());
    }
  }

  /** {@code --help} was asked for: the message is the usage, for standard output. */
  public static final class Usage extends IllegalArgumentException {
    public Usage(String usage) {
      super(usage);
    }
  }
}
