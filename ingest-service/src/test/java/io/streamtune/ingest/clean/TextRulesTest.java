package io.streamtune.ingest.clean;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.streamtune.ingest.config.IngestSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class TextRulesTest {

  @Test
  void nfkcFoldsFullWidthAndLigatures() {
    assertEquals("goal ﬁ".replace("ﬁ", "fi"), TextRules.nfkc("ｇｏａｌ ﬁ"));
  }

  @Test
  void controlAndFormatCharactersGoButLineBreaksStay() {
    assertEquals("ab\ncd\te", TextRules.stripControl("a\u0000b\n\u200Bc\u0007d\te\uFEFF"));
  }

  @Test
  void htmlTagsScriptsAndCommentsGoAndEntitiesDecodeOnce() {
    assertEquals(
        " Hi   there  & you ", TextRules.stripHtml("<p>Hi <!-- x --><b>there</b> &amp; you</p>"));
    assertEquals("   ok ", TextRules.stripHtml("<script>alert(1)</script> <i>ok</i>"));
    assertEquals("&lt; ü   &bogus;", TextRules.stripHtml("&amp;lt; &#252; &nbsp; &bogus;"));
    assertEquals("a < b and c > d", TextRules.stripHtml("a < b and c > d"));
    assertEquals("&#x110000;", TextRules.decodeEntities("&#x110000;"));
  }

  @Test
  void everyHtml4NamedEntityAndNumericReferencesDecode() {
    assertEquals(
        "café 'quoted' wait… a b ½ ³ © ™ ∀ € É & x",
        TextRules.decodeEntities(
            "caf&eacute; &#x27;quoted&#39; wait&hellip; a&nbsp;b &frac12; &sup3; &copy; &trade;"
                + " &forall; &euro; &Eacute; &AMP; x"));
    assertEquals(
        "it's “so” — ok", TextRules.decodeEntities("it&apos;s &ldquo;so&rdquo; &mdash; ok"));
    assertEquals(
        "😀 &#xD800; &#0; &notanentity; AT&T &amp",
        TextRules.decodeEntities("&#x1F600; &#xD800; &#0; &notanentity; AT&T &amp"));
  }

  @Test
  void whitespaceCollapsesIncludingUnicodeSpaces() {
    assertEquals("a b c", TextRules.collapseWhitespace("  a \t\n b\u00a0\u2003c  "));
  }

  /** The scans that skip the regex for clean text must agree with the regex on any text. */
  @Test
  void fastPathsAgreeWithTheRegexesOnRandomText() {
    String[] pieces = {
      "a",
      "Z",
      "9",
      "é",
      " ",
      "  ",
      "\t",
      "\n",
      "\r",
      "\u000B",
      "\f",
      "\u0000",
      "\u0007",
      "\u001F",
      "\u007F",
      "\u0085",
      "\u00A0",
      "\u2003",
      "\u2028",
      "\u2029",
      "\u200B",
      "\uFEFF",
      "\uE000",
      "\u0378",
      "\uD83D\uDE00",
      "\uD83D",
      "\uDE00",
      "\uDB80\uDC00",
      "\uDB40\uDC01",
      "_",
      "-"
    };
    Pattern control = Pattern.compile("[\\p{Cc}\\p{Cf}\\p{Co}\\p{Cn}&&[^\\t\\n\\r]]+");
    Pattern space = Pattern.compile("[\\s\\p{Z}]+");
    java.util.Random random = new java.util.Random(7);
    for (int i = 0; i < 20_000; i++) {
      StringBuilder b = new StringBuilder();
      for (int k = random.nextInt(8); k > 0; k--) {
        b.append(pieces[random.nextInt(random.nextBoolean() ? 4 : pieces.length)]);
      }
      String s = b.toString();
      assertEquals(control.matcher(s).replaceAll(""), TextRules.stripControl(s), () -> dump(s));
      assertEquals(
          space.matcher(s).replaceAll(" ").trim(), TextRules.collapseWhitespace(s), () -> dump(s));
    }
  }

  private static String dump(String s) {
    return s.codePoints().mapToObj(Integer::toHexString).toList().toString();
  }

  @Test
  void charFilterAndLowercase() {
    assertEquals("abc", TextRules.filterChars("a1b2c3", Pattern.compile("[0-9]")));
    assertEquals("straße", TextRules.lowercase("STRAßE"));
  }

  @Test
  void cleanerRunsEnabledRulesAndNamesOnlyThoseThatChangedSomething() {
    TextCleaner all =
        new TextCleaner(
            IngestSettings.of(
                    Map.of("ingest.clean.lowercase", "true", "ingest.clean.char-filter", "[#]"))
                .clean());
    List<String> rules = new ArrayList<>();
    assertEquals("hello world", all.clean("<b>ＨＥＬＬＯ</b>  #world", rules));
    assertEquals(List.of("nfkc", "html", "char_filter", "lowercase", "whitespace"), rules);
    List<String> none = new ArrayList<>();
    assertEquals("plain text", all.clean("plain text", none));
    assertEquals(List.of(), none);
    TextCleaner off =
        new TextCleaner(
            IngestSettings.of(
                    Map.of(
                        "ingest.clean.strip-html", "false",
                        "ingest.clean.collapse-whitespace", "false"))
                .clean());
    assertEquals("<b>x</b>  y", off.clean("<b>x</b>  y", new ArrayList<>()));
  }
}
