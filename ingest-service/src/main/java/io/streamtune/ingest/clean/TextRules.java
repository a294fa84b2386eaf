package io.streamtune.ingest.clean;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The text cleaning rules: each a pure function of a string, safe on arbitrary input. */
public final class TextRules {

  private static final Pattern CONTROL =
      Pattern.compile("[\\p{Cc}\\p{Cf}\\p{Co}\\p{Cn}&&[^\\t\\n\\r]]+");
  private static final Pattern TAG =
      Pattern.compile("<!--.*?-->|</?[A-Za-z][A-Za-z0-9:-]*(?:\\s[^<>]*)?/?>", Pattern.DOTALL);
  private static final Pattern SCRIPT =
      Pattern.compile("(?is)<(script|style)\\b[^>]*>.*?</\\1\\s*>");
  private static final Pattern ENTITY =
      Pattern.compile("&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});");
  private static final Pattern WHITESPACE = Pattern.compile("[\\s\\p{Z}]+");
  private static final Map<String, String> NAMED =
      Map.ofEntries(
          Map.entry("amp", "&"),
          Map.entry("lt", "<"),
          Map.entry("gt", ">"),
          Map.entry("quot", "\""),
          Map.entry("apos", "'"),
          Map.entry("nbsp", " "),
          Map.entry("ndash", "–"),
          Map.entry("mdash", "—"),
          Map.entry("hellip", "…"),
          Map.entry("lsquo", "‘"),
          Map.entry("rsquo", "’"),
          Map.entry("ldquo", "“"),
          Map.entry("rdquo", "”"),
          Map.entry("eacute", "é"),
          Map.entry("copy", "©"));

  private TextRules() {}

  /** Unicode compatibility composition: full-width, ligatures, odd spaces to plain forms. */
  public static String nfkc(String s) {
    return Normalizer.isNormalized(s, Normalizer.Form.NFKC)
        ? s
        : Normalizer.normalize(s, Normalizer.Form.NFKC);
  }

  /** Removes control, format, private-use and unassigned characters; keeps tab and line breaks. */
  public static String stripControl(String s) {
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      if (isControl(cp)) {
        return CONTROL.matcher(s).replaceAll("");
      }
      i += Character.charCount(cp);
    }
    return s; // the common case, without building a new string
  }

  /** What {@link #CONTROL} matches, one code point at a time. */
  private static boolean isControl(int cp) {
    return switch (Character.getType(cp)) {
      case Character.CONTROL -> cp != '\t' && cp != '\n' && cp != '\r';
      case Character.FORMAT, Character.PRIVATE_USE, Character.UNASSIGNED -> true;
      default -> false;
    };
  }

  /**
   * Removes script/style blocks, comments and tags (each tag becomes a space, so words either side
   * stay apart), then decodes entities once. Text that merely contains "<" is left alone.
   */
  public static String stripHtml(String s) {
    if (s.indexOf('<') < 0 && s.indexOf('&') < 0) {
      return s;
    }
    String noTags = TAG.matcher(SCRIPT.matcher(s).replaceAll(" ")).replaceAll(" ");
    return decodeEntities(noTags);
  }

  /** Decodes named (common ones) and numeric character references; unknown ones stay. */
  public static String decodeEntities(String s) {
    if (s.indexOf('&') < 0) {
      return s;
    }
    Matcher m = ENTITY.matcher(s);
    StringBuilder out = new StringBuilder(s.length());
    while (m.find()) {
      String name = m.group(1);
      String replacement = m.group();
      if (name.charAt(0) == '#') {
        int code = parseCodePoint(name);
        if (code > 0 && Character.isValidCodePoint(code) && !Character.isSurrogate((char) code)) {
          replacement = new String(Character.toChars(code));
        }
      } else {
        replacement = NAMED.getOrDefault(name.toLowerCase(Locale.ROOT), replacement);
      }
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** Collapses every run of whitespace (any Unicode space) to one space and trims the ends. */
  public static String collapseWhitespace(String s) {
    return isCollapsed(s) ? s : WHITESPACE.matcher(s).replaceAll(" ").trim();
  }

  /**
   * True when {@link #collapseWhitespace} would change nothing: no whitespace but single plain
   * spaces, and nothing {@link String#trim} removes at either end.
   */
  private static boolean isCollapsed(String s) {
    int n = s.length();
    if (n > 0 && (s.charAt(0) <= ' ' || s.charAt(n - 1) <= ' ')) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c == ' ' ? s.charAt(i + 1) == ' ' : isSpace(c)) {
        return false;
      }
    }
    return true;
  }

  /** What {@link #WHITESPACE} matches: regex \s (ASCII) and the Unicode separators \p{Z}. */
  private static boolean isSpace(char c) {
    return switch (c) {
      case ' ', '\t', '\n', '\u000B', '\f', '\r' -> true;
      default -> {
        int type = Character.getType(c);
        yield type == Character.SPACE_SEPARATOR
            || type == Character.LINE_SEPARATOR
            || type == Character.PARAGRAPH_SEPARATOR;
      }
    };
  }

  public static String lowercase(String s) {
    return s.toLowerCase(Locale.ROOT);
  }

  /** Deletes every match of {@code filter}. */
  public static String filterChars(String s, Pattern filter) {
    return filter.matcher(s).replaceAll("");
  }

  private static int parseCodePoint(String ref) {
    try {
      return ref.charAt(1) == 'x' || ref.charAt(1) == 'X'
          ? Integer.parseInt(ref.substring(2), 16)
          : Integer.parseInt(ref.substring(1));
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
