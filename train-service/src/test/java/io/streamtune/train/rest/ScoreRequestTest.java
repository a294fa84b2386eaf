package io.streamtune.train.rest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScoreRequestTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode json(String s) throws Exception {
    return JSON.readTree(s);
  }

  @Test
  void readsOnePairOrAnArray() throws Exception {
    List<String[]> one =
        ScoreRequest.parse(json("{\"prompt\":\"The year\",\"completion\":\" ends.\"}"));
    assertEquals(1, one.size());
    assertArrayEquals(new String[] {"The year", " ends."}, one.get(0));
    List<String[]> two =
        ScoreRequest.parse(
            json(
                "[{\"prompt\":\"\",\"completion\":\"a\"},{\"prompt\":\"b\",\"completion\":\"c\"}]"));
    assertEquals(2, two.size());
    assertArrayEquals(new String[] {"", "a"}, two.get(0), "an empty prompt is a valid context");
  }

  @Test
  void rejectsMissingOrEmptyCompletionsNamingThePair() throws Exception {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                ScoreRequest.parse(
                    json("[{\"prompt\":\"a\",\"completion\":\"b\"},{\"prompt\":\"a\"}]")));
    assertTrue(e.getMessage().contains("pair 1") && e.getMessage().contains("completion"));
    assertThrows(
        IllegalArgumentException.class,
        () -> ScoreRequest.parse(json("{\"prompt\":\"a\",\"completion\":\"\"}")));
    assertThrows(
        IllegalArgumentException.class,
        () -> ScoreRequest.parse(json("{\"prompt\":3,\"completion\":\"x\"}")));
    assertThrows(IllegalArgumentException.class, () -> ScoreRequest.parse(json("\"text\"")));
    assertThrows(IllegalArgumentException.class, () -> ScoreRequest.parse(json("[]")));
  }

  @Test
  void boundsThePairCountAndTheTextLength() throws Exception {
    ArrayNode many = JSON.createArrayNode();
    for (int i = 0; i <= ScoreRequest.MAX_PAIRS; i++) {
      many.addObject().put("prompt", "p").put("completion", "c");
    }
    IllegalArgumentException count =
        assertThrows(IllegalArgumentException.class, () -> ScoreRequest.parse(many));
    assertTrue(count.getMessage().contains(String.valueOf(ScoreRequest.MAX_PAIRS)));
    many.remove(0);
    assertEquals(ScoreRequest.MAX_PAIRS, ScoreRequest.parse(many).size());

    String tooLong = "x".repeat(ScoreRequest.MAX_CHARS + 1);
    IllegalArgumentException length =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                ScoreRequest.parse(
                    JSON.createObjectNode().put("prompt", tooLong).put("completion", "c")));
    assertTrue(length.getMessage().contains("prompt"));
  }
}
