package com.inkzee.store.plans;

import static org.assertj.core.api.Assertions.assertThat;

import com.inkzee.rpc.api.store.AppReadingMessages.StateFilter;
import com.inkzee.rpc.api.store.AppReadingMessages.UserEntriesRequest;
import com.inkzee.store.StoreConfig;
import com.inkzee.store.db.Database;
import com.inkzee.store.entries.EntryIngester;
import com.inkzee.store.entries.EntryReader;
import com.inkzee.store.leases.LeaseQueue;
import com.inkzee.store.search.EntrySearcher;
import com.inkzee.store.states.UserEntryReader;
import com.inkzee.store.testing.TestPostgres;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.postgresql.PGConnection;

/**
 * The hot queries' plans on PostgreSQL at 100,000 entries over 1,000 feeds: none may read the
 * entries table sequentially, because at production size a sequential scan is a full read of the
 * biggest table on every call. Each statement is the store's own SQL string (exposed by its class),
 * prepared with {@code PREPARE} and explained with {@code EXPLAIN EXECUTE} twice: as a custom plan
 * (what the first executions of a pgjdbc statement get) and as a generic plan (what PostgreSQL's
 * plan cache may switch to once pgjdbc prepares the statement on the server after 5 uses), since
 * either can be the plan a busy store runs.
 *
 * <p>The data is loaded with COPY in a fresh schema, then ANALYZEd. Its shape is what the planner's
 * choices depend on: a skewed number of entries per feed, readers following 1-15 % of the feeds,
 * Zipf-distributed words (so some search terms are rare and some are in a third of the entries),
 * and a fetch queue where most feeds are not yet due.
 *
 * <p>Skipped with a printed reason when PostgreSQL is not reachable, unless {@code
 * INKZEE_TEST_PG=required}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QueryPlanIT {
  private static final String PG_USER = TestPostgres.USER;
  private static final String PG_PASSWORD = TestPostgres.PASSWORD;

  static final int FEEDS = 1_000;
  static final int ENTRIES = 100_000;
  static final int USERS = 50;
  static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

  /** Any sequential read of the entries table, parallel or not, whatever its alias. */
  private static final Pattern ENTRIES_SEQ_SCAN = Pattern.compile("Seq Scan on entries\\b");

  /** Any sequential read of every user's marks. */
  private static final Pattern STATES_SEQ_SCAN = Pattern.compile("Seq Scan on entry_states\\b");

  private static final Pattern INDEX_USED =
      Pattern.compile(
          "(?:Index Scan|Index Only Scan|Bitmap Index Scan)(?: Backward)?"
              + "(?: using| on) (\\w+)");

  private String schema;
  private Connection conn;

  /** The reader whose queries are explained: follows 100 feeds, 10 % of them. */
  private long reader;

  private List<Long> readerFeeds;

  /** The reader who follows the fewest feeds (1-2 % of them): a light reader's share of entries. */
  private long lightReader;

  private List<Long> lightReaderFeeds;
  private Words words;

  @BeforeAll
  void load() throws Exception {
    TestPostgres.assumeReachable("QueryPlanIT");
    schema = TestPostgres.newSchema("plans_");
    String url = TestPostgres.inSchema(schema);
    // The store's own migrations, so the indexes explained are the ones production has.
    StoreConfig config =
        new StoreConfig(
            url,
            PG_USER,
            PG_PASSWORD,
            Path.of("target/data"),
            2,
            Duration.ofSeconds(5),
            Duration.ofSeconds(60));
    Database.open(url, PG_USER, PG_PASSWORD, config).close();
    conn = DriverManager.getConnection(url, PG_USER, PG_PASSWORD);
    long started = System.nanoTime();
    loadData(new Random(20260601L));
    try (Statement s = conn.createStatement()) {
      s.execute("ANALYZE");
    }
    System.out.printf(
        Locale.ROOT,
        "loaded %,d entries over %,d feeds and ANALYZEd in %,d ms%n",
        ENTRIES,
        FEEDS,
        (System.nanoTime() - started) / 1_000_000);
  }

  @AfterAll
  void drop() throws SQLException {
    if (conn != null) {
      conn.close();
    }
    if (schema != null) {
      TestPostgres.dropSchema(schema);
    }
  }

  @Test
  void leaseReadsTheDueIndex() throws SQLException {
    // now, now, limit: a fetcher asking for its usual batch.
    Plan p = explain("lease", LeaseQueue.SELECT_DUE, ts(NOW), ts(NOW), "100");
    p.assertNoEntriesSeqScan();
    p.assertUses("feeds_due");
  }

  @Test
  void changeFeedReadsTheSequenceIndex() throws SQLException {
    for (boolean withoutContent : new boolean[] {false, true}) {
      String sql = EntryReader.sinceSql(withoutContent);
      // From the start (a new ranker), and near the head (a ranker tailing the log).
      explain("entriesSince from 0", sql, "0", "1000").assertUses("entries_seq");
      explain("entriesSince near head", sql, Long.toString(ENTRIES - 500), "1000")
          .assertUses("entries_seq");
    }
  }

  @Test
  void windowListingReadsTheWindowIndex() throws SQLException {
    String feeds = bigintArray(readerFeeds);
    String dayAgo = ts(NOW.minus(Duration.ofDays(1)));
    String weekAgo = ts(NOW.minus(Duration.ofDays(7)));
    // A cursor somewhere in the middle of the reader's river.
    String cursorAt = ts(NOW.minus(Duration.ofDays(3)));
    String cursorId = Long.toString(ENTRIES / 2);
    for (boolean withoutContent : new boolean[] {false, true}) {
      explain(
              "window first page",
              EntryReader.listSql(withoutContent, false, false, false),
              feeds,
              "50")
          .assertUses("entries_window");
      explain(
              "window last day",
              EntryReader.listSql(withoutContent, true, true, false),
              feeds,
              dayAgo,
              ts(NOW),
              "50")
          .assertUses("entries_window");
      explain(
              "window next page",
              EntryReader.listSql(withoutContent, false, false, true),
              feeds,
              cursorAt,
              cursorAt,
              cursorId,
              "50")
          .assertUses("entries_window");
      explain(
              "window week, next page",
              EntryReader.listSql(withoutContent, true, true, true),
              feeds,
              weekAgo,
              ts(NOW),
              cursorAt,
              cursorAt,
              cursorId,
              "50")
          .assertUses("entries_window");
    }
  }

  @Test
  void windowLoadReadsTheWindowLoadIndex() throws SQLException {
    // A ranker starting up loads every feed's last week (or month) a page at a time.
    String weekAgo = ts(NOW.minus(Duration.ofDays(7)));
    String monthAgo = ts(NOW.minus(Duration.ofDays(30)));
    String cursorAt = ts(NOW.minus(Duration.ofDays(3)));
    String cursorId = Long.toString(ENTRIES - ENTRIES / 30);
    for (boolean withoutContent : new boolean[] {false, true}) {
      for (String since : new String[] {weekAgo, monthAgo}) {
        explain(
                "window load first page",
                EntryReader.windowSql(withoutContent, false),
                since,
                "1000")
            .assertUses("entries_window_load");
        explain(
                "window load next page",
                EntryReader.windowSql(withoutContent, true),
                since,
                cursorAt,
                cursorId,
                "1000")
            .assertUses("entries_window_load");
      }
    }
    // Read at the start of every window page: the highest sequence, from the end of its index.
    explain("head sequence", EntryReader.HEAD_SEQUENCE_SQL).assertUses("entries_seq");
  }

  @Test
  void searchReadsAnIndex() throws SQLException {
    Map<String, String> queries = new LinkedHashMap<>();
    queries.put("rare word", words.rare());
    queries.put("stop word", words.stopWord());
    queries.put("common word", words.common());
    queries.put("two words", words.common() + " " + words.middling());
    queries.put("phrase and exclusion", "\"" + words.phrase() + "\" -" + words.middling());
    for (boolean withoutContent : new boolean[] {false, true}) {
      for (Map.Entry<String, String> q : queries.entrySet()) {
        Plan p =
            explain(
                "search " + q.getKey() + " (" + q.getValue() + ")",
                EntrySearcher.postgresSql(withoutContent),
                literal(q.getValue()),
                Long.toString(reader),
                "50");
        // The GIN index for rare words, the user's feeds through the window index for common
        // ones, or both ANDed: whichever is cheaper, as long as the whole table is not read.
        p.assertUsesAnyOf("entries_search", "entries_window");
      }
    }
  }

  @Test
  void ingestKeyLookupReadsAFeedIndex() throws SQLException {
    // A batch of 100 keys of one feed, 80 of them already stored.
    long feed = readerFeeds.get(0);
    List<String> keys = new ArrayList<>();
    try (Statement s = conn.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT entry_key FROM entries WHERE feed_id = " + feed + " LIMIT 80")) {
      while (rs.next()) {
        keys.add(rs.getString(1));
      }
    }
    for (int i = keys.size(); i < 100; i++) {
      keys.add("new-" + i);
    }
    // Both indexes lead with feed_id; for a feed of a hundred entries the planner may read them
    // all through entries_window and filter the keys, which costs about the same.
    explain(
            "ingest existing keys",
            EntryIngester.SELECT_EXISTING,
            Long.toString(feed),
            textArray(keys))
        .assertUsesAnyOf("entries_feed_key", "entries_window");
  }

  /**
   * userEntries and unreadCounts never read every user's marks: entry_states is read through its
   * primary key (user_id, entry_id) for the one user. The reader of 10 % of the feeds holds 10 % of
   * this small table's entries, and for a page of all of them (10,000 ids) a sequential read of
   * entries is the planner's right choice here; the light reader (1-2 %, still more than a reader's
   * share at production size) must get index reads of entries, and never a walk of the whole
   * primary key. userEntries is planned per call with its values (UserEntryReader.planPerCall), so
   * only its custom plan is checked; unreadCounts runs cached, so both of its plans are.
   */
  @Test
  void userEntriesReadOnlyTheReadersEntriesAndMarks() throws SQLException {
    List<Long> someIds = new ArrayList<>();
    for (long id = ENTRIES - 1; someIds.size() < 1000; id -= 37) {
      someIds.add(id);
    }
    String ids = bigintArray(someIds);
    String cursor = Long.toString(ENTRIES / 2);
    for (boolean light : new boolean[] {false, true}) {
      String user = Long.toString(light ? lightReader : reader);
      List<Long> follows = light ? lightReaderFeeds : readerFeeds;
      String feeds = bigintArray(follows.subList(0, Math.min(10, follows.size())));
      String who = light ? "light reader" : "reader";
      List<Plan> plans = new ArrayList<>();
      // A reading app's usual calls: every unread id (Fever's unread_item_ids, Google Reader's
      // stream/items/ids, 10,000 at a time), a page of items, starred ones, items by id.
      for (StateFilter state : StateFilter.values()) {
        for (boolean oldestFirst : new boolean[] {false, true}) {
          String order = oldestFirst ? "oldest" : "newest";
          String name = who + " userEntries " + state + " ";
          plans.add(
              explainPerCall(
                  name + "ids, first page " + order,
                  UserEntryReader.sql(userEntries(state, oldestFirst, true, false, false, false)),
                  user,
                  user,
                  "10001"));
          plans.add(
              explainPerCall(
                  name + "ids, next page " + order,
                  UserEntryReader.sql(userEntries(state, oldestFirst, true, false, false, true)),
                  user,
                  user,
                  cursor,
                  "10001"));
          plans.add(
              explainPerCall(
                  name + "items of 10 feeds " + order,
                  UserEntryReader.sql(userEntries(state, oldestFirst, false, true, false, false)),
                  user,
                  user,
                  feeds,
                  "1001"));
        }
        plans.add(
            explainPerCall(
                who + " userEntries " + state + " items by id",
                UserEntryReader.sql(userEntries(state, false, false, false, true, false)),
                user,
                user,
                ids,
                "1001"));
      }
      plans.add(explain(who + " unreadCounts", UserEntryReader.UNREAD_COUNTS_SQL, user));
      for (Plan p : plans) {
        if (light) {
          p.assertNoSeqScans();
          p.assertNoWalkOfEntriesPrimaryKey();
        } else {
          p.assertNoStatesSeqScan();
        }
      }
    }
  }

  private static UserEntriesRequest userEntries(
      StateFilter state,
      boolean oldestFirst,
      boolean idsOnly,
      boolean byFeed,
      boolean byId,
      boolean after) {
    // Only the shape matters to the statement: which filters are present, not their values.
    return new UserEntriesRequest(
        0,
        byFeed ? List.of(1L) : List.of(),
        null,
        state,
        byId ? List.of(1L) : List.of(),
        after && oldestFirst ? 1L : null,
        after && !oldestFirst ? 1L : null,
        null,
        null,
        oldestFirst,
        1,
        idsOnly,
        true);
  }

  // ---------------------------------------------------------------------------------------------
  // EXPLAIN

  /** One statement's custom and generic plans. */
  private record Plan(String name, String custom, String generic) {
    void assertNoEntriesSeqScan() {
      assertThat(ENTRIES_SEQ_SCAN.matcher(custom).find())
          .as("custom plan of %s reads entries sequentially:%n%s", name, custom)
          .isFalse();
      assertThat(ENTRIES_SEQ_SCAN.matcher(generic).find())
          .as("generic plan of %s reads entries sequentially:%n%s", name, generic)
          .isFalse();
    }

    /**
     * No read of entries_pkey without an index condition: an id-ordered walk of every entry,
     * keeping the reader's, which for a reader of a few quiet feeds reads the whole index.
     */
    void assertNoWalkOfEntriesPrimaryKey() {
      for (String plan : List.of(custom, generic)) {
        String[] lines = plan.split("\n");
        for (int i = 0; i < lines.length; i++) {
          if (lines[i].contains("using entries_pkey")) {
            assertThat(i + 1 < lines.length && lines[i + 1].contains("Index Cond"))
                .as("plan of %s walks entries_pkey:%n%s", name, plan)
                .isTrue();
          }
        }
      }
    }

    /** Neither entries nor entry_states (every user's marks) is read whole. */
    void assertNoSeqScans() {
      assertNoEntriesSeqScan();
      assertNoStatesSeqScan();
    }

    void assertNoStatesSeqScan() {
      assertThat(STATES_SEQ_SCAN.matcher(custom).find())
          .as("custom plan of %s reads entry_states sequentially:%n%s", name, custom)
          .isFalse();
      assertThat(STATES_SEQ_SCAN.matcher(generic).find())
          .as("generic plan of %s reads entry_states sequentially:%n%s", name, generic)
          .isFalse();
    }

    /** Also checks there is no sequential scan of entries, so every caller gets that for free. */
    void assertUses(String index) {
      assertNoEntriesSeqScan();
      assertThat(indexesOf(custom)).as("custom plan of %s:%n%s", name, custom).contains(index);
      assertThat(indexesOf(generic)).as("generic plan of %s:%n%s", name, generic).contains(index);
    }

    /** Each plan reads entries through one of {@code indexes}, and neither scans it. */
    void assertUsesAnyOf(String... indexes) {
      assertNoEntriesSeqScan();
      assertThat(indexesOf(custom))
          .as("custom plan of %s:%n%s", name, custom)
          .containsAnyOf(indexes);
      assertThat(indexesOf(generic))
          .as("generic plan of %s:%n%s", name, generic)
          .containsAnyOf(indexes);
    }

    private static Set<String> indexesOf(String plan) {
      Set<String> out = new HashSet<>();
      Matcher m = INDEX_USED.matcher(plan);
      while (m.find()) {
        out.add(m.group(1));
      }
      return out;
    }

    @Override
    public String toString() {
      return "custom:\n" + custom + "\ngeneric:\n" + generic;
    }
  }

  /**
   * PREPAREs {@code sql} (the store's text with its {@code ?} placeholders numbered) and explains
   * its execution with {@code args} (SQL literals, typed by the statement) as a custom and as a
   * generic plan.
   */
  private Plan explain(String name, String sql, String... args) throws SQLException {
    String statement = "p_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    try (Statement s = conn.createStatement()) {
      s.execute("PREPARE " + statement + " AS " + numberPlaceholders(sql));
      try {
        String execute =
            "EXECUTE " + statement + (args.length == 0 ? "" : "(" + String.join(", ", args) + ")");
        String custom = explainWith(s, "force_custom_plan", execute);
        String generic = explainWith(s, "force_generic_plan", execute);
        System.out.printf(
            "%n== %s%n-- custom plan%n%s%n-- generic plan%n%s%n", name, custom, generic);
        return new Plan(name, custom, generic);
      } finally {
        s.execute("DEALLOCATE " + statement);
        s.execute("RESET plan_cache_mode");
      }
    }
  }

  /**
   * Explains a statement the store has PostgreSQL plan on every call with its values (an unnamed
   * statement): its custom plan is the only one it runs, so it stands for both.
   */
  private Plan explainPerCall(String name, String sql, String... args) throws SQLException {
    Plan p = explain(name, sql, args);
    return new Plan(name, p.custom(), p.custom());
  }

  private static String explainWith(Statement s, String mode, String execute) throws SQLException {
    s.execute("SET plan_cache_mode = " + mode);
    StringBuilder plan = new StringBuilder();
    try (ResultSet rs = s.executeQuery("EXPLAIN (COSTS TRUE) " + execute)) {
      while (rs.next()) {
        plan.append(rs.getString(1)).append('\n');
      }
    }
    return plan.toString();
  }

  /** JDBC {@code ?} placeholders become {@code $1..$n}; quoted literals are left alone. */
  static String numberPlaceholders(String sql) {
    StringBuilder out = new StringBuilder();
    boolean quoted = false;
    int n = 0;
    for (char ch : sql.toCharArray()) {
      if (ch == '\'') {
        quoted = !quoted;
      }
      if (ch == '?' && !quoted) {
        out.append('$').append(++n);
      } else {
        out.append(ch);
      }
    }
    return out.toString();
  }

  private static String literal(String s) {
    return "'" + s.replace("'", "''") + "'";
  }

  private static String ts(Instant t) {
    return literal(t.toString());
  }

  private static String bigintArray(List<Long> ids) {
    return literal(ids.stream().map(String::valueOf).collect(Collectors.joining(",", "{", "}")));
  }

  private static String textArray(List<String> values) {
    return literal(
        values.stream().map(v -> '"' + v + '"').collect(Collectors.joining(",", "{", "}")));
  }

  // ---------------------------------------------------------------------------------------------
  // Data

  private void loadData(Random random) throws SQLException, IOException {
    conn.setAutoCommit(false);
    words = new Words(random);
    copyFeeds(random);
    copyEntries(random);
    copyUsers(random);
    markStates();
    try (Statement s = conn.createStatement()) {
      s.execute("SELECT setval('entry_seq', " + ENTRIES + ")");
    }
    conn.commit();
    conn.setAutoCommit(true);
  }

  /**
   * Feeds 1..1000: 92 % active, the rest gone or disabled; 5 % are due now, the others due over the
   * next hour, as a poll interval of an hour spreads them; a few are leased.
   */
  private void copyFeeds(Random random) throws SQLException, IOException {
    StringBuilder tsv = new StringBuilder();
    for (int f = 1; f <= FEEDS; f++) {
      int roll = random.nextInt(100);
      String state = roll < 92 ? "ACTIVE" : roll < 97 ? "GONE" : "DISABLED";
      Instant next =
          random.nextInt(100) < 5
              ? NOW.minusSeconds(random.nextInt(600))
              : NOW.plusSeconds(1 + random.nextInt(3600));
      String lease = random.nextInt(100) < 2 ? NOW.plusSeconds(300).toString() : "\\N";
      String owner = lease.equals("\\N") ? "\\N" : "fetcher-1";
      String url = "https://feed" + f + ".example/rss";
      tsv.append(f)
          .append('\t')
          .append(url)
          .append('\t')
          .append(String.format(Locale.ROOT, "%064x", (long) url.hashCode() * 31 + f))
          .append('\t')
          .append(state)
          .append('\t')
          .append(next)
          .append('\t')
          .append(owner)
          .append('\t')
          .append(lease)
          .append('\t')
          .append(NOW.minus(Duration.ofDays(365)))
          .append('\n');
    }
    copy(
        "COPY feeds (id, url, url_hash, state, next_fetch_at, lease_owner, lease_expires_at,"
            + " created_at) FROM STDIN",
        tsv);
    try (Statement s = conn.createStatement()) {
      s.execute("SELECT setval(pg_get_serial_sequence('feeds', 'id'), " + FEEDS + ")");
    }
  }

  /**
   * 100,000 entries in the order a store would have stored them: sequence and id rise with time
   * over the last 90 days; feeds are skewed (a few busy news feeds, many quiet blogs).
   */
  private void copyEntries(Random random) throws SQLException, IOException {
    long start = NOW.minus(Duration.ofDays(90)).getEpochSecond();
    long span = Duration.ofDays(90).getSeconds();
    StringBuilder tsv = new StringBuilder(16 << 20);
    for (int n = 1; n <= ENTRIES; n++) {
      // Squaring a uniform variate favours low feed ids: feed 1 gets ~30x the entries of feed 1000.
      double u = random.nextDouble();
      int feed = 1 + (int) (u * u * FEEDS);
      Instant at = Instant.ofEpochSecond(start + span * n / ENTRIES);
      tsv.append(n)
          .append('\t')
          .append(n)
          .append('\t')
          .append(feed)
          .append('\t')
          .append("key-")
          .append(n)
          .append('\t')
          .append("https://feed")
          .append(feed)
          .append(".example/")
          .append(n)
          .append('\t')
          .append(words.text(random, 8))
          .append('\t')
          .append("author ")
          .append(random.nextInt(2000))
          .append('\t')
          .append(words.text(random, 30))
          .append('\t')
          .append("<p>")
          .append(words.text(random, 120))
          .append("</p>")
          .append('\t')
          .append(at)
          .append('\t')
          .append(at)
          .append('\t')
          .append(at)
          .append('\t')
          .append(String.format(Locale.ROOT, "%064x", n))
          .append('\n');
      if (tsv.length() > (8 << 20)) {
        copyEntryRows(tsv);
        tsv.setLength(0);
      }
    }
    copyEntryRows(tsv);
    try (Statement s = conn.createStatement()) {
      s.execute("SELECT setval(pg_get_serial_sequence('entries', 'id'), " + ENTRIES + ")");
    }
  }

  private void copyEntryRows(StringBuilder tsv) throws SQLException, IOException {
    copy(
        "COPY entries (id, seq, feed_id, entry_key, url, title, author, summary, content,"
            + " published_at, first_seen_at, sort_at, content_hash) FROM STDIN",
        tsv);
  }

  /** 50 readers following 10 to 150 random feeds each; the explained reader follows 100. */
  private void copyUsers(Random random) throws SQLException, IOException {
    StringBuilder users = new StringBuilder();
    StringBuilder subs = new StringBuilder();
    for (int u = 1; u <= USERS; u++) {
      users.append(u).append("\treader").append(u).append('\t').append(NOW).append('\n');
      int follows = u == 1 ? 100 : 10 + random.nextInt(141);
      Set<Long> feeds = new HashSet<>();
      while (feeds.size() < follows) {
        feeds.add(1L + random.nextInt(FEEDS));
      }
      if (u == 1) {
        reader = u;
        readerFeeds = List.copyOf(feeds);
      } else if (lightReaderFeeds == null || feeds.size() < lightReaderFeeds.size()) {
        lightReader = u;
        lightReaderFeeds = List.copyOf(feeds);
      }
      for (long f : feeds) {
        subs.append(u).append('\t').append(f).append('\t').append(NOW).append('\n');
      }
    }
    copy("COPY users (id, name, created_at) FROM STDIN", users);
    copy("COPY subscriptions (user_id, feed_id, created_at) FROM STDIN", subs);
  }

  /**
   * Every reader's marks, as a reader who keeps up leaves them: about 60 % of the entries of the
   * feeds they follow read, 3 % starred (deterministic, not random(), so every run explains the
   * same data). Several hundred thousand rows over 50 users: reading them all is what a plan must
   * not do for one user's page.
   */
  private void markStates() throws SQLException {
    try (Statement s = conn.createStatement()) {
      s.execute(
          "INSERT INTO entry_states (user_id, entry_id, is_read, starred)"
              + " SELECT s.user_id, e.id, (e.id * 7 + s.user_id) % 10 < 6,"
              + " (e.id * 13 + s.user_id) % 100 < 3"
              + " FROM subscriptions s JOIN entries e ON e.feed_id = s.feed_id"
              + " WHERE (e.id * 7 + s.user_id) % 10 < 6 OR (e.id * 13 + s.user_id) % 100 < 3");
    }
  }

  private void copy(String sql, StringBuilder tsv) throws SQLException, IOException {
    conn.unwrap(PGConnection.class).getCopyAPI().copyIn(sql, new StringReader(tsv.toString()));
  }

  /**
   * A vocabulary of 5,000 made-up words drawn with a Zipf-like law (the n-th word about 1/n as
   * often as the first), so that common words are in a large share of entries and rare ones in a
   * handful, as in real text.
   */
  private static final class Words {
    private final String[] vocabulary = new String[5_000];
    private final double[] cumulative = new double[vocabulary.length];

    Words(Random random) {
      double sum = 0;
      for (int i = 0; i < vocabulary.length; i++) {
        vocabulary[i] = word(random, i);
        sum += 1.0 / (i + 1);
        cumulative[i] = sum;
      }
      for (int i = 0; i < cumulative.length; i++) {
        cumulative[i] /= sum;
      }
    }

    private static String word(Random random, int i) {
      String letters = "abcdefghijklmnopqrstuvwxyz";
      StringBuilder b = new StringBuilder();
      int length = 3 + random.nextInt(7);
      for (int k = 0; k < length; k++) {
        b.append(letters.charAt(random.nextInt(letters.length())));
      }
      return b.append(i).toString(); // the index keeps words distinct
    }

    String text(Random random, int count) {
      StringBuilder b = new StringBuilder();
      for (int k = 0; k < count; k++) {
        if (k > 0) {
          b.append(' ');
        }
        int i = Arrays.binarySearch(cumulative, random.nextDouble());
        b.append(vocabulary[i < 0 ? Math.min(-i - 1, vocabulary.length - 1) : i]);
      }
      return b.toString();
    }

    /** In nearly every entry, like "the". */
    String stopWord() {
      return vocabulary[0];
    }

    /** In about a quarter of the entries. */
    String common() {
      return vocabulary[60];
    }

    /** In a few percent of the entries. */
    String middling() {
      return vocabulary[500];
    }

    /** In a few hundred entries (0.4 %). */
    String rare() {
      return vocabulary[4_000];
    }

    String phrase() {
      return vocabulary[10] + " " + vocabulary[11];
    }
  }
}
