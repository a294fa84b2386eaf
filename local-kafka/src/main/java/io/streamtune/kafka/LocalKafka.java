package io.streamtune.kafka;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;

/**
 * A real single-node Kafka broker in KRaft mode (broker and controller in one process), the same
 * version as the clients. The launcher runs it in a JVM of its own ({@link LocalKafkaMain}); tests
 * run it inside the test JVM. Its data lives in one folder, formatted on first start and reused
 * after that.
 */
public final class LocalKafka implements AutoCloseable {

  private final KafkaRaftServer server;
  private final String bootstrapServers;
  private final String saslBootstrapServers;

  private LocalKafka(KafkaRaftServer server, String bootstrapServers, String saslBootstrapServers) {
    this.server = server;
    this.bootstrapServers = bootstrapServers;
    this.saslBootstrapServers = saslBootstrapServers;
  }

  /** Starts a broker on two free ports with its data in {@code dataDir}. */
  public static LocalKafka startOnFreePorts(Path dataDir) {
    return start(dataDir, freePort(), freePort());
  }

  /**
   * Starts a broker, formatting {@code dataDir} first when it holds no Kafka storage yet.
   *
   * @param port the client listener ({@code PLAINTEXT://localhost:port})
   * @param controllerPort the KRaft controller listener
   */
  public static LocalKafka start(Path dataDir, int port, int controllerPort) {
    return start(
        dataDir, brokerProperties(dataDir, port, controllerPort), "localhost:" + port, null);
  }

  /**
   * Starts a broker on free ports that also has a {@code SASL_PLAINTEXT} listener (mechanism PLAIN)
   * for {@code users} (name → password), at {@link #saslBootstrapServers()}: a secured cluster for
   * tests. The PLAINTEXT listener stays for the broker itself and for test tooling.
   */
  public static LocalKafka startWithSaslPlainOnFreePorts(Path dataDir, Map<String, String> users) {
    int port = freePort();
    int saslPort = freePort();
    Properties p = brokerProperties(dataDir, port, freePort());
    addSaslPlainListener(p, saslPort, users);
    return start(dataDir, p, "localhost:" + port, "localhost:" + saslPort);
  }

  static void addSaslPlainListener(Properties p, int saslPort, Map<String, String> users) {
    p.put("listeners", p.get("listeners") + ",SASL_PLAINTEXT://localhost:" + saslPort);
    p.put(
        "advertised.listeners",
        p.get("advertised.listeners") + ",SASL_PLAINTEXT://localhost:" + saslPort);
    p.put(
        "listener.security.protocol.map",
        p.get("listener.security.protocol.map") + ",SASL_PLAINTEXT:SASL_PLAINTEXT");
    p.put("sasl.enabled.mechanisms", "PLAIN");
    StringBuilder jaas =
        new StringBuilder("org.apache.kafka.common.security.plain.PlainLoginModule required");
    users.forEach((u, pw) -> jaas.append(" user_").append(u).append("=\"").append(pw).append('"'));
    p.put("listener.name.sasl_plaintext.plain.sasl.jaas.config", jaas.append(';').toString());
  }

  private static LocalKafka start(
      Path dataDir, Properties props, String bootstrap, String saslBootstrap) {
    try {
      Files.createDirectories(dataDir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the broker's data folder " + dataDir, e);
    }
    KafkaConfig config = KafkaConfig.fromProps(props);
    if (!Files.exists(dataDir.resolve("meta.properties"))) {
      format(config);
    }
    KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
    server.startup();
    return new LocalKafka(server, bootstrap, saslBootstrap);
  }

  /** The settings of a single-node cluster: every internal topic has replication factor 1. */
  static Properties brokerProperties(Path dataDir, int port, int controllerPort) {
    Properties p = new Properties();
    p.put("process.roles", "broker,controller");
    p.put("node.id", "1");
    p.put("controller.quorum.voters", "1@localhost:" + controllerPort);
    p.put(
        "listeners", "PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort);
    p.put("advertised.listeners", "PLAINTEXT://localhost:" + port);
    p.put("controller.listener.names", "CONTROLLER");
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("log.dirs", dataDir.toAbsolutePath().toString());
    p.put("num.partitions", "1");
    p.put("default.replication.factor", "1");
    p.put("offsets.topic.replication.factor", "1");
    p.put("offsets.topic.num.partitions", "5");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("transaction.state.log.num.partitions", "5");
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");
    // A lone broker has nobody to wait for: consumer groups form at once.
    p.put("group.initial.rebalance.delay.ms", "0");
    // Topics come from the registry (TopicAdmin); a typo must fail, not create a topic.
    p.put("auto.create.topics.enable", "false");
    return p;
  }

  private static void format(KafkaConfig config) {
    PrintStream quiet =
        new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
    try {
      new Formatter()
          .setClusterId(Uuid.randomUuid().toString())
          .setNodeId(config.nodeId())
          .setControllerListenerName(config.controllerListenerNames().get(0))
          .setMetadataLogDirectory(config.metadataLogDir())
          .addDirectory(config.metadataLogDir())
          .setPrintStream(quiet)
          .run();
    } catch (Exception e) {
      throw new IllegalStateException(
          "cannot format Kafka storage in " + config.metadataLogDir(), e);
    }
  }

  public String bootstrapServers() {
    return bootstrapServers;
  }

  /**
   * The SASL_PLAINTEXT listener; null unless started with {@link #startWithSaslPlainOnFreePorts}.
   */
  public String saslBootstrapServers() {
    return saslBootstrapServers;
  }

  /** Client settings that reach this broker: a starting point for admin, producers, consumers. */
  public Map<String, Object> clientConfig() {
    return Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
  }

  /** Stops the broker and waits until it has shut down cleanly. */
  @Override
  public void close() {
    server.shutdown();
    server.awaitShutdown();
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port", e);
    }
  }
}
