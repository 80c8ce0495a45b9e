package org.hbakit.itest.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.StreamSupport;

import org.awaitility.Awaitility;
import org.hbakit.controller.api.client.SCSILogicalUnit;
import org.hbakit.controller.api.registry.DeviceInfo;
import org.junit.jupiter.api.Test;
import org.osgi.test.common.annotation.InjectService;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/** What the HBAKit console's JSON documents and pages hold on the default machine, against the registry API. */
class ConsoleDataTest extends ConsoleTestBase {
	@Test
	void devicesShowTheDefaultMachineBoundWithDriverVersionPathAndCounters() throws Exception {
		assertThat(registry.awaitQuiescence(30_000)).isTrue();
		List<JsonObject> devices = items(console.json("devices.json"), "devices");
		assertThat(devices).extracting(d -> d.get("name").getAsString()).containsExactly("hba0", "hba1", "hba2");
		assertThat(devices).extracting(d -> d.get("location").getAsString()).containsExactly("pci0000:00:04.0",
				"pci0000:00:05.0", "pci0000:00:06.0");
		for (JsonObject d : devices) {
			DeviceInfo info = registry.devices().stream()
					.filter(i -> i.location().equals(d.get("location").getAsString())).findFirst().orElseThrow();
			assertThat(d.get("state").getAsString()).isEqualTo("BOUND");
			assertThat(d.get("driver").getAsString()).isEqualTo(info.driver()).startsWith("org.hbakit.controller.core/");
			assertThat(d.get("driverVersion").getAsString()).isEqualTo(info.driverVersion()).isNotEmpty();
			assertThat(d.get("path").getAsString()).isIn("bundled", "parallel");
			assertThat(d.get("ids").getAsString()).isEqualTo("1b4b:5cd1/1b4b:0001/010000/01");
			for (String counter : List.of("inFlight", "held", "completed", "violations", "timeouts", "tasksCompleted")) {
				assertThat(d.get(counter).getAsLong()).as(counter).isNotNegative();
			}
		}
		assertThat(devices).extracting(d -> d.get("logicalUnits").getAsInt()).containsExactly(4, 4, 2);
	}

	@Test
	void logicalUnitsAreTheTenPublishedUnitsWithTheirIdentity() throws Exception {
		List<JsonObject> luns = items(console.json("luns.json"), "luns");
		assertThat(luns).extracting(u -> u.get("name").getAsString()).containsExactly("hba0:0:0", "hba0:0:1",
				"hba0:1:0", "hba0:1:1", "hba1:0:0", "hba1:0:1", "hba1:1:0", "hba1:1:1", "hba2:0:0", "hba2:0:1");
		assertThat(luns).filteredOn(u -> u.get("nullUnit").getAsBoolean())
				.extracting(u -> u.get("hba").getAsString()).containsExactly("hba2", "hba2");
		assertThat(luns).filteredOn(u -> !u.get("nullUnit").getAsBoolean()).allSatisfy(u -> {
			assertThat(u.get("capacity").getAsLong()).isEqualTo(1L << 30);
			assertThat(u.get("blockSize").getAsInt()).isEqualTo(512);
			assertThat(u.get("blockCount").getAsLong()).isEqualTo((1L << 30) / 512);
			assertThat(u.get("product").getAsString()).isEqualTo("SIMDISK");
		});
	}

	@Test
	void personalitiesAndMatchesCarryScoresOutcomesAndReasons() throws Exception {
		List<JsonObject> personalities = items(console.json("personalities.json"), "personalities");
		assertThat(personalities).extracting(p -> p.get("bundleSymbolicName").getAsString())
				.contains("org.hbakit.controller.core");
		assertThat(personalities).allSatisfy(p -> assertThat(p.getAsJsonObject("properties").has("IOUserClass"))
				.isTrue());
		JsonObject doc = console.json("matches.json");
		List<JsonObject> matches = items(doc, "matches");
		assertThat(matches).hasSameSizeAs(registry.matches());
		for (String location : List.of("pci0000:00:04.0", "pci0000:00:05.0", "pci0000:00:06.0")) {
			assertThat(matches).filteredOn(m -> m.get("location").getAsString().equals(location))
					.anySatisfy(m -> {
						assertThat(m.get("bundleSymbolicName").getAsString()).isEqualTo("org.hbakit.controller.core");
						assertThat(m.get("outcome").getAsString()).isEqualTo("started");
						assertThat(m.get("passive").getAsBoolean()).isTrue();
						assertThat(m.has("reason")).isTrue();
					});
		}
		assertThat(items(doc, "devices")).hasSize(3);
	}

