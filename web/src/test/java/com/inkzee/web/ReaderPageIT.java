package com.inkzee.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.inkzee.ranker.testing.SiteServer;
import com.inkzee.rpc.api.fetcher.FetcherMessages.RefreshRequest;
import com.inkzee.rpc.api.store.SubscriptionMessages.ListSubscriptionsRequest;
import com.inkzee.rpc.api.store.UserMessages.GetUserRequest;
import com.inkzee.web.testing.WebStack;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The reader page in a real headless Chromium (Debian's, driven through its chromedriver; Selenium
 * Manager is never asked to download anything), against the whole backend in this JVM ({@link
 * WebStack}): sign up, subscribe to a site served on loopback, see the ranked river with its "why",
 * open an entry, mark it read from the keyboard, set an alert and see its hit after a new entry
 * arrives in the feed, make an app password in the Apps panel and revoke it. Screenshots go to
 * {@code target/screenshots/}.
 *
 * <p>Under {@code CI=true} a missing browser fails the test; elsewhere it is skipped, saying why.
 */
class ReaderPageIT {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  /** Fetch, store, tail and rank of a new feed take a few seconds on loopback; generous. */
  static final Duration ARRIVAL = Duration.ofSeconds(45);

  @TempDir static Path dir;
  private static WebStack stack;
  private static WebDriver browser;

