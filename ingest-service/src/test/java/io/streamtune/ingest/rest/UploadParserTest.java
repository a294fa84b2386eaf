package io.streamtune.ingest.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class UploadParserTest {

  @Test
  void csvHandlesQuotesCommasNewlinesAndCrlf() {
    List<List<String>> rows =
        CsvReader.rows("text,label\r\n\"a, \"\"b\"\"\nc\",x\r\n\r\nplain,y\nlast,");
    assertEquals(List.of("text", "label"), rows.get(0));
    assertEquals(List.of("a, \"b\"\nc", "x"), rows.get(1));
    assertEquals(List.of("plain", "y"), rows.get(2));
    assertEquals(List.of("last", ""), rows.get(3));
    assertEquals(4, rows.size());
    assertThrows(IllegalArgumentException.class, () -> CsvReader.rows("a\n\"open"));
  }

  @Test
  void csvKeepsWhitespaceAndQuotesInsideUnquotedFields() {
    assertEquals(
        List.of(List.of("a"), List.of("   "), List.of("x\"y", " \"q\""), List.of("", "")),
        CsvReader.rows("a\n   \nx\"y, \"q\"\n,\n"));
    assertEquals(List.of(List.of("a"), List.of("b")), CsvReader.rows("a\r\rb\r"));
    assertEquals(List.of(), CsvReader.rows(""));
  }

  @Test
  void aMalformedCsvRowIsRejectedNamingItsRowAndLine() {
    IllegalArgumentException open =
        assertThrows(
            IllegalArgumentException.class, () -> CsvReader.rows("text\nok\n\n\"never\ncloses"));
    assertTrue(open.getMessage().startsWith("CSV row 3, line 5"), open.getMessage());
    assertTrue(open.getMessage().contains("closing quote"), open.getMessage());
    IllegalArgumentException after =
        assertThrows(IllegalArgumentException.class, () -> CsvReader.rows("text\n\"x\"y\n"));
    assertTrue(after.getMessage().startsWith("CSV row 2, line 2"), after.getMessage());
    UploadParser.BadUpload upload =
        assertThrows(
            UploadParser.BadUpload.class,
            () -> UploadParser.split("csv", bytes("text,label\nhi,x\n\"bad,y\n"), 10));
    assertTrue(upload.getMessage().startsWith("CSV row 3"), upload.getMessage());
  }

  @Test
  void csvRowsBecomeObjectsAndExtraValuesAreKept() {
    List<byte[]> out = UploadParser.split("csv", bytes("\uFEFFtext,label\nhi,food,extra\n"), 10);
    assertEquals("{\"text\":\"hi\",\"label\":\"food\",\"_extra\":[\"extra\"]}", text(out.get(0)));
  }

  @Test
  void ndjsonLinesPassAsTheyAreAndBlankLinesAreSkipped() {
    List<byte[]> out = UploadParser.split("ndjson", bytes("{\"a\":1}\r\n\n  \nnot json\n"), 10);
    assertEquals(
        List.of("{\"a\":1}", "not json"), out.stream().map(UploadParserTest::text).toList());
  }

  @Test
  void jsonArrayElementsOrOneObject() {
    assertEquals(2, UploadParser.split("json", bytes("[{\"a\":1}, 2]"), 10).size());
    assertEquals(1, UploadParser.split("json", bytes("{\"a\":1}"), 10).size());
    assertThrows(UploadParser.BadUpload.class, () -> UploadParser.split("json", bytes("[1,"), 10));
    assertThrows(
        UploadParser.BadUpload.class, () -> UploadParser.split("json", bytes("[1,2,3]"), 2));
  }

  @Test
  void contentTypeDecidesTheFormat() {
    assertEquals("ndjson", UploadParser.format("application/x-ndjson; charset=utf-8"));
    assertEquals("json", UploadParser.format("application/json"));
    assertEquals("csv", UploadParser.format("text/csv"));
    assertNull(UploadParser.format("text/plain"));
    assertNull(UploadParser.format(null));
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