	@Test
	void pagesRenderInsideTheConsoleFrameWithTheirScriptsAndTheChartLibraryFromTheBundle() throws Exception {
		for (String page : List.of("", "devices", "matching", "luns", "swaps", "live")) {
			HttpResponse<String> r = console.get(page, true);
			assertThat(r.statusCode()).as(page).isEqualTo(200);
			assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
			assertThat(r.body()).as(page).contains("id='hbakit'", "data-token='", "/res/hbakit/common.js",
					"id='hbakit-tab-live'", "</html>");
		}
		assertThat(console.get("live", true).body()).contains("/res/lib/uPlot.iife.min.js");
		HttpResponse<String> uPlot = console.get("res/lib/uPlot.iife.min.js", true);
		assertThat(uPlot.statusCode()).isEqualTo(200);
		assertThat(uPlot.body()).contains("uPlot");
		assertThat(console.get("no-such-page", true).statusCode()).isEqualTo(404);
		assertThat(console.get("nothing.json", true).statusCode()).isEqualTo(404);
	}

	@Test
	void liveFiguresMoveWithAWorkloadThroughTheClientApi(
			@InjectService(filter = "(scsi.unit=hba0:0:0)", timeout = 30_000) SCSILogicalUnit unit) throws Exception {
		long before = lastSeq();
		AtomicBoolean stop = new AtomicBoolean();
		Thread reader = new Thread(() -> {
			ByteBuffer buffer = ByteBuffer.allocateDirect(4096);
			long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
			long lba = 0;
			try {
				while (!stop.get() && System.nanoTime() < deadline) {
					buffer.clear();
					unit.read(lba, buffer);
					lba = (lba + 8) % 100_000;
				}
			} catch (Exception e) {
				throw new IllegalStateException(e);
			}
		}, "console-test-reader");
		reader.start();
		try {
			// IOPS come from the differences of the registry's completed totals, sample by sample
			Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> samples(before).stream()
					.filter(s -> iops(s, "hba0") > 0).count() >= 2);
		} finally {
			stop.set(true);
			reader.join(30_000);
		}
		// every HBA is in every sample once the registry knows it; hba0 from the workload's samples on
		List<JsonObject> samples = samples(before);
		assertThat(samples).hasSizeGreaterThanOrEqualTo(2);
		for (int i = 1; i < samples.size(); i++) {
			assertThat(samples.get(i).get("seq").getAsLong()).isEqualTo(samples.get(i - 1).get("seq").getAsLong() + 1);
			assertThat(figures(samples.get(i), "hba0").get("completed").getAsLong())
					.isGreaterThanOrEqualTo(figures(samples.get(i - 1), "hba0").get("completed").getAsLong());
		}
		// latency percentiles, once the bridge measures them, are ordered
		assertThat(samples).allSatisfy(s -> {
			JsonObject f = figures(s, "hba0");
			if (f.get("p99Nanos").getAsLong() > 0) {
				assertThat(f.get("p50Nanos").getAsLong()).isLessThanOrEqualTo(f.get("p99Nanos").getAsLong());
				assertThat(f.get("p99Nanos").getAsLong()).isLessThanOrEqualTo(f.get("maxNanos").getAsLong());
			}
		});
		assertThat(console.json("live.json?since=" + lastSeq()).getAsJsonArray("samples")).hasSizeLessThanOrEqualTo(1);
		assertThat(console.get("live.json?since=x", true).statusCode()).isEqualTo(400);
	}

	private static long lastSeq() throws Exception {
		List<JsonObject> all = samples(0);
		return all.isEmpty() ? 0 : all.get(all.size() - 1).get("seq").getAsLong();
	}

	private static List<JsonObject> samples(long since) throws Exception {
		return items(console.json("live.json?since=" + since), "samples");
	}

	/** An HBA's IOPS in a sample, 0 if the sample has no figures for it (the registry did not know it yet). */
	static double iops(JsonObject sample, String hba) {
		return items(sample, "hbas").stream().filter(f -> f.get("name").getAsString().equals(hba))
				.mapToDouble(f -> f.get("iops").getAsDouble()).findFirst().orElse(0);
	}

	static JsonObject figures(JsonObject sample, String hba) {
		return items(sample, "hbas").stream().filter(f -> f.get("name").getAsString().equals(hba)).findFirst()
				.orElseThrow(() -> new AssertionError("no " + hba + " in " + sample));
	}

	static List<JsonObject> items(JsonObject doc, String member) {
		List<JsonObject> out = new ArrayList<>();
		StreamSupport.stream(doc.getAsJsonArray(member).spliterator(), false).map(JsonElement::getAsJsonObject)
				.forEach(out::add);
		return out;
	}
}
