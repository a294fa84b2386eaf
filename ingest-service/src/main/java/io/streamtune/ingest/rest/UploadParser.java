package io.streamtune.ingest.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamtune.common.JsonSerde;
import io.streamtune.common.Utf8;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits an upload into raw record values, by content type: NDJSON (one value per line, sent as is,
 * so even a bad line reaches the stream and is rejected there with its offset), a JSON array (each
 * element), or CSV with a header (each row as a JSON object of text fields). Pure.
 */
public final class UploadParser {

  /** The upload cannot be read as a whole; the message says why. */
  public static final class BadUpload extends RuntimeException {
    public BadUpload(String message) {
      super(message);
    }
  }

  private UploadParser() {}

  /** The media type's format, or null when it is not one we read. */
  public static String format(String contentType) {
    String t = contentType == null ? "" : contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
    return switch (t) {
      case "application/x-ndjson",
          "application/ndjson",
          "application/jsonl",
          "application/x-jsonlines",
          "application/jsonlines" ->
          "ndjson";
      case "application/json" -> "json";
      case "text/csv", "application/csv" -> "csv";
      default -> null;
    };
  }

  public static List<byte[]> split(String format, byte[] body, int maxRecords) {
    List<byte[]> records =
        switch (format) {
          case "ndjson" -> ndjson(body, maxRecords);
          case "json" -> jsonArray(body);
          case "csv" -> csv(body);
          default -> throw new BadUpload("unsupported format " + format);
        };
    if (records.size() > maxRecords) {
      throw new BadUpload(
          records.size() + " records is over the limit of " + maxRecords + " per request");
    }
    return records;
  }

  static List<byte[]> ndjson(byte[] body, int maxRecords) {
    List<byte[]> out = new ArrayList<>();
    int start = 0;
    for (int i = 0; i <= body.length; i++) {
      if (i == body.length || body[i] == '\n') {
        int end = i > start && body[i - 1] == '\r' ? i - 1 : i;
        byte[] line = java.util.Arrays.copyOfRange(body, start, end);
        if (!isBlank(line)) {
          out.add(line);
          if (out.size() > maxRecords) {
            break;
          }
        }
        start = i + 1;
      }
    }
    return out;
  }

  static List<byte[]> jsonArray(byte[] body) {
    String text = text(body);
    JsonNode root;
    try {
      root = JsonSerde.MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new BadUpload("body is not JSON: " + e.getOriginalMessage());
    }
    if (root == null || root.isMissingNode()) {
      throw new BadUpload("body is empty");
    }
    List<byte[]> out = new ArrayList<>();
    if (root.isArray()) {
      root.forEach(n -> out.add(bytes(n)));
    } else {
      out.add(bytes(root));
    }
    return out;
  }

  static List<byte[]> csv(byte[] body) {
    List<List<String>> rows;
    try {
      rows = CsvReader.rows(text(body));
    } catch (IllegalArgumentException e) {
      throw new BadUpload(e.getMessage());
    }
    if (rows.isEmpty()) {
      throw new BadUpload("CSV needs a header row");
    }
    List<String> header = rows.get(0).stream().map(h -> h.replace("\uFEFF", "").trim()).toList();
    List<byte[]> out = new ArrayList<>();
    for (List<String> row : rows.subList(1, rows.size())) {
      ObjectNode o = JsonSerde.MAPPER.createObjectNode();
      for (int c = 0; c < row.size(); c++) {
        if (c < header.size() && !header.get(c).isEmpty()) {
          o.put(header.get(c), row.get(c));
        } else {
          o.withArray("_extra").add(row.get(c)); // never drop data silently
        }
      }
      out.add(bytes(o));
    }
    return out;
  }

  private static String text(byte[] body) {
    String text = Utf8.decodeStrict(body);
    if (text == null) {
      throw new BadUpload("body is not valid UTF-8");
    }
    return text;
  }

  private static byte[] bytes(JsonNode n) {
    return n.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static boolean isBlank(byte[] line) {
    for (byte b : line) {
      if (b != ' ' && b != '\t' && b != '\r') {
        return false;
      }
    }
    return true;
  }
}