  @BeforeAll
  static void start() throws Exception {
    boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    if (!present) {
      String why =
          "no " + CHROMIUM + " or " + CHROMEDRIVER + " (apt-get install chromium chromium-driver)";
      if ("true".equals(System.getenv("CI"))) {
        throw new IllegalStateException("the browser test must run under CI: " + why);
      }
      System.out.println("ReaderPageIT skipped: " + why);
      Assumptions.abort(why);
    }
    stack = new WebStack(dir);
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-quic",
        "--no-first-run",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--window-size=1200,1000",
        "--user-data-dir=" + Files.createDirectories(dir.resolve("chromium-profile")));
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .build();
    browser = new ChromeDriver(service, options);
    browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void aReaderSignsUpSubscribesReadsAndIsAlerted() throws Exception {
    String site = "/daily-" + System.nanoTime();
    String feedPath = site + "/feed.xml";
    stack.site.serve(
        site + "/",
        "text/html; charset=utf-8",
        "<!doctype html><html><head><title>The Daily</title><link rel=\"alternate\""
            + " type=\"application/rss+xml\" title=\"The Daily\" href=\""
            + feedPath
            + "\"></head><body>The Daily</body></html>");
    String[] items = {
      "Harbour bridge reopens after two years of repairs", "d-1",
      "Night trains return to the coast line", "d-2",
      "City library extends its opening hours", "d-3"
    };
    stack.site.serve(
        feedPath, "application/rss+xml", SiteServer.rss("The Daily", stack.site.url(site), items));

    // Sign up.
    browser.get(stack.baseUrl() + "/");
    waitFor(d -> d.findElement(By.id("signup-form")).isDisplayed());
    String name = "reader" + System.nanoTime() % 100_000;
    type("signup-name", name);
    type("signup-password", "a long enough password");
    click("signup-submit");
    waitFor(d -> name.equals(d.findElement(By.id("who")).getText()));

    // Subscribe by the site's address: the fetcher discovers the feed.
    click("nav-feeds");
    type("subscribe-url", stack.site.url(site + "/"));
    type("subscribe-folder", "News");
    click("subscribe-submit");
    waitFor(d -> d.findElement(By.id("feed-list")).getText().contains(stack.site.url(feedPath)));

    // Import an OPML file in Latin-1 that says so: the page reads it as the file declares, and
    // the accents survive (an empty feed, so the river below is unchanged).
    String quietPath = site + "/quiet.xml";
    stack.site.serve(
        quietPath, "application/rss+xml", SiteServer.rss("Le Quotidien", stack.site.url(site)));
    Path opml = Files.createTempFile("export", ".opml");
    Files.write(
        opml,
        ("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><opml version=\"2.0\"><body>"
                + "<outline text=\"Études\"><outline type=\"rss\" text=\"Le Quotidien\" xmlUrl=\""
                + stack.site.url(quietPath)
                + "\"/></outline></body></opml>")
            .getBytes(StandardCharsets.ISO_8859_1));
    browser.findElement(By.id("opml-file")).sendKeys(opml.toString());
    click("opml-submit");
    waitFor(d -> d.findElement(By.id("opml-status")).getText().startsWith("Subscribed to 1 "));
    waitFor(d -> d.findElement(By.id("feed-list")).getText().contains("Études"));
    Files.delete(opml);

    // The ranked river fills as the fetcher polls the feed.
    click("nav-river");
    waitFor(ARRIVAL, d -> riverHas(d, 3));
    WebElement first = browser.findElements(By.cssSelector("#river li.item")).get(0);
    WebElement why = first.findElement(By.cssSelector("details.why"));
    why.findElement(By.tagName("summary")).click();
    assertThat(why.getText()).contains("why").containsPattern("[+-]\\d+\\.\\d\\d ");
    screenshot("river.png");

    // Open an entry.
    String title = first.findElement(By.cssSelector("a.title")).getText();
    first.findElement(By.cssSelector("a.title")).click();
    waitFor(d -> d.findElement(By.id("reader")).isDisplayed());
    assertThat(browser.findElement(By.id("reader-title")).getText()).isEqualTo(title);
    assertThat(browser.findElement(By.id("reader-content")).getText())
        .contains(title)
        .contains("Reporters followed the story");
    screenshot("reader.png");
    click("reader-close");

    // Keyboard: opening selected the first item; j moves to the second, k back, o opens, Esc
    // closes, m marks read (the server's answer repaints it).
    WebElement body = browser.findElement(By.tagName("body"));
    waitFor(d -> item(d, 0).getAttribute("class").contains("selected"));
    body.sendKeys("j");
    waitFor(d -> item(d, 1).getAttribute("class").contains("selected"));
    body.sendKeys("k");
    waitFor(d -> item(d, 0).getAttribute("class").contains("selected"));
    body.sendKeys("o");
    waitFor(d -> d.findElement(By.id("reader")).isDisplayed());
    assertThat(browser.findElement(By.id("reader-title")).getText()).isEqualTo(title);
    body.sendKeys(Keys.ESCAPE);
    waitFor(d -> !d.findElement(By.id("reader")).isDisplayed());
    String readId = firstItem(browser).getAttribute("data-id");
    body.sendKeys("m");
    waitFor(d -> firstItem(d).getAttribute("class").contains("read"));
    assertThat(firstItem(browser).findElement(By.cssSelector("button.read")).getText())
        .isEqualTo("Mark unread");
    // The unread river, asked again, no longer has it.
    click("river-refresh");
    waitFor(
        d ->
            riverHas(d, 2)
                && d.findElements(By.cssSelector("#river li.item[data-id='" + readId + "']"))
                    .isEmpty());

    // An alert, then a new entry that matches it.
    click("nav-alerts");
    type("alert-query", "volcano");
    click("alert-submit");
    waitFor(d -> d.findElement(By.id("alert-list")).getText().contains("volcano"));
    String[] more = {
      items[0],
      items[1],
      items[2],
      items[3],
      items[4],
      items[5],
      "Volcano erupts near the coast, flights diverted",
      "d-4"
    };
    stack.site.serve(
        feedPath, "application/rss+xml", SiteServer.rss("The Daily", stack.site.url(site), more));
    long userId = stack.store.store().getUser(new GetUserRequest(null, name)).user().id();
    long feedId =
        stack
            .store
            .store()
            .listSubscriptions(new ListSubscriptionsRequest(userId))
            .subscriptions()
            .get(0)
            .feedId();
    stack.fetcherRpc().refreshFeed(new RefreshRequest(feedId));
    waitFor(
        ARRIVAL,
        d -> {
          d.findElement(By.id("hits-refresh")).click();
          return d.findElement(By.id("hit-list"))
              .getText()
              .contains("Volcano erupts near the coast");
        });
    assertThat(browser.findElement(By.id("hit-badge")).getText()).isEqualTo("1");
    screenshot("alerts.png");

    // The digest with a minutes selector.
    click("nav-digest");
    new Select(browser.findElement(By.id("digest-minutes"))).selectByValue("5");
    click("digest-go");
    waitFor(d -> !d.findElements(By.cssSelector("#digest li.item")).isEmpty());
    assertThat(browser.findElement(By.id("digest-total")).getText()).contains("of 5 minutes");

    // An app password for a reading app: made in the Apps panel, shown once with the server
    // addresses, accepted by the Fever API, then revoked (and refused).
    click("nav-apps");
    type("app-label", "Reeder on my phone");
    click("app-ranked");
    click("app-submit");
    waitFor(d -> d.findElement(By.id("app-new")).isDisplayed());
    String appPassword = browser.findElement(By.id("app-new-password")).getText();
    assertThat(appPassword).matches("[a-z2-7]{7}(-[a-z2-7]{7}){3}");
    assertThat(browser.findElement(By.id("app-new-user")).getText()).isEqualTo(name);
    assertThat(browser.findElement(By.id("app-new-fever")).getText())
        .isEqualTo(stack.baseUrl() + "/api/fever/");
    waitFor(d -> d.findElement(By.id("app-list")).getText().contains("Reeder on my phone"));
    assertThat(browser.findElement(By.id("app-list")).getText()).contains("ranked order");
    screenshot("apps.png");
    String feverKey = com.inkzee.web.apps.AppPasswords.feverKey(name, appPassword);
    assertThat(feverAuth(feverKey)).isEqualTo(1);
    click("app-new-done");
    waitFor(d -> !d.findElement(By.id("app-new")).isDisplayed());
    assertThat(browser.findElement(By.id("app-new-password")).getText()).isEmpty();
    browser.findElement(By.cssSelector("#app-list li.app button.app-revoke")).click();
    new WebDriverWait(browser, Duration.ofSeconds(5))
        .until(org.openqa.selenium.support.ui.ExpectedConditions.alertIsPresent())
        .accept();
    waitFor(d -> d.findElements(By.cssSelector("#app-list li.app")).isEmpty());
    assertThat(browser.findElement(By.id("app-empty")).isDisplayed()).isTrue();
    assertThat(feverAuth(feverKey)).isEqualTo(0);

    // On a phone-sized screen nothing runs off the side.
    click("nav-river");
    browser.manage().window().setSize(new Dimension(390, 844));
    waitFor(d -> !d.findElements(By.cssSelector("#river li.item")).isEmpty());
    Object overflow =
        ((JavascriptExecutor) browser)
            .executeScript(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
    Object wide =
        ((JavascriptExecutor) browser)
            .executeScript(
                "return [...document.querySelectorAll('body *')]"
                    + ".filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)"
                    + ".map(e => e.tagName + '#' + e.id + '.' + e.className).join(', ');");
    assertThat(((Number) overflow).intValue())
        .as("wider than the screen: %s", wide)
        .isLessThanOrEqualTo(0);
    screenshot("river-phone.png");

    // Nothing the page did broke its own Content-Security-Policy.
    List<LogEntry> violations =
        browser.manage().logs().get(LogType.BROWSER).getAll().stream()
            .filter(e -> e.getMessage().contains("Content Security Policy"))
            .toList();
    assertThat(violations).isEmpty();
  }

  /**
   * Whether the river, loaded and idle, shows {@code n} items; if it shows fewer, asks it to
   * refresh (the page marks the list busy while a load runs, so no answer lands after this says
   * yes).
   */
  private static boolean riverHas(WebDriver d, int n) {
    if ("true".equals(d.findElement(By.id("river")).getAttribute("aria-busy"))) {
      return false;
    }
    if (d.findElements(By.cssSelector("#river li.item")).size() >= n) {
      return d.findElements(By.cssSelector("#river li.item")).size() == n;
    }
    d.findElement(By.id("river-refresh")).click();
    return false;
  }

  /** The {@code auth} the Fever API answers a reading app calling with {@code key}. */
  private static int feverAuth(String key) throws Exception {
    java.net.http.HttpResponse<String> r =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(stack.baseUrl() + "/api/fever/?api"))
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("api_key=" + key))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    return new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree(r.body())
        .path("auth")
        .asInt();
  }

  private static WebElement firstItem(WebDriver d) {
    return item(d, 0);
  }

  private static WebElement item(WebDriver d, int i) {
    return d.findElements(By.cssSelector("#river li.item")).get(i);
  }

  private static void type(String id, String text) {
    WebElement e = browser.findElement(By.id(id));
    e.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
    e.sendKeys(text);
  }

  private static void click(String id) {
    browser.findElement(By.id(id)).click();
  }

  private static void waitFor(Function<WebDriver, Boolean> condition) {
    waitFor(Duration.ofSeconds(15), condition);
  }

  private static void waitFor(Duration timeout, Function<WebDriver, Boolean> condition) {
    new WebDriverWait(browser, timeout, Duration.ofMillis(500))
        .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
        .until(condition::apply);
  }

  private static void screenshot(String file) throws Exception {
    Path out = Path.of("target", "screenshots");
    Files.createDirectories(out);
    byte[] png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
    Files.write(out.resolve(file), png);
    assertThat(png.length).isGreaterThan(1000);
    System.out.println("screenshot: " + out.resolve(file).toAbsolutePath());
  }
}
