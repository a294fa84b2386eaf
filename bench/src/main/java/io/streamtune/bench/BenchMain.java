package io.streamtune.bench;

import io.streamtune.bench.doctor.DoctorBenchmark;
import io.streamtune.bench.doctor.DoctorOptions;
import io.streamtune.bench.realtext.Options;
import io.streamtune.bench.realtext.RealTextBenchmark;
import io.streamtune.bench.run.CommonOptions;
import io.streamtune.bench.run.Stack;
import java.util.Arrays;

/**
 * Benchmark commands, run by the launcher as {@code ./streamtune bench NAME [options]}; each
 * command's options are read by picocli ({@link Options}, {@link DoctorOptions}), {@code --help}
 * prints them.
 *
 * <ul>
 *   <li>{@code real-text}: does Streamtune learn real text? Through the whole system.
 *   <li>{@code doctor}: the learning doctor's scorecard: faults injected, causes named.
 * </ul>
 */
public final class BenchMain {

  private BenchMain() {}

  public static void main(String[] args) throws Exception {
    String name = args.length > 0 ? args[0] : "";
    String[] rest = args.length > 0 ? Arrays.copyOfRange(args, 1, args.length) : args;
    switch (name) {
      case "real-text" ->
          command(
              name,
              () -> Options.parse(rest, System.getenv()),
              o -> new RealTextBenchmark(o).run());
      case "doctor" ->
          command(
              name,
              () -> DoctorOptions.parse(rest, System.getenv()),
              o -> new DoctorBenchmark(o, Stack.Ports.fromEnv(System.getenv())).run());
      default -> {
        System.err.println(
            "usage: ./streamtune bench real-text|doctor [options]\n\n"
                + Options.usage()
                + "\n"
                + DoctorOptions.usage());
        System.exit(2);
      }
    }
  }

  /** A benchmark's body. */
  @FunctionalInterface
  private interface Body<T> {
    void run(T options) throws Exception;
  }

  /** Reads a command line (a bad one throws; see {@link #command}). */
  @FunctionalInterface
  private interface Read<T> {
    T read();
  }

  /**
   * Runs {@code body} on the options {@code read} gives: {@code --help} prints the usage; a bad
   * option prints why and exits 2; a benchmark that cannot go on ({@link IllegalStateException})
   * prints why and exits 1.
   */
  private static <T> void command(String name, Read<T> read, Body<T> body) throws Exception {
    T options;
    try {
      options = read.read();
    } catch (CommonOptions.Usage help) {
      System.out.print(help.getMessage());
      return;
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    try {
      body.run(options);
    } catch (IllegalStateException e) {
      System.err.println("bench " + name + ": " + e.getMessage());
      System.exit(1);
    }
  }
}
