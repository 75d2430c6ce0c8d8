package io.sardonyx.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.sardonyx.client.JobHandle;
import io.sardonyx.client.Sardonyx;
import io.sardonyx.codec.JsonText;
import io.sardonyx.log.store.ZooKeeperConnection;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.curator.framework.CuratorFramework;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The page in a real headless Chromium against a live embedded cluster: it lists the tenancy, shows a submitted
 * job with its graph, follows it to completion live, travels back to before the job existed and forward again,
 * rebuilds the same replica as the server at any position, pages and filters the raw log, and kills a second job
 * through the page. Screenshots of each step go to {@code target/screenshots/}.
 */
class DashboardBrowserTest {
    private static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path BROWSER = Path.of("/usr/bin/chromium");
    private static final Path SHOTS = Path.of("target", "screenshots");

    private WebDriver driver;
    private WebDriverWait wait;

    private static ChromeDriver chromium() {
        final ChromeOptions options = new ChromeOptions();
        options.setBinary(BROWSER.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
            "--window-size=1400,1800", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync");
        final ChromeDriverService service = new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(DRIVER.toString())).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    private void shot(final String name) throws Exception {
        Files.createDirectories(SHOTS);
        Files.write(SHOTS.resolve(name + ".png"),
            ((org.openqa.selenium.TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
    }

    private WebElement visible(final String css) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
    }

    /** Clicks an element the page may be re-rendering (every message re-renders the panels): tries again. */
    private void click(final String css) {
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(d -> {
            d.findElement(By.cssSelector(css)).click();
            return true;
        });
    }

    /** The text of an element the page may be re-rendering. */
    private String textOf(final String css) {
        return wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class)
            .until(d -> d.findElement(By.cssSelector(css)).getText());
    }

    private void travelTo(final int position) {
        final WebElement jump = driver.findElement(By.id("jump"));
        jump.clear();
        jump.sendKeys(Integer.toString(position));
        driver.findElement(By.id("jump-go")).click();
        wait.until(ExpectedConditions.textToBe(By.id("position-label"), "entry " + position + " of " + steps()));
    }

    private long steps() {
        return (Long) ((org.openqa.selenium.JavascriptExecutor) driver)
            .executeScript("return window.sardonyx.state.steps.length");
    }

    private Object script(final String js, final Object... args) {
        return ((org.openqa.selenium.JavascriptExecutor) driver).executeScript(js, args);
    }

    @Test
    void followsAJobLiveTravelsThroughItsHistoryAndKillsAnother() throws Exception {
        if (!Files.isExecutable(DRIVER) || !Files.isExecutable(BROWSER)) {
            // Counted as skipped, never as passed; the reason goes to the build's output beside the count.
            final String reason = "needs Chromium and its driver at " + BROWSER + " and " + DRIVER
                + " (apt-get install chromium chromium-driver; .ci/run installs them)";
            org.slf4j.LoggerFactory.getLogger(DashboardBrowserTest.class).warn("SKIPPED: {}", reason);
            Assumptions.abort(reason);
        }
        try (Sardonyx sardonyx = Sardonyx.builder().build();
             CuratorFramework client = ZooKeeperConnection.open(sardonyx.zookeeper(), 10_000, null);
             DashboardServer server = DashboardServer.start(client, new DashboardServer.Settings("127.0.0.1", 0,
                 true, "let-me-kill"))) {
            for (int group = 0; group < 5; group++) {
                sardonyx.startPeers(2);
            }
            driver = chromium();
            wait = new WebDriverWait(driver, Duration.ofSeconds(30));
            try {
                driver.get(server.url());
                wait.until(ExpectedConditions.presenceOfElementLocated(
                    By.cssSelector("#tenancy option[value=default]")));
                wait.until(ExpectedConditions.textMatches(By.id("summary"),
                    java.util.regex.Pattern.compile("10 peer")));
                shot("1-cluster");

                final JobHandle job = sardonyx.submit(Jobs.ticks("watched", 200, 50));
                visible("#jobs tr[data-job='" + job.id() + "']");
                click("#jobs tr[data-job='" + job.id() + "']");
                visible("#graph g.task[data-task='in'][data-state='running']");
                assertThat(textOf("#graph g.task[data-task='out']")).contains("out");
                assertThat(textOf("#graph g.task[data-task='in'][data-fused='stamp']")).contains("in +1 fused");
                shot("2-job-running");
                visible("#jobs tr[data-job='" + job.id() + "'][data-state='completed']");
                visible("#graph g.task[data-task='in'][data-state='completed']");
                assertThat(textOf("#events")).contains("job " + job.id() + " completed");
                shot("3-job-completed-live");

                final int submitted = ((Long) script("return window.sardonyx.state.steps.findIndex("
                    + "s => s.entry.fn === 'submit-job') + 1")).intValue();
                travelTo(submitted - 1);
                assertThat(driver.findElements(By.cssSelector("#jobs tr[data-job='" + job.id() + "']"))).isEmpty();
                assertThat(driver.findElement(By.id("live")).isSelected()).isFalse();
                shot("4-before-the-job");
                driver.findElement(By.id("next")).click();
                visible("#jobs tr[data-job='" + job.id() + "']");
                shot("5-job-submitted");
                for (final int position : List.of(0, submitted, (int) steps())) {
                    final Object page = JsonText.parse((String) script(
                        "return JSON.stringify(window.sardonyx.replicaAt(arguments[0]))", position));
                    final Object served = JsonText.parse(HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create(server.url() + "api/tenancies/default/replica.json?at=" + position)).build(),
                        HttpResponse.BodyHandlers.ofString()).body());
                    assertThat(page).as("the page's replica at %d", position).isEqualTo(served);
                }
                driver.findElement(By.id("live")).click();
                visible("#jobs tr[data-job='" + job.id() + "'][data-state='completed']");

                assertThat(steps()).as("entries enough for two pages").isGreaterThan(20);
                assertThat(driver.findElements(By.cssSelector("#log tbody tr"))).hasSize(20);
                driver.findElement(By.id("log-next")).click();
                wait.until(ExpectedConditions.textMatches(By.id("log-page"),
                    java.util.regex.Pattern.compile("page 2 of")));
                click("#log tbody tr");
                assertThat(visible("#entry-detail").getText()).contains("\"fn\"");
                driver.findElement(By.id("log-filter")).sendKeys("submit-job");
                wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#log tbody tr"), 1));
                assertThat(textOf("#log tbody tr")).contains("submit-job");
                shot("6-raw-log");
                driver.findElement(By.id("log-filter")).clear();

                driver.findElement(By.id("live")).click();
                final JobHandle endless = sardonyx.submit(Jobs.ticks("endless", 0, 20));
                visible("#jobs tr[data-job='" + endless.id() + "'][data-state='running']");
                click("#jobs tr[data-job='" + endless.id() + "']");
                visible("#job-actions #token").sendKeys("let-me-kill");
                driver.findElement(By.id("kill-job")).click();
                wait.until(ExpectedConditions.alertIsPresent()).accept();
                visible("#jobs tr[data-job='" + endless.id() + "'][data-state='killed']");
                visible("#job-exception");
                assertThat(textOf("#job-exception")).contains("killed from the dashboard");
                shot("7-killed-from-the-page");
                assertThat(endless.await(Duration.ofSeconds(30)).completed()).isFalse();
            } finally {
                driver.quit();
            }
        }
    }
}
