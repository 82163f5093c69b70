package com.inkzee.store.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.inkzee.rpc.api.store.SubscriptionMessages.ListSubscriptionsRequest;
import com.inkzee.rpc.api.store.SubscriptionMessages.OpmlExportRequest;
import com.inkzee.rpc.api.store.SubscriptionMessages.OpmlOutline;
import com.inkzee.rpc.api.store.SubscriptionMessages.SubscribeRequest;
import com.inkzee.rpc.api.store.SubscriptionMessages.Subscription;
import com.inkzee.rpc.api.store.UserMessages.CreateUserRequest;
import com.inkzee.store.db.Database;
import com.inkzee.store.rpc.StoreRpcHandler;
import com.inkzee.store.testing.TestPostgres;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * listSubscriptions and the OPML export list a reader's feeds in one order on every engine,
 * whatever the database's collation. The contract suite cannot show it: the test PostgreSQL is
 * C-collated, which orders text as H2 does, while the compose file's image (en_US.utf8) puts
 * "apple" before "Banana". So this test makes a database with an en-US collation (ICU, which needs
 * no operating system locale) and compares it with the embedded store.
 */
class SubscriptionOrderIT {
  /** Folder (none last), then title, in Java's String order (by UTF-16 code unit). */
  private static final List<String> EXPECTED_TITLES =
      List.of("in Banana", "in apple", "Banana", "Zebra", "apple", "\u00e9clair");

  @Test
  void subscriptionsAreListedInOneOrderUnderAnEnglishCollationAsOnH2() throws Exception {
    TestPostgres.assumeReachable("SubscriptionOrderIT");
    String name =
        TestPostgres.newDatabase(
            "t_en_",
            "TEMPLATE template0 ENCODING 'UTF8' LOCALE_PROVIDER icu ICU_LOCALE 'en-US'"
                + " LOCALE 'C.UTF-8'");
    try {
      try (Database english =
          Database.open(
              TestPostgres.ofDatabase(name),
              TestPostgres.USER,
              TestPostgres.PASSWORD,
              TestDatabases.config(2))) {
        assertThat(collatesEnglish(english))
            .as("the database sorts as en-US does, or the test shows nothing")
            .isTrue();
        assertOrder(english);
      }
    } finally {
      TestPostgres.dropDatabase(name);
    }
    try (Database h2 = TestDatabases.h2()) {
      assertOrder(h2);
    }
  }

  private static void assertOrder(Database db) {
    StoreRpcHandler store = new StoreRpcHandler(db, Clock.systemUTC());
    long user = store.createUser(new CreateUserRequest("orderly", null)).user().id();
    subscribe(store, user, "apple", "in apple");
    subscribe(store, user, "Banana", "in Banana");
    for (String title : List.of("\u00e9clair", "apple", "Zebra", "Banana")) {
      subscribe(store, user, null, title);
    }
    assertThat(
            store.listSubscriptions(new ListSubscriptionsRequest(user)).subscriptions().stream()
                .map(Subscription::title))
        .as(db.dialect().name())
        .containsExactlyElementsOf(EXPECTED_TITLES);
    assertThat(
            store.exportOpml(new OpmlExportRequest(user)).outlines().stream()
                .map(OpmlOutline::title))
        .as(db.dialect().name())
        .containsExactlyElementsOf(EXPECTED_TITLES);
  }

  private static void subscribe(StoreRpcHandler store, long user, String folder, String title) {
    String url = "https://order.example/" + Integer.toHexString(title.hashCode());
    store.subscribe(new SubscribeRequest(user, url, title, folder, 0));
  }

  private static boolean collatesEnglish(Database db) {
    return db.inTransaction(
        c -> {
          try (var ps = c.prepareStatement("SELECT 'apple' < 'Banana'");
              var rs = ps.executeQuery()) {
            rs.next();
            return rs.getBoolean(1);
          }
        });
  }
}
