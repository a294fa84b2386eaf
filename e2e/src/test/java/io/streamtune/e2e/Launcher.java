package io.streamtune.e2e;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Drives {@code ./streamtune} exactly as a person does, in its own state folder and on free ports
 * so it never collides with a running Streamtune or another test.
 */
final class Launcher implements AutoCloseable {

  /** The result of one launcher command. */
  record Result(int exitCode, String output) {}

  final Path home;
  final int kafkaPort = freePort();
  final Map<String, Integer> ports = new HashMap<>();
  private final Map<String, String> env = new HashMap<>();

  Launcher(Path home) {
    this.home = home;
    ports.put("ingest", freePort());
    ports.put("train", freePort());
    ports.put("reward", freePort());
    env.put("STREAMTUNE_HOME", home.toString());
    env.put("STREAMTUNE_KAFKA_PORT", String.valueOf(kafkaPort));
    env.put("STREAMTUNE_CONTROLLER_PORT", String.valueOf(freePort()));
    env.put("STREAMTUNE_INGEST_PORT", String.valueOf(ports.get("ingest")));
    env.put("STREAMTUNE_TRAIN_PORT", String.valueOf(ports.get("train")));
    env.put("STREAMTUNE_REWARD_PORT", String.valueOf(ports.get("reward")));
  }

  Launcher env(String name, String value) {
    env.put(name, value);
    return this;
  }

  String bootstrap() {
    return "localhost:" + kafkaPort;
  }

  String url(String service) {
    return "http://localhost:" + ports.get(service);
  }

  Result run(long timeoutSeconds, String... args) throws IOException, InterruptedException {
    Path log = Files.createTempFile(home, "launcher-", ".out");
    Process p = start(log, args);
    if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(
          "./streamtune "
              + String.join(" ", args)
              + " did not finish in "
              + timeoutSeconds
              + " s:\n"
              + Files.readString(log, StandardCharsets.UTF_8));
    }
    return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
  }

  /**
   * Starts a launcher command without waiting for it (a feed under load); output to {@code log}.
   */
  Process start(Path log, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Repo.root().resolve("streamtune").toString());
    command.addAll(List.of(args));
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .directory(Repo.root().toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    pb.environment().putAll(env);
    return pb.start();
  }

  /** PIDs recorded by the launcher, by process name. */
  Map<String, Long> pids() throws IOException {
    Map<String, Long> pids = new HashMap<>();
    Path dir = home.resolve("pids");
    if (Files.isDirectory(dir)) {
      try (var files = Files.list(dir)) {
        for (Path f : files.toList()) {
          pids.put(
              f.getFileName().toString().replace(".pid", ""),
              Long.parseLong(Files.readString(f).trim()));
        }
      }
    }
    return pids;
  }

  String log(String name) throws IOException {
    Path f = home.resolve("logs").resolve(name + ".log");
    return Files.exists(f) ? Files.readString(f, StandardCharsets.UTF_8) : "(no log)";
  }

  /** Always stops what was started, even when a test failed half-way. */
  @Override
  public void close() throws Exception {
    run(120, "down");
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
