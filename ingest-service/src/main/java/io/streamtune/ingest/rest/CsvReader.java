package io.streamtune.ingest.rest;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC 4180 CSV, read by jackson-dataformat-csv: fields separated by commas, optionally
 * double-quoted; inside quotes a doubled quote is a quote and commas and line breaks are data.
 * CRLF, LF or CR line ends. Pure and strict: an unterminated quote, or text after a closing quote,
 * is an error naming its row and line rather than a guess.
 */
public final class CsvReader {

  /** Each row as a list of strings, no header interpretation (the caller decides). */
  private static final ObjectReader ROWS =
      CsvMapper.builder().enable(CsvParser.Feature.WRAP_AS_ARRAY).build().readerFor(List.class);

  private CsvReader() {}

  /** Every row, as its fields; blank lines are skipped. */
  @SuppressWarnings("unchecked")
  public static List<List<String>> rows(String text) {
    List<List<String>> rows = new ArrayList<>();
    try (MappingIterator<List<String>> it = ROWS.readValues(text)) {
      while (it.hasNextValue()) {
        List<String> row = it.nextValue();
        if (!isBlank(row)) {
          rows.add(row);
        }
      }
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String line = at == null ? "" : ", line " + at.getLineNr() + " column " + at.getColumnNr();
      throw new IllegalArgumentException(
          "CSV row " + (rows.size() + 1) + line + ": " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new IllegalArgumentException("CSV: " + e.getMessage(), e);
    }
    return rows;
  }

  /** A blank line reads as a row of one empty field. */
  private static boolean isBlank(List<String> row) {
    return row.isEmpty() || (row.size() == 1 && row.get(0).isEmpty());
  }
}
