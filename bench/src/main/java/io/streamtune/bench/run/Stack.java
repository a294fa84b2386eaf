package io.streamtune.bench.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One whole Streamtune, run through the launcher as a user runs it: {@code ./streamtune up} with
 * its own STREAMTUNE_HOME, ports and service settings, {@code ./streamtune feed FILE}, then {@code
 * ./streamtune down}. The launcher's output goes to {@code bench.log} in that home.
 */
public final class Stack implements AutoCloseable {

  /** Ports of one stack: broker, controller, ingest, train, reward. */
  public record Ports(int kafka, int controller, int ingest, int train, int reward) {

    /**
     * The launcher's STREAMTUNE_*_PORT variables when set, else ports of the 4NNNN range, away from
     * the launcher's and CI's defaults, so a benchmark never meets a running Streamtune.
     */
    public static Ports fromEnv(Map<String, String> env) {
      return new Ports(
          port(env, "STREAMTUNE_KAFKA_PORT", 49092),
          port(env, "STREAMTUNE_CONTROLLER_PORT", 49093),
          port(env, "STREAMTUNE_INGEST_PORT", 48081),
          port(env, "STREAMTUNE_TRAIN_PORT", 48082),
          port(env, "STREAMTUNE_REWARD_PORT", 48083));
    }

    private static int port(Map<String, String> env, String name, int fallback) {
      String v = env.get(name);
      return v == null || v.isBlank() ? fallback : Integer.parseInt(v.trim());
    }
  }

  private final Path root;
  private final Path home;
  private final Map<String, String> env = new LinkedHashMap<>();
  private final Path log;
  private Process feeder;
  private volatile boolean up;
  private Thread onExit;

  /**
   * @param javaOpts the services' settings (-Dingest.… -Dtrain.…), as STREAMTUNE_JAVA_OPTS
   */
  public Stack(Path root, Path home, Ports ports, List<String> javaOpts) {
    this.root = root;
    this.home = home;
    this.log = home.resolve("bench.log");
    env.put("STREAMTUNE_HOME", home.toString());
    env.put("STREAMTUNE_KAFKA_PORT", String.valueOf(ports.kafka()));
    env.put("STREAMTUNE_CONTROLLER_PORT", String.valueOf(ports.controller()));
    env.put("STREAMTUNE_INGEST_PORT", String.valueOf(ports.ingest()));
    env.put("STREAMTUNE_TRAIN_PORT", String.valueOf(ports.train()));
    env.put("STREAMTUNE_REWARD_PORT", String.valueOf(ports.reward()));
    env.put("STREAMTUNE_JAVA_OPTS", String.join(" ", javaOpts));
  }

  /** Starts broker and services and waits until they are healthy (the launcher does). */
  public void up() throws IOException, InterruptedException {
    Files.createDirectories(home);
    up = true;
    // Ctrl-C or a kill ends the benchmark, never the stack it started: stop it on the way out.
    onExit = new Thread(this::stopQuietly, "stack-down");
    Runtime.getRuntime().addShutdownHook(onExit);
    int rc = launcher(List.of("up"), 15);
    if (rc != 0) {
      throw new IllegalStateException(
          "./streamtune up failed (exit " + rc + "); see " + log + " and " + home.resolve("logs"));
    }
  }

  /** Starts {@code ./streamtune feed FILE} in the background. */
  public void feed(Path file) throws IOException {
    feeder = command(List.of("feed", file.toString())).start();
  }

  /** True once the feeder has sent every line (it exits 0). */
  public boolean fed() {
    return feeder != null && !feeder.isAlive() && feeder.exitValue() == 0;
  }

  /** The feeder's exit code, or null while it runs. */
  public Integer feederExit() {
    return feeder == null || feeder.isAlive() ? null : feeder.exitValue();
  }

  private int launcher(List<String> args, int minutes) throws IOException, InterruptedException {
    Process p = command(args).start();
    if (!p.waitFor(minutes, TimeUnit.MINUTES)) {
      p.destroy();
      p.waitFor(30, TimeUnit.SECONDS);
      return -1;
    }
    return p.exitValue();
  }

  private ProcessBuilder command(List<String> args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(root.resolve("streamtune").toString());
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(root.toFile());
    pb.environment().putAll(env);
    pb.redirectErrorStream(true);
    pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    return pb;
  }

  /** Stops the feeder and runs {@code ./streamtune down}. */
  @Override
  public void close() throws IOException, InterruptedException {
    if (feeder != null && feeder.isAlive()) {
      // The launcher script runs the feeder's JVM as its child: stop that one too.
      feeder.descendants().forEach(ProcessHandle::destroy);
      feeder.destroy();
      feeder.waitFor(30, TimeUnit.SECONDS);
    }
    if (up) {
      up = false;
      launcher(List.of("down"), 3);
      if (onExit != null) {
        try {
          Runtime.getRuntime().removeShutdownHook(onExit);
        } catch (IllegalStateException alreadyExiting) {
          // the hook itself is running this
        }
      }
    }
  }

  private void stopQuietly() {
    try {
      close();
    } catch (IOException | InterruptedException e) {
      System.err.println("could not stop the benchmark's Streamtune: " + e);
    }
  }
}
