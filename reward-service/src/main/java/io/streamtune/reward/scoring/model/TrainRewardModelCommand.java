package io.streamtune.reward.scoring.model;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code train-reward-model --data FILE --out DIR [--epochs N] [--hidden N] [--dim N] [--seed N]
 * [--held-out F]}: trains the reward model from labelled NDJSON and writes the folder that {@code
 * reward.reward-model.path} points to. {@code --data classpath:reward-model/topic-labels.ndjson}
 * uses the example file shipped in the jar.
 */
public final class TrainRewardModelCommand {

  public static final String NAME = "train-reward-model";

  static final String USAGE =
      "usage: "
          + NAME
          + " --data FILE|classpath:RESOURCE --out DIR"
          + " [--epochs N] [--hidden N] [--dim N] [--seed N] [--held-out F]";

  private TrainRewardModelCommand() {}

  /** Runs the command; returns the process exit code (0 ok, 2 bad arguments, 1 failure). */
  public static int run(String[] args, PrintStream out) {
    Map<String, String> a;
    try {
      a = parse(args);
    } catch (IllegalArgumentException e) {
      out.println(e.getMessage());
      out.println(USAGE);
      return 2;
    }
    try {
      RewardModelTrainer.Options d = RewardModelTrainer.Options.defaults();
      RewardModelTrainer.Options o =
          new RewardModelTrainer.Options(
              intArg(a, "dim", d.dim()),
              intArg(a, "hidden", d.hidden()),
              intArg(a, "epochs", d.epochs()),
              d.batchSize(),
              d.learningRate(),
              Double.parseDouble(a.getOrDefault("held-out", Double.toString(d.heldOut()))),
              Long.parseLong(a.getOrDefault("seed", Long.toString(d.seed()))));
      ExamplesReader.Examples data = read(a.get("data"));
      out.printf(
          "read %d examples from %s (%d malformed lines skipped%s)%n",
          data.examples().size(),
          a.get("data"),
          data.skippedLines().size(),
          data.skippedLines().isEmpty() ? "" : ", first at line " + data.skippedLines().get(0));
      RewardModelTrainer.Result r = RewardModelTrainer.train(data.examples(), o);
      try (RewardModel model = r.model()) {
        model.save(Path.of(a.get("out")));
        RewardModel.Meta m = model.meta();
        out.printf(
            Locale.ROOT,
            "trained on %d examples; held-out (%d): accuracy %.3f, AUC %.3f; saved to %s%n",
            m.examples(),
            r.heldOut().size(),
            m.heldOutAccuracy(),
            m.heldOutAuc(),
            a.get("out"));
      }
      return 0;
    } catch (IOException | RuntimeException e) {
      out.println(NAME + " failed: " + e.getMessage());
      return 1;
    }
  }

  static ExamplesReader.Examples read(String data) throws IOException {
    InputStream in;
    if (data.startsWith("classpath:")) {
      String resource = data.substring("classpath:".length());
      in = TrainRewardModelCommand.class.getClassLoader().getResourceAsStream(resource);
      if (in == null) {
        throw new IOException("no resource " + resource + " on the classpath");
      }
    } else {
      in = Files.newInputStream(Path.of(data));
    }
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      return ExamplesReader.read(r);
    }
  }

  static Map<String, String> parse(String[] args) {
    Map<String, String> a = new HashMap<>();
    for (int i = 0; i < args.length; i += 2) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("expected --name value pairs, got '" + args[i] + "'");
      }
      a.put(args[i].substring(2), args[i + 1]);
    }
    if (!a.containsKey("data") || !a.containsKey("out")) {
      throw new IllegalArgumentException("--data and --out are required");
    }
    return a;
  }

  private static int intArg(Map<String, String> a, String name, int fallback) {
    return a.containsKey(name) ? Integer.parseInt(a.get(name)) : fallback;
  }
}
