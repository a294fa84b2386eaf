package io.streamtune.ingest.clean;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.text.translate.AggregateTranslator;
import org.apache.commons.text.translate.CharSequenceTranslator;
import org.apache.commons.text.translate.EntityArrays;
import org.apache.commons.text.translate.LookupTranslator;

/** The text cleaning rules: each a pure function of a string, safe on arbitrary input. */
public final class TextRules {

  private static final Pattern CONTROL =
      Pattern.compile("[\\p{Cc}\\p{Cf}\\p{Co}\\p{Cn}&&[^\\t\\n\\r]]+");
  private static final Pattern TAG =
      Pattern.compile("<!--.*?-->|</?[A-Za-z][A-Za-z0-9:-]*(?:\\s[^<>]*)?/?>", Pattern.DOTALL);
  private static final Pattern SCRIPT =
      Pattern.compile("(?is)<(script|style)\\b[^>]*>.*?</\\1\\s*>");
  private static final Pattern ENTITY =
      Pattern.compile("&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,7});");
  private static final Pattern WHITESPACE = Pattern.compile("[\\s\\p{Z}]+");

  /**
   * Every named entity of HTML 4 (252, e.g. {@code &eacute; &hellip; &rsquo;}) plus XML's {@code
   * &apos;}, from commons-text's tables; looked up whole ({@code &name;}), so a bare "&" is text.
   */
  private static final CharSequenceTranslator NAMED =
      new AggregateTranslator(
          new LookupTranslator(EntityArrays.BASIC_UNESCAPE),
          new LookupTranslator(EntityArrays.APOS_UNESCAPE),
          new LookupTranslator(EntityArrays.ISO8859_1_UNESCAPE),
          new LookupTranslator(EntityArrays.HTML40_EXTENDED_UNESCAPE));

  private TextRules() {}

  /** Unicode compatibility composition: full-width, ligatures, odd spaces to plain forms. */
  public static String nfkc(String s) {
    return isAscii(s) || Normalizer.isNormalized(s, Normalizer.Form.NFKC)
        ? s
        : Normalizer.normalize(s, Normalizer.Form.NFKC);
  }

  /** ASCII is NFKC already (no decompositions, nothing to compose with): a cheaper check first. */
  private static boolean isAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }

  /** Removes control, format, private-use and unassigned characters; keeps tab and line breaks. */
  public static String stripControl(String s) {
    for (int i = 0; i < s.length(); ) {
      char c = s.charAt(i);
      if (c >= ' ' && c < 0x7F) { // printable ASCII, most of any text: no table lookup
        i++;
        continue;
      }
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

  /**
   * Decodes named (all of HTML 4, and {@code &apos;}) and numeric character references; unknown
   * ones, and numbers that are not a character, stay as written. A no-break space decodes to a
   * plain space: the text is for a tokenizer, where it is a word break like any other.
   */
  public static String decodeEntities(String s) {
    if (s.indexOf('&') < 0) {
      return s;
    }
    Matcher m = ENTITY.matcher(s);
    StringBuilder out = new StringBuilder(s.length());
    while (m.find()) {
      String name = m.group(1);
      String replacement =
          name.charAt(0) == '#' ? numeric(m.group(), name) : named(m.group(), name);
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }

  /**
   * Numeric references by hand, not by commons-text's unescaper: that one throws on a number past
   * U+10FFFF and emits lone surrogates, and this rule must be safe on arbitrary input.
   */
  private static String numeric(String ref, String name) {
    int code = parseCodePoint(name);
    return code > 0 && Character.isValidCodePoint(code) && !Character.isSurrogate((char) code)
        ? new String(Character.toChars(code))
        : ref;
  }

  /** Exact case first ({@code &Eacute;} is É), then lower case ({@code &AMP;} is &amp;). */
  private static String named(String ref, String name) {
    String decoded = NAMED.translate(ref);
    if (decoded.equals(ref)) {
      String lower = "&" + name.toLowerCase(Locale.ROOT) + ";";
      decoded = NAMED.translate(lower);
      if (decoded.equals(lower)) {
        return ref;
      }
    }
    return decoded.replace('\u00A0', ' ');
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
