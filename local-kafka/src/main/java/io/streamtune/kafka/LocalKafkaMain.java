package io.streamtune.kafka;

import io.streamtune.common.TopicAdmin;
import io.streamtune.sample.MessyStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.CommonClientConfigs;

/**
 * The Java side of {@code ./streamtune}. Commands:
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
 * <p>Every command takes {@code --partitions records.raw=6,...} to override partition counts, and
 * {@code --client-config FILE} (Kafka client properties: SASL, TLS) for secured clusters.
 */
public final class LocalKafkaMain {

  public static void main(String[] args) throws Exception {
    if (args.length == 0) {
      usage(System.err);
      System.exit(2);
    }
    Map<String, String> opts = new HashMap<>();
    List<String> positional = new ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      if (args[i].startsWith("--")) {
        if (i + 1 >= args.length) {
          fail("option " + args[i] + " needs a value");
        }
        opts.put(args[i].substring(2), args[++i]);
      } else {
        positional.add(args[i]);
      }
    }
    try {
      switch (args[0]) {
        case "broker" -> broker(opts);
        case "topics" -> topics(opts);
        case "feed" -> feed(opts, positional);
        case "status" -> status(opts);
        default -> {
          usage(System.err);
          System.exit(2);
        }
      }
    } catch (IllegalArgumentException e) {
      fail(e.getMessage());
    }
  }

  private static void broker(Map<String, String> opts) throws Exception {
    Path data = Path.of(required(opts, "data"));
    int port = intOption(opts, "port", 9092);
    int controllerPort = intOption(opts, "controller-port", 9093);
    Map<String, Integer> partitions = TopicAdmin.partitions(opts.get("partitions"));
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
    List<String> created = TopicAdmin.ensure(kafka.clientConfig(), partitions, 60_000);
    System.out.println("created topics " + created);
    System.out.println("READY " + kafka.bootstrapServers());
    stopped.await();
  }

  private static void topics(Map<String, String> opts) throws Exception {
    Map<String, Object> client = clientConfig(opts);
    List<String> created =
        TopicAdmin.ensure(client, TopicAdmin.partitions(opts.get("partitions")), 60_000);
    System.out.println("created topics " + created + " on " + opts.get("bootstrap"));
  }

  private static void feed(Map<String, String> opts, List<String> positional) throws Exception {
    double rate = Double.parseDouble(opts.getOrDefault("rate", "0"));
    if (opts.containsKey("sample")) {
      long count = Long.parseLong(opts.get("sample"));
      long seed = Long.parseLong(opts.getOrDefault("seed", "1"));
      try (Feeder feeder = new Feeder(clientConfig(opts), rate)) {
        long sent = feeder.feedSample(new MessyStream(seed), count);
        System.out.println("sent " + sent + " sample records to records.raw");
      }
      return;
    }
    if (positional.size() != 1) {
      fail("feed takes one FILE (or - for standard input), or --sample N");
    }
    String file = positional.get(0);
    try (InputStream in = "-".equals(file) ? System.in : Files.newInputStream(Path.of(file));
        Feeder feeder = new Feeder(clientConfig(opts), rate)) {
      long sent = feeder.feed(in);
      System.out.println("sent " + sent + " records to records.raw");
    }
  }

  private static void status(Map<String, String> opts) throws InterruptedException {
    Map<String, String> urls = new java.util.LinkedHashMap<>();
    for (String service : List.of("ingest", "train", "reward")) {
      if (opts.containsKey(service)) {
        urls.put(service, opts.get(service));
      }
    }
    StatusLine line = new StatusLine(urls);
    String watch = opts.get("watch");
    if (watch == null) {
      System.out.println(line.render());
      return;
    }
    long periodMs = (long) (Double.parseDouble(watch) * 1000);
    while (true) {
      // \r rewrites the line in place: a live progress line until Ctrl-C.
      System.out.print("\r" + line.render() + "\u001b[K");
      System.out.flush();
      Thread.sleep(periodMs);
    }
  }

  private static Map<String, Object> clientConfig(Map<String, String> opts) throws IOException {
    Map<String, Object> config = new HashMap<>();
    String file = opts.get("client-config");
    if (file != null) {
      Properties props = new Properties();
      try (InputStream in = Files.newInputStream(Path.of(file))) {
        props.load(in);
      }
      props.forEach((k, v) -> config.put(k.toString(), v));
    }
    config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, required(opts, "bootstrap"));
    return config;
  }

  private static String required(Map<String, String> opts, String name) {
    String value = opts.get(name);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("--" + name + " is required");
    }
    return value;
  }

  private static int intOption(Map<String, String> opts, String name, int fallback) {
    String value = opts.get(name);
    try {
      return value == null ? fallback : Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "--" + name + " must be a port number, got '" + value + "'");
    }
  }

  private static void fail(String message) {
    System.err.println("error: " + message);
    usage(System.err);
    System.exit(2);
  }

  private static void usage(PrintStream out) {
    out.println(
        """
        usage: java -jar local-kafka.jar COMMAND [options]
          broker --data DIR [--port 9092] [--controller-port 9093] [--partitions T=N,...]
          topics --bootstrap HOST:PORT [--client-config FILE] [--partitions T=N,...]
          feed FILE|- --bootstrap HOST:PORT [--rate RECORDS_PER_S] [--client-config FILE]
          feed --sample N [--seed S] --bootstrap HOST:PORT [--rate RECORDS_PER_S]
          status --ingest URL --train URL --reward URL [--watch SECONDS]""");
  }

  private LocalKafkaMain() {}
}
