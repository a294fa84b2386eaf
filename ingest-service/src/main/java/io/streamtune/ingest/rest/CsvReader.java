package io.streamtune.ingest.rest;

import java.util.ArrayList;
import java.util.List;

/**
 * RFC 4180 CSV: fields separated by commas, optionally double-quoted; inside quotes a doubled quote
 * is a quote and commas and line breaks are data. CRLF or LF line ends. Pure and strict: an
 * unterminated quote is an error rather than a guess.
 */
public final class CsvReader {

  private CsvReader() {}

  /** Every row, as its fields; blank lines are skipped. */
  public static List<List<String>> rows(String text) {
    List<List<String>> rows = new ArrayList<>();
    List<String> row = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    boolean fieldStarted = false;
    int line = 1;
    int n = text.length();
    for (int i = 0; i < n; i++) {
      char ch = text.charAt(i);
      if (quoted) {
        if (ch == '"') {
          if (i + 1 < n && text.charAt(i + 1) == '"') {
            field.append('"');
            i++;
          } else {
            quoted = false;
          }
        } else {
          if (ch == '\n') {
            line++;
          }
          field.append(ch);
        }
      } else if (ch == '"' && field.isEmpty() && !fieldStarted) {
        quoted = true;
        fieldStarted = true;
      } else if (ch == ',') {
        row.add(field.toString());
        field.setLength(0);
        fieldStarted = false;
      } else if (ch == '\n' || ch == '\r') {
        if (ch == '\r' && i + 1 < n && text.charAt(i + 1) == '\n') {
          i++;
        }
        endRow(rows, row, field, fieldStarted);
        row = new ArrayList<>();
        field.setLength(0);
        fieldStarted = false;
        line++;
      } else {
        field.append(ch);
        fieldStarted = true;
      }
    }
    if (quoted) {
      throw new IllegalArgumentException(
          "CSV: a quoted field opened before line " + line + " never closes");
    }
    endRow(rows, row, field, fieldStarted);
    return rows;
  }

  private static void endRow(
      List<List<String>> rows, List<String> row, StringBuilder field, boolean fieldStarted) {
    if (row.isEmpty() && field.isEmpty() && !fieldStarted) {
      return; // blank line
    }
    row.add(field.toString());
    rows.add(row);
  }
}
