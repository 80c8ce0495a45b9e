package org.hbakit.itest.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hbakit.itest.console.ConsoleDataTest.items;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.awaitility.Awaitility;
import org.hbakit.controller.api.SCSIDataTransferDirection;
import org.hbakit.controller.api.client.SCSILogicalUnit;
import org.hbakit.controller.api.client.SCSITaskResult;
import org.hbakit.controller.api.registry.DeviceState;
import org.hbakit.controller.api.registry.SwapInfo;
import org.junit.jupiter.api.Test;
import org.osgi.test.common.annotation.InjectService;

import com.google.gson.JsonObject;

/**
 * The console's actions do what they say, checked through the registry API and the Gogo commands, not through
 * the console itself: swap, power pause/on, faults set/clear, and a read workload.
 */
class ConsoleActionsTest extends ConsoleTestBase {
	@InjectService(timeout = 30_000)
	CommandProcessor shell;

	private static final byte[] TEST_UNIT_READY = new byte[6];

	@Test
	void swapMovesTheDeviceToANewControllerInstanceAndTheSwapAppearsInTheHistory() throws Exception {
		assertThat(registry.awaitQuiescence(30_000)).isTrue();
		long before = swapsOf("hba1");
		ConsoleClient.Answer a = console.act("swap", Map.of("device", "hba1"));
		assertThat(a.status()).as(a.body().toString()).isEqualTo(200);
		assertThat(a.ok()).isTrue();
		assertThat(swapsOf("hba1")).isEqualTo(before + 1);
		SwapInfo last = registry.swaps().stream().filter(s -> s.hbaName().equals("hba1")).reduce((x, y) -> y)
				.orElseThrow();
		assertThat(last.succeeded()).isTrue();
		List<JsonObject> swaps = items(console.json("swaps.json"), "swaps");
		JsonObject shown = swaps.stream().filter(s -> s.get("hbaName").getAsString().equals("hba1"))
				.reduce((x, y) -> y).orElseThrow();
		assertThat(shown.get("endedAtMillis").getAsLong()).isEqualTo(last.endedAtMillis());
		assertThat(shown.get("pauseNanos").getAsLong()).isEqualTo(last.pauseNanos()).isPositive();
		assertThat(shown.get("succeeded").getAsBoolean()).isTrue();
		for (String phase : List.of("drainNanos", "stopNanos", "startNanos", "scanNanos")) {
			assertThat(shown.has(phase)).as(phase).isTrue();
		}
		assertThat(state("hba1")).isEqualTo(DeviceState.BOUND.name());
	}

