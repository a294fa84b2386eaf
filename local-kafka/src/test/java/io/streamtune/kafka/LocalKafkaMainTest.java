package io.streamtune.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class LocalKafkaMainTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cmd = LocalKafkaMain.commandLine();
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(err, true));
    return cmd.execute(args);
  }

  @Test
  void helpListsTheCommandsAndTheirOptions() {
    assertEquals(0, run("--help"));
    for (String command : new String[] {"broker", "topics", "feed", "status"}) {
      assertTrue(out.toString().contains(command), out.toString());
    }
    assertEquals(0, run("broker", "--help"));
    assertTrue(out.toString().contains("--controller-port"), out.toString());
    assertTrue(out.toString().contains("--partitions"), out.toString());
  }

  @Test
  void aBadOptionFailsNamingIt() {
    assertEquals(2, run("feed", "--sample", "3", "--bootstrap", "localhost:1", "--nope", "x"));
    assertTrue(err.toString().contains("--nope"), err.toString());
    assertEquals(2, run("broker", "--data", "d", "--port", "ninety"));
    assertTrue(err.toString().contains("--port"), err.toString());
    assertTrue(err.toString().contains("ninety"), err.toString());
  }

  @Test
  void aMissingRequiredOptionOrCommandFailsNamingIt() {
    assertEquals(2, run("topics"));
    assertTrue(err.toString().contains("--bootstrap"), err.toString());
    assertEquals(2, run());
    assertTrue(err.toString().contains("COMMAND is required"), err.toString());
    assertEquals(2, run("feed", "--bootstrap", "localhost:1"));
    assertTrue(err.toString().contains("--sample N"), err.toString());
  }

  @Test
  void theLastValueOfARepeatedOptionWinsAndDefaultsStay() {
    CommandLine cmd = LocalKafkaMain.commandLine();
    cmd.parseArgs("feed", "--sample", "5", "--bootstrap", "a:1", "--bootstrap", "b:2");
    LocalKafkaMain.Feed feed = cmd.getSubcommands().get("feed").getCommand();
    assertEquals("b:2", feed.client.bootstrap);
    assertEquals(5L, feed.sample);
    assertEquals(1L, feed.seed);
    assertEquals(0.0, feed.rate);
    cmd.parseArgs("broker", "--data", "d");
    LocalKafkaMain.Broker broker = cmd.getSubcommands().get("broker").getCommand();
    assertEquals(9092, broker.port);
    assertEquals(9093, broker.controllerPort);
  }
}
