package io.streamtune.ingest.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.streamtune.ingest.clean.MinHash;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Everything the ingest service can be told, under prefix {@code ingest}. Each default says why it
 * is the default. {@link IngestSettings#from} checks the values and fails naming the property.
 */
@ConfigMapping(prefix = "ingest")
public interface IngestConfig {

  Mapping mapping();

  Clean clean();

  Labels labels();

  Limits limits();

  Dedup dedup();

  Split split();

  Upload upload();

  /** Which fields of a raw JSON object hold the input and the target. */
  interface Mapping {
    /** auto detects per record (messages → chat, prompt+completion → generation, else text). */
    @WithDefault("auto")
    String format();

    /** Classification input field; "text" is what most labelling exports call it. */
    @WithDefault("text")
    String textField();

    /** Classification target field. */
    @WithDefault("label")
    String labelField();

    /** Generation input field, the OpenAI-style name. */
    @WithDefault("prompt")
    String promptField();

    /** Generation target field, the OpenAI-style name. */
    @WithDefault("completion")
    String completionField();

    /** Chat transcript field: an array of {role, content} turns. */
    @WithDefault("messages")
    String messagesField();
  }

  /** Text cleaning rules, each on/off. */
  interface Clean {
    /** Unicode NFKC: full-width letters, ligatures and odd spaces become their plain forms. */
    @WithDefault("true")
    boolean nfkc();

    /** Control and format characters carry no meaning for a model and break tokenizers. */
    @WithDefault("true")
    boolean stripControl();

    /** Scraped text brings tags and entities; the model should see the text. */
    @WithDefault("true")
    boolean stripHtml();

    /** Runs of whitespace are formatting noise; trimmed and collapsed to one space. */
    @WithDefault("true")
    boolean collapseWhitespace();

    /** Off: case can carry meaning; turn on for case-insensitive tasks. */
    @WithDefault("false")
    boolean lowercase();

    /** Characters to delete (a Java regex matched per character run); unset keeps all. */
    Optional<String> charFilter();
  }

  /** Label normalization for classification records. */
  interface Labels {
    /**
     * The allowed labels, or "*" for any: a first run on a new labelled stream admits its records
     * (the demo sets its own four topics, see {@code MessyStream.DEMO_LABELS}).
     */
    @WithDefault("*")
    List<String> allowed();

    /** alias=label pairs, matched case- and space-insensitively; "none": labels are kept as is. */
    @WithDefault("none")
    String aliases();
  }

  /** Size limits. */
  interface Limits {
    /** Raw values above this many bytes are rejected before parsing (too_large). */
    @WithDefault("65536")
    int maxRecordBytes();

    /** Longest cleaned prompt or completion, in characters; small models see short contexts. */
    @WithDefault("2000")
    int maxChars();

    /** reject (too_long) keeps the stream honest; truncate keeps the record's head. */
    @WithDefault("reject")
    String overflow();
  }

  /** De-duplication and conflict detection. */
  interface Dedup {
    /**
     * How long a kept input is remembered after it arrived (wall clock at ingest, not the
     * producer's record timestamp, so an export re-sent with its old timestamps is still caught); a
     * week covers re-sent exports and replays.
     */
    @WithDefault("P7D")
    Duration retention();

    /**
     * rocksdb: persistent and changelogged (restarts restore locally); memory: changelogged only,
     * restored from Kafka on every start (unit tests).
     */
    @WithDefault("rocksdb")
    String store();

    /** Fuzzy near-duplicates (MinHash over character shingles) on top of the exact skeleton. */
    @WithDefault("true")
    boolean nearEnabled();

    /** Estimated Jaccard similarity at which two inputs count as the same; 0.8 = a word or two. */
    @WithDefault("0.8")
    double nearThreshold();

    /** Character shingle length; 4 catches typos and small edits in short texts. */
    @WithDefault("" + MinHash.DEFAULT_SHINGLE_SIZE)
    int shingleSize();

    /**
     * Most recent kept inputs per partition searched for near duplicates (in memory, ~420 bytes
     * each); 100000 covers a re-sent export while bounding the heap. Exact and skeleton duplicates
     * are remembered for the whole retention regardless.
     */
    @WithDefault("100000")
    int nearWindow();

    /**
     * What makes a generation or chat record a duplicate: prompt+completion (the pair) or prompt
     * (the prompt alone; a second completion is a label_conflict). The pair by default: sampled
     * answers, preference pairs and multi-turn chats hold several completions per prompt, and only
     * an exact or near repeat of the pair is noise. Label tasks always key on the input alone.
     */
    @WithDefault("prompt+completion")
    String generationKey();
  }

  /** Train / eval split. */
  interface Split {
    /** Share of inputs held out on records.eval; 5% is enough to track accuracy. */
    @WithDefault("0.05")
    double evalFraction();
  }

  /** POST /records. */
  interface Upload {
    /** Largest accepted request body; must stay below quarkus.http.limits.max-body-size. */
    @WithDefault("4194304")
    int maxBytes();

    /** Most records in one request, so one upload cannot flood the stream. */
    @WithDefault("50000")
    int maxRecords();
  }
}