	@Test
	void pauseHoldsTheDevicesRequestsAndPowerOnReleasesThem(
			@InjectService(filter = "(scsi.unit=hba1:0:0)", timeout = 30_000) SCSILogicalUnit unit) throws Exception {
		assertThat(registry.awaitQuiescence(30_000)).isTrue();
		CompletableFuture<SCSITaskResult> held;
		try {
			ConsoleClient.Answer paused = console.act("power", Map.of("device", "pci0000:00:05.0", "state", "pause"));
			assertThat(paused.status()).as(paused.body().toString()).isEqualTo(200);
			assertThat(paused.message()).contains("Pause");
			// the page shows what the registry says (PAUSED once the bridge reports it)
			assertThat(state("hba1")).isEqualTo(registry.devices().stream().filter(d -> d.name().equals("hba1"))
					.findFirst().orElseThrow().state().name());
			held = unit.submit(TEST_UNIT_READY, 6, null, SCSIDataTransferDirection.NO_DATA_TRANSFER, 0)
					.toCompletableFuture();
			// a paused controller gets nothing: the request waits (bounded look, not a sleep-based sync)
			assertThat(held).as("held while paused").failsWithin(Duration.ofMillis(300))
					.withThrowableOfType(java.util.concurrent.TimeoutException.class);
		} finally {
			ConsoleClient.Answer on = console.act("power", Map.of("device", "hba1", "state", "on"));
			assertThat(on.status()).as(on.body().toString()).isEqualTo(200);
		}
		assertThat(held.get(30, TimeUnit.SECONDS).isGood()).as("completed once powered on").isTrue();
		Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> state("hba1").equals(DeviceState.BOUND.name()));
	}

	@Test
	void faultsAreSetAndClearedThroughTheMachinesOwnCommand() throws Exception {
		try {
			ConsoleClient.Answer set = console.act("faults",
					Map.of("address", "hba0:0:1", "settings", "delay_ns=150000, seed=7"));
			assertThat(set.status()).as(set.body().toString()).isEqualTo(200);
			assertThat(gogo("hba:faults hba0:0:1")).contains("delay_ns=150000", "seed=7");
			JsonObject shown = console.json("faults.json?address=hba0:0:1").getAsJsonObject("faults");
			assertThat(shown.get("delay_ns").getAsString()).isEqualTo("150000");

			ConsoleClient.Answer bad = console.act("faults", Map.of("address", "hba0:0:1", "settings", "no_such_key=1"));
			assertThat(bad.status()).isEqualTo(400);
			assertThat(bad.ok()).isFalse();
			assertThat(gogo("hba:faults hba0:0:1")).as("a refused change keeps the faults").contains("delay_ns=150000");
		} finally {
			ConsoleClient.Answer clear = console.act("faults", Map.of("address", "hba0:0:1", "clear", "true"));
			assertThat(clear.status()).as(clear.body().toString()).isEqualTo(200);
		}
		assertThat(gogo("hba:faults hba0:0:1")).isEqualTo("hba0:0:1 -");
		assertThat(console.json("faults.json?address=hba0:0:1").getAsJsonObject("faults").size()).isZero();
	}

	@Test
	void aReadWorkloadRunsOnceAtATimeAndTheLiveFiguresMove() throws Exception {
		long since = items(console.json("live.json"), "samples").stream().mapToLong(s -> s.get("seq").getAsLong())
				.max().orElse(0);
		ConsoleClient.Answer started = console.act("workload",
				Map.of("rw", "randread", "bs", "4k", "qd", "8", "seconds", "4", "luns", "hba1:0:0,hba1:1:1"));
		assertThat(started.status()).as(started.body().toString()).isEqualTo(200);
		assertThat(started.message()).contains("hba:bench", "--rw randread", "--seconds 4", "--luns hba1:0:0,hba1:1:1");
		ConsoleClient.Answer second = console.act("workload", Map.of("seconds", "1"));
		assertThat(second.status()).as("one workload at a time").isEqualTo(409);
		Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> items(console.json("live.json?since=" + since),
				"samples").stream().anyMatch(s -> ConsoleDataTest.iops(s, "hba1") > 0));
		Awaitility.await().atMost(Duration.ofSeconds(60))
				.until(() -> !console.json("workload.json").getAsJsonObject("workload").get("running").getAsBoolean());
		JsonObject w = console.json("workload.json").getAsJsonObject("workload");
		assertThat(w.get("succeeded").getAsBoolean()).as(w.toString()).isTrue();
		assertThat(w.get("output").getAsString()).contains("hba:bench randread", "(hba1:0:0 hba1:1:1)")
				.containsPattern("errors +0").containsPattern("lost +0");
	}

	@Test
	void badParametersAreRefusedWithTheReasonAndChangeNothing() throws Exception {
		long swaps = registry.swaps().size();
		ConsoleClient.Answer unknown = console.act("swap", Map.of("device", "hba9"));
		assertThat(unknown.status()).isEqualTo(400);
		assertThat(unknown.ok()).isFalse();
		assertThat(unknown.message()).isNotEmpty();
		assertThat(console.act("swap", Map.of()).message()).contains("device");
		assertThat(console.act("power", Map.of("device", "hba0", "state", "sideways")).status()).isEqualTo(400);
		assertThat(console.act("faults", Map.of("address", "hba0; hba:swap hba0", "clear", "true")).status())
				.isEqualTo(400);
		assertThat(console.act("workload", Map.of("rw", "randwrite")).status()).isEqualTo(400);
		assertThat(console.act("reboot", Map.of()).status()).isEqualTo(404);
		assertThat(registry.swaps()).hasSize((int) swaps);
		assertThat(state("hba0")).isEqualTo(DeviceState.BOUND.name());
	}

	private long swapsOf(String hba) {
		return registry.swaps().stream().filter(s -> s.hbaName().equals(hba)).count();
	}

	private static String state(String hba) throws Exception {
		return items(console.json("devices.json"), "devices").stream()
				.filter(d -> d.get("name").getAsString().equals(hba)).findFirst().orElseThrow().get("state")
				.getAsString();
	}

	private String gogo(String line) throws Exception {
		ByteArrayOutputStream buffer = new ByteArrayOutputStream();
		try (PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);
				CommandSession session = shell.createSession(new ByteArrayInputStream(new byte[0]), out, out)) {
			Object result = session.execute(line);
			return (result == null ? buffer.toString(StandardCharsets.UTF_8) : result.toString()).strip();
		}
	}
}
