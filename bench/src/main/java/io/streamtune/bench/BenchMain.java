package io.streamtune.bench;

import io.streamtune.bench.doctor.DoctorBenchmark;
import io.streamtune.bench.doctor.DoctorOptions;
import io.streamtune.bench.realtext.Options;
import io.streamtune.bench.realtext.RealTextBenchmark;
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
    if (args.length > 0 && args[0].equals("doctor")) {
      doctor(Arrays.copyOfRange(args, 1, args.length));
      return;
    }
    if (args.length == 0 || !args[0].equals("real-text")) {
      System.err.println(
          "usage: ./streamtune bench real-text|doctor [options]\n\n"
              + Options.usage()
              + "\n"
              + DoctorOptions.usage());
      System.exit(2);
    }
    Options options;
    try {
      options = Options.parse(Arrays.copyOfRange(args, 1, args.length), System.getenv());
    } catch (Options.Usage help) {
      System.out.print(help.getMessage());
      return;
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    try {
      new RealTextBenchmark(options).run();
    } catch (IllegalStateException e) {
      System.err.println("bench real-text: " + e.getMessage());
      System.exit(1);
    }
  }

  private static void doctor(String[] args) throws Exception {
    DoctorOptions options;
    try {
      options = DoctorOptions.parse(args, System.getenv());
    } catch (Options.Usage help) {
      System.out.print(help.getMessage());
      return;
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    try {
      new DoctorBenchmark(options, Stack.Ports.fromEnv(System.getenv())).run();
    } catch (IllegalStateException e) {
      System.err.println("bench doctor: " + e.getMessage());
      System.exit(1);
    }
  }
}
