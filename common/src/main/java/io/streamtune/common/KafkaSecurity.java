package io.streamtune.common;

import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;

/**
 * Kafka client security settings, one way for every service and every client (plain consumers and
 * producers, Kafka Streams): {@code security.protocol}, {@code sasl.*} and {@code ssl.*}, given as
 * dotted properties ({@code kafka.sasl.jaas.config}) or as environment variables ({@code
 * KAFKA_SASL_JAAS_CONFIG}: lower case, {@code _} for {@code .}, the rule Quarkus applies to the
 * plain clients' {@code kafka.*} settings). {@link KafkaSecurityDefaults} hands them to Kafka
 * Streams; {@link #checkCredentials} makes wrong credentials fail a service's start-up, naming the
 * property.
 */
public final class KafkaSecurity {

  private static final System.Logger LOG = System.getLogger(KafkaSecurity.class.getName());

  /**
   * How long start-up waits for the cluster's answer: a cold JVM's first SASL connection took over
   * 10 s on the loaded 2-core test machine; a broker that is down costs this once.
   */
  public static final Duration CHECK_TIMEOUT = Duration.ofSeconds(30);

  private KafkaSecurity() {}

  /**
   * The security settings among configuration names, by Kafka client name ({@code sasl.mechanism}),
   * each looked up through its dotted name so the configuration's own precedence decides. Pure.
   *
   * @param names every configuration name (dotted properties and environment variables alike)
   * @param value the value of a dotted name ({@code kafka.sasl.mechanism}); null when unset
   */
  public static Map<String, String> settings(
      Iterable<String> names, Function<String, String> value) {
    Map<String, String> out = new TreeMap<>();
    for (String name : names) {
      String client = clientName(name);
      if (client == null || out.containsKey(client)) {
        continue;
      }
      String v = value.apply("kafka." + client);
      if (v != null && !v.isEmpty()) {
        out.put(client, v);
      }
    }
    return out;
  }

  /**
   * The Kafka client name of a security setting's configuration name, or null when it is not one:
   * {@code kafka.sasl.jaas.config} and {@code KAFKA_SASL_JAAS_CONFIG} are both {@code
   * sasl.jaas.config}.
   */
  static String clientName(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    if (!n.startsWith("kafka.") && !n.startsWith("kafka_")) {
      return null;
    }
    n = n.substring("kafka.".length()).replace('_', '.');
    boolean security =
        n.equals(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG)
            || n.startsWith("sasl.")
            || n.startsWith("ssl.");
    return security ? n : null;
  }

  /**
   * The environment variable that sets a client setting: {@code sasl.mechanism} → {@code
   * KAFKA_SASL_MECHANISM}.
   */
  public static String envName(String clientName) {
    return "KAFKA_" + clientName.toUpperCase(Locale.ROOT).replace('.', '_');
  }

  /**
   * Connects once with {@code config} (a service's Kafka client settings) when it asks for
   * authentication ({@code security.protocol} SASL_* or SSL) and fails when the cluster rejects it,
   * with a message naming the property to fix. A cluster that cannot be reached within {@code
   * timeout} is only logged: services start before the broker and connect when it comes.
   *
   * @throws IllegalStateException the credentials were rejected, or the settings cannot make a
   *     client
   */
  public static void checkCredentials(Map<String, Object> config, Duration timeout) {
    String protocol =
        String.valueOf(
            config.getOrDefault(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "PLAINTEXT"));
    if (protocol.equalsIgnoreCase("PLAINTEXT")) {
      return; // nothing to authenticate
    }
    Map<String, Object> c = new HashMap<>();
    config.forEach(
        (k, v) -> {
          if (k.equals(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG)
              || clientName("kafka." + k) != null) {
            c.put(k, v);
          }
        });
    int ms = (int) timeout.toMillis();
    c.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, ms);
    c.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, ms);
    c.put(AdminClientConfig.CLIENT_ID_CONFIG, "streamtune-credentials-check");
    Object servers = c.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);
    try (Admin admin = Admin.create(c)) {
      admin.describeCluster().clusterId().get(ms, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof AuthenticationException || cause instanceof AuthorizationException) {
        throw new IllegalStateException(rejected(protocol, config, servers, cause), cause);
      }
      LOG.log(
          System.Logger.Level.WARNING, "Kafka credentials not checked: {0}", String.valueOf(cause));
    } catch (TimeoutException e) {
      LOG.log(
          System.Logger.Level.WARNING,
          "Kafka at {0} did not answer in {1}: credentials not checked yet",
          servers,
          timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (KafkaException e) {
      throw new IllegalStateException(
          "cannot make a Kafka client with security.protocol="
              + protocol
              + ": "
              + rootMessage(e)
              + "; check "
              + property(SaslConfigs.SASL_JAAS_CONFIG)
              + " and "
              + property(SaslConfigs.SASL_MECHANISM),
          e);
    }
  }

  private static String rejected(
      String protocol, Map<String, Object> config, Object servers, Throwable cause) {
    String mechanism = String.valueOf(config.getOrDefault(SaslConfigs.SASL_MECHANISM, "GSSAPI"));
    String fix =
        protocol.toUpperCase(Locale.ROOT).startsWith("SASL")
            ? property(SaslConfigs.SASL_JAAS_CONFIG)
                + " (the user and password for "
                + property(SaslConfigs.SASL_MECHANISM)
                + "="
                + mechanism
                + ")"
            : "the kafka.ssl.* settings (KAFKA_SSL_*)";
    return "Kafka at "
        + servers
        + " rejected this service's credentials ("
        + cause.getMessage()
        + "): check "
        + fix;
  }

  /**
   * How a person sets a client setting: {@code kafka.sasl.jaas.config (KAFKA_SASL_JAAS_CONFIG)}.
   */
  static String property(String clientName) {
    return "kafka." + clientName + " (" + envName(clientName) + ")";
  }

  private static String rootMessage(Throwable t) {
    Throwable r = t;
    while (r.getCause() != null && r.getCause() != r) {
      r = r.getCause();
    }
    return r.getMessage() == null ? r.toString() : r.getMessage();
  }
}
