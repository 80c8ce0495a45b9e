package org.hbakit.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The HBAKit pages in a real browser: Debian's Chromium, headless, driven by Selenium through the exported
 * platform. Logs in, opens every page (a screenshot of each goes to {@code target/screenshots/}), sees the default
 * machine's three HBAs and ten logical units, starts a workload from the live page and sees the chart move, swaps a
 * controller from the devices page and sees the swap in the timeline.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserTest {
	private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
	private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
	private static final Duration PATIENCE = Duration.ofSeconds(60);

	static PlatformProcess platform;
	static WebDriver browser;
	static String console; // http://127.0.0.1:<port>/system/console/hbakit
	static Path screenshots;

	@BeforeAll
	static void start() throws Exception {
		boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
		if (!present && !Boolean.getBoolean("hbakit.browser.required")) {
			Assumptions.abort("no " + CHROMIUM + " or " + CHROMEDRIVER + " (apt-get install chromium chromium-driver)");
		}
		assertThat(present).as(CHROMIUM + " and " + CHROMEDRIVER + " are installed").isTrue();
		Path work = Path.of(System.getProperty("hbakit.browser.work", "target"));
		screenshots = work.resolve("screenshots");
		PlatformProcess.deleteTree(screenshots);
		Files.createDirectories(screenshots);
		platform = PlatformProcess.start(Path.of(System.getProperty("hbakit.platform.jar", "../cnf/target/hbakit.jar")),
				work.resolve("platform"));
		console = platform.consoleUrl(120);

		Path profile = work.resolve("chromium-profile");
		PlatformProcess.deleteTree(profile);
		ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile());
		// as root Chromium needs --no-sandbox; the others keep it off this machine's closed network
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
				"--disable-background-networking", "--disable-component-update", "--disable-sync",
				"--disable-dev-shm-usage", "--window-size=1440,1000", "--user-data-dir=" + profile.toAbsolutePath());
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
				.usingAnyFreePort().withLogFile(work.resolve("chromedriver.log").toFile()).build();
		browser = new ChromeDriver(service, options);
	}

	@AfterAll
	static void stop() throws Exception {
		try {
			if (browser != null) {
				browser.quit();
			}
		} finally {
			if (platform != null) {
				platform.close();
			}
		}
	}

	@Test
	@Order(1)
	void logInAndSeeTheThreeHBAsBound() throws Exception {
		// the Web Console authenticates with HTTP Basic: the browser logs in through the address once, then keeps
		// the credentials for the console's pages and their requests
		URI u = URI.create(console);
		browser.get(u.getScheme() + "://admin:admin@" + u.getAuthority() + u.getPath());
		open("devices");
		List<WebElement> rows = waitForRows("hbakit-devices", 3);
		wait(PATIENCE).until(d -> column("hbakit-devices", 2).stream().allMatch("BOUND"::equals));
		assertThat(column("hbakit-devices", 0)).containsExactly("hba0", "hba1", "hba2");
		assertThat(column("hbakit-devices", 3)).allSatisfy(driver -> assertThat(driver).startsWith("org.hbakit.controller.core/"));
		assertThat(rows).hasSize(3);
		assertThat(browser.findElement(By.id("hbakit-devices-summary")).getText()).isEqualTo("3 devices, 3 bound");
		screenshot("devices");
	}

	@Test
	@Order(2)
	void seeThePersonalitiesAndMatches() throws Exception {
		open("matching");
		waitForRows("hbakit-personalities", 1);
		waitForRows("hbakit-matches", 3);
		assertThat(column("hbakit-matches", 7)).contains("started");
		assertThat(browser.findElement(By.id("hbakit-unmatched")).getText()).contains("every device has a driver");
		screenshot("matching");
	}

	@Test
	@Order(3)
	void seeTheTenLogicalUnits() throws Exception {
		open("luns");
		waitForRows("hbakit-luns", 10);
		assertThat(column("hbakit-luns", 0)).containsExactly("hba0:0:0", "hba0:0:1", "hba0:1:0", "hba0:1:1",
				"hba1:0:0", "hba1:0:1", "hba1:1:0", "hba1:1:1", "hba2:0:0", "hba2:0:1");
		assertThat(browser.findElement(By.id("hbakit-luns-summary")).getText()).isEqualTo("10 logical units on 3 HBAs");
		wait(PATIENCE).until(d -> column("hbakit-luns", 12).stream().noneMatch("…"::equals)); // faults read
		screenshot("luns");
	}

	@Test
	@Order(4)
	void startAWorkloadAndSeeTheLiveChartMove() throws Exception {
		open("live");
		wait(PATIENCE).until(d -> js("return !!(window.hbakit && hbakit.charts.iops)"));
		waitForRows("hbakit-live-now", 3);
		String before = js("return document.querySelector('#hbakit-live-iops canvas').toDataURL()");
		browser.findElement(By.id("hbakit-workload-seconds")).clear();
		browser.findElement(By.id("hbakit-workload-seconds")).sendKeys("45");
		browser.findElement(By.id("hbakit-workload-start")).click();
		confirm();
		wait(PATIENCE).until(d -> browser.findElement(By.id("hbakit-workload-state")).getText().startsWith("Running"));
		// the series the chart draws: IOPS above zero for hba0 and hba1 (the units with data)
		wait(PATIENCE).until(d -> js("const u = hbakit.charts.iops; const n = u.data[0].length;"
				+ " return n > 1 && u.data[1][n - 1] > 0 && u.data[2][n - 1] > 0"));
		wait(PATIENCE).until(d -> Double.parseDouble(column("hbakit-live-now", 1).get(0).replace(",", "")) > 0);
		// and what it draws changes from second to second
		String moving = js("return document.querySelector('#hbakit-live-iops canvas').toDataURL()");
		assertThat(moving).isNotEqualTo(before);
		wait(PATIENCE).until(d -> !moving.equals(js("return document.querySelector('#hbakit-live-iops canvas').toDataURL()")));
		screenshot("live");
	}

	@Test
	@Order(5)
	void swapAControllerFromThePageAndSeeItInTheTimeline() throws Exception {
		open("swaps");
		wait(PATIENCE).until(d -> js("return !!(window.hbakit && hbakit.charts.timeline)"));
		long swapsBefore = ((Number) js("return hbakit.charts.timeline.data[0].length")).longValue();

		open("devices");
		waitForRows("hbakit-devices", 3);
		browser.findElement(By.id("swap-hba1")).click();
		assertThat(browser.findElement(By.id("hbakit-confirm-text")).getText()).contains("Swap the controller of hba1");
		confirm();
		wait(PATIENCE).until(d -> {
			WebElement status = browser.findElement(By.id("hbakit-status"));
			return status.getAttribute("class").contains("ok") && !status.getText().endsWith("…");
		});
		screenshot("devices-after-swap");

		open("swaps");
		wait(PATIENCE).until(d -> js("return !!(window.hbakit && hbakit.charts.timeline)"));
		wait(PATIENCE).until(d -> ((Number) js("return hbakit.charts.timeline.data[0].length")).longValue() > swapsBefore);
		// the hba1 series has a point: the swap's pause in milliseconds
		Object pause = js("const u = hbakit.charts.timeline; const i = u.series.findIndex(s => s.label === 'hba1');"
				+ " return i < 0 ? null : u.data[i].filter(v => v !== null).pop()");
		assertThat(pause).isInstanceOf(Number.class);
		assertThat(((Number) pause).doubleValue()).isPositive();
		waitForRows("hbakit-swaps", 1);
		assertThat(column("hbakit-swaps", 1).get(0)).isEqualTo("hba1");
		assertThat(column("hbakit-swaps", 5).get(0)).isEqualTo("yes");
		screenshot("swaps");
	}

	private static void open(String page) {
		browser.get(console + "/" + page);
		wait(PATIENCE).until(d -> d.findElement(By.id("hbakit-tab-" + page)).getAttribute("class").contains("current"));
	}

	private static List<WebElement> waitForRows(String table, int count) {
		By rows = By.cssSelector("#" + table + " tbody tr");
		wait(PATIENCE).until(d -> d.findElements(rows).size() >= count);
		return browser.findElements(rows);
	}

	/** The texts of one column of a table, top to bottom. */
	private static List<String> column(String table, int index) {
		return browser.findElements(By.cssSelector("#" + table + " tbody tr")).stream()
				.map(tr -> tr.findElements(By.tagName("td")).get(index).getText()).toList();
	}

	private static void confirm() {
		wait(PATIENCE).until(d -> d.findElement(By.id("hbakit-confirm")).isDisplayed());
		browser.findElement(By.id("hbakit-confirm-ok")).click();
	}

	@SuppressWarnings("unchecked")
	private static <T> T js(String script) {
		return (T) ((JavascriptExecutor) browser).executeScript(script);
	}

	private static WebDriverWait wait(Duration timeout) {
		WebDriverWait w = new WebDriverWait(browser, timeout);
		w.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
		w.ignoring(org.openqa.selenium.JavascriptException.class);
		return w;
	}

	private static void screenshot(String name) throws Exception {
		Path shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
		Files.copy(shot, screenshots.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
	}
}
