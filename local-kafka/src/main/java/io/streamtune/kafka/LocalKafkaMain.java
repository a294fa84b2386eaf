package io.streamtune.kafka;

import io.streamtune.common.TopicAdmin;
import io.streamtune.sample.MessyStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.CommonClientConfigs;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The Java side of {@code ./streamtune}: one picocli command per job.
 *
 * <ul>
 *   <li>{@code broker --data DIR [--port 9092] [--controller-port 9093]}: runs the local broker in
 *       this JVM, creates the topics, prints {@code READY <bootstrap>}, stops cleanly on SIGTERM.
 *   <li>{@code topics --bootstrap HOST:PORT [--client-config FILE]}: creates the registry's topics
 *       on an existing cluster (idempotent).
 *   <li>{@code feed FILE|- --bootstrap HOST:PORT [--rate N] [--client-config FILE]}: streams an
 *       NDJSON file into {@code records.raw}, one record per line, valid JSON or not; with {@code
 *       --sample N [--seed S]} instead of a file, N generated messy records (the demo).
 *   <li>{@code status --ingest URL --train URL --reward URL [--watch SECONDS]}: a one-line summary
 *       of the running services, once or refreshed in place.
 * </ul>
 *
 * <p>{@code broker} and {@code topics} take {@code --partitions records.raw=6,...} to override
 * partition counts; the client commands take {@code --client-config FILE} (Kafka client properties:
 * SASL, TLS) for secured clusters. {@code --help} prints usage; an unknown or malformed option
 * fails naming it (exit 2). An option given twice takes its last value, as the launcher relies on.
 */
@Command(
    name = "java -jar local-kafka.jar",
    mixinStandardHelpOptions = true,
    subcommands = {
      LocalKafkaMain.Broker.class,
      LocalKafkaMain.Topics.class,
      LocalKafkaMain.Feed.class,
      LocalKafkaMain.Status.class
    })
public final class LocalKafkaMain implements Runnable {

  @Spec CommandSpec spec;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The command line with its rules: last value wins, errors exit 2 with the usage. */
  static CommandLine commandLine() {
    return new CommandLine(new LocalKafkaMain())
        .setOverwrittenOptionsAllowed(true)
        .setExecutionExceptionHandler(
            (e, cmd, parsed) -> {
              if (e instanceof IllegalArgumentException) {
                cmd.getErr().println("error: " + e.getMessage());
                cmd.usage(cmd.getErr());
                return 2;
              }
              throw e;
            });
  }

  /** No command: the usage, and a failure. */
  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "a COMMAND is required");
  }

  /** Kafka client settings shared by the commands that talk to a cluster. */
  static final class Client {
    @Option(names = "--bootstrap", paramLabel = "HOST:PORT", required = true)
    String bootstrap;

    @Option(names = "--client-config", paramLabel = "FILE", description = "Kafka client properties")
    Path clientConfig;

    Map<String, Object> config() throws IOException {
      Map<String, Object> config = new HashMap<>();
      if (clientConfig != null) {
        Properties props = new Properties();
        try (InputStream in = Files.newInputStream(clientConfig)) {
          props.load(in);
        }
        props.forEach((k, v) -> config.put(k.toString(), v));
      }
      config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
      return config;
    }
  }

  @Command(
      name = "broker",
      mixinStandardHelpOptions = true,
      description = "Runs the local broker, creates the topics, prints READY <bootstrap>.")
  static final class Broker implements Callable<Integer> {
    @Option(names = "--data", paramLabel = "DIR", required = true)
    Path data;

    @Option(names = "--port", defaultValue = "9092")
    int port;

    @Option(names = "--controller-port", defaultValue = "9093")
    int controllerPort;

    @Option(names = "--partitions", paramLabel = "T=N,...")
    String partitions;

    @Override
    public Integer call() throws Exception {
      Map<String, Integer> counts = TopicAdmin.partitions(partitions);
      LocalKafka kafka = LocalKafka.start(data, port, controllerPort);
      CountDownLatch stopped = new CountDownLatch(1);
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    System.out.println("stopping broker");
                    kafka.close();
                    stopped.countDown();
                  },
                  "broker-shutdown"));
      List<String> created = TopicAdmin.ensure(kafka.clientConfig(), counts, 60_000);
      System.out.println("created topics " + created);
      System.out.println("READY " + kafka.bootstrapServers());
      stopped.await();
      return 0;
    }
  }

  @Command(
      name = "topics",
      mixinStandardHelpOptions = true,
      description = "Creates the registry's topics on an existing cluster (idempotent).")
  static final class Topics implements Callable<Integer> {
    @Mixin Client client;

    @Option(names = "--partitions", paramLabel = "T=N,...")
    String partitions;

    @Override
    public Integer call() throws Exception {
      List<String> created =
          TopicAdmin.ensure(client.config(), TopicAdmin.partitions(partitions), 60_000);
      System.out.println("created topics " + created + " on " + client.bootstrap);
      return 0;
    }
  }

  @Command(
      name = "feed",
      mixinStandardHelpOptions = true,
      description =
          "Streams NDJSON (a FILE, - for standard input, or --sample N) into records.raw.")
  static final class Feed implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin Client client;

    @Option(names = "--rate", paramLabel = "RECORDS_PER_S", defaultValue = "0")
    double rate;

    @Option(names = "--sample", paramLabel = "N", description = "N generated messy records")
    Long sample;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1")
    long seed;

    @Parameters(arity = "0..1", paramLabel = "FILE|-")
    String file;

    @Override
    public Integer call() throws Exception {
      if (sample != null) {
        try (Feeder feeder = new Feeder(client.config(), rate)) {
          long sent = feeder.feedSample(new MessyStream(seed), sample);
          System.out.println("sent " + sent + " sample records to records.raw");
        }
        return 0;
      }
      if (file == null) {
        throw new ParameterException(
            spec.commandLine(), "feed takes one FILE (or - for standard input), or --sample N");
      }
      try (InputStream in = "-".equals(file) ? System.in : Files.newInputStream(Path.of(file));
          Feeder feeder = new Feeder(client.config(), rate)) {
        long sent = feeder.feed(in);
        System.out.println("sent " + sent + " records to records.raw");
      }
      return 0;
    }
  }

  @Command(
      name = "status",
      mixinStandardHelpOptions = true,
      description = "A one-line summary of the running services, once or refreshed in place.")
  static final class Status implements Callable<Integer> {
    @Option(names = "--ingest", paramLabel = "URL")
    String ingest;

    @Option(names = "--train", paramLabel = "URL")
    String train;

    @Option(names = "--reward", paramLabel = "URL")
    String reward;

    @Option(names = "--watch", paramLabel = "SECONDS")
    Double watch;

    @Override
    public Integer call() throws InterruptedException {
      Map<String, String> urls = new LinkedHashMap<>();
      if (ingest != null) {
        urls.put("ingest", ingest);
      }
      if (train != null) {
        urls.put("train", train);
      }
      if (reward != null) {
        urls.put("reward", reward);
      }
      StatusLine line = new StatusLine(urls);
      if (watch == null) {
        System.out.println(line.render());
        return 0;
      }
      long periodMs = (long) (watch * 1000);
      while (true) {
        // \r rewrites the line in place: a live progress line until Ctrl-C.
        System.out.print("\r" + line.render() + "\u001b[K");
        System.out.flush();
        Thread.sleep(periodMs);
      }
    }
  }

  private LocalKafkaMain() {}
}
