package io.streamtune.metrics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The external programs the tests drive (promtool, prometheus, chromium), installed from Debian
 * when missing. Idempotent and CI-safe: a present binary is used as is; a missing one is installed
 * with {@code apt-get install -y} (after {@code apt-get update} if the first try fails), only when
 * running as root; otherwise the test fails with the command to run.
 */
final class Tools {
  private Tools() {}

  static Path promtool() {
    return require("promtool", "prometheus");
  }

  static Path prometheus() {
    return require("prometheus", "prometheus");
  }

  static Path chromium() {
    return require("chromium", "chromium");
  }

  private static synchronized Path require(String binary, String debianPackage) {
    Path found = which(binary);
    if (found != null) {
      return found;
    }
    String hint = "install it with: apt-get install -y " + debianPackage;
    if (!isRoot()) {
      throw new IllegalStateException(binary + " is missing and this is not root; " + hint);
    }
    if (run("apt-get", "install", "-y", debianPackage) != 0) {
      run("apt-get", "update");
      if (run("apt-get", "install", "-y", debianPackage) != 0) {
        throw new IllegalStateException("apt-get could not install " + debianPackage + "; " + hint);
      }
    }
    found = which(binary);
    if (found == null) {
      throw new IllegalStateException(debianPackage + " installed but " + binary + " not on PATH");
    }
    return found;
  }

  private static Path which(String binary) {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
      Path candidate = Path.of(dir, binary);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  private static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  private static int run(String... command) {
    try {
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD);
      builder.environment().put("DEBIAN_FRONTEND", "noninteractive");
      Process process = builder.start();
      // Also stops a second apt-get from waiting on the Debian frontend forever.
      process.getOutputStream().close();
      if (!process.waitFor(10, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        return -1;
      }
      return process.exitValue();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /** Runs a command to completion; returns its exit code and combined output. */
  static Result exec(Duration limit, List<String> command)
      throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).start();
    process.getOutputStream().close();
    byte[] out = process.getInputStream().readAllBytes();
    if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException(command + " did not finish within " + limit);
    }
    return new Result(
        process.exitValue(), new String(out, java.nio.charset.StandardCharsets.UTF_8));
  }

  record Result(int exitCode, String output) {}
}
