package org.hbakit.bridge.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.hbakit.bridge.bench.FakeHost;
import org.hbakit.bridge.bench.FakeLun;
import org.hbakit.controller.api.client.SCSILogicalUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The command as Gogo calls it, with its references set as DS would. */
class BenchCommandTest {
	final PrintStream originalOut = System.out;
	final ByteArrayOutputStream captured = new ByteArrayOutputStream();
	BenchCommand command;
	FakeHost host;

	@BeforeEach
	void setUp() throws Exception {
		command = new BenchCommand();
		host = new FakeHost();
		Field f = BenchCommand.class.getDeclaredField("host");
		f.setAccessible(true);
		f.set(command, host);
		command.addUnit(new FakeLun("hba0:0:0", 512, 4096), Map.of(SCSILogicalUnit.UNIT_NAME, "hba0:0:0",
				SCSILogicalUnit.HBA_LOCATION, "0000:01:00.0", SCSILogicalUnit.HBA_NAME, "hba0"));
		command.addUnit(new FakeLun("hba0:0:7", 512, 4096), Map.of(SCSILogicalUnit.UNIT_NAME, "hba0:0:7",
				SCSILogicalUnit.HBA_LOCATION, "0000:01:00.0", SCSILogicalUnit.HBA_NAME, "hba0", "scsi.null", "true"));
		System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
	}

	@AfterEach
	void restore() {
		System.setOut(originalOut);
	}

	@Test
	void printsOneJsonLine() throws Exception {
		command.bench("--seconds", "0.2", "--warmup", "0", "--qd", "2", "--verify", "--json");
		String out = captured.toString(StandardCharsets.UTF_8);
		assertThat(out.lines()).hasSize(1);
		assertThat(out).startsWith("{\"iops\":").contains("\"luns\":1,", "\"path\":\"unknown\"",
				"\"corrupted\":0}");
	}

	@Test
	void nullUnitsComeFromTheServiceProperty() throws Exception {
		command.bench("--null", "--seconds", "0.1", "--warmup", "0", "--qd", "1");
		assertThat(captured.toString(StandardCharsets.UTF_8)).contains("luns=1 (hba0:0:7)");
	}

	@Test
	void aFailedRunThrowsWithTheSummaryAfterPrintingTheReport() {
		host.corruptReadEvery = 10;
		assertThatIllegalStateException()
				.isThrownBy(() -> command.bench("--seconds", "0.2", "--warmup", "0", "--qd", "2", "--verify"))
				.withMessageStartingWith("hba:bench FAILED:").withMessageContaining("corrupted=");
		assertThat(captured.toString(StandardCharsets.UTF_8)).contains("verify failures");
	}

	@Test
	void badOptionsRunNothing() {
		assertThatIllegalArgumentException().isThrownBy(() -> command.bench("--qd", "0"));
		assertThat(host.queuesCreated.get()).isZero();
	}

	@Test
	void helpPrintsUsage() throws Exception {
		command.bench("--help");
		assertThat(captured.toString(StandardCharsets.UTF_8)).contains("--swap-every <ms>", "--rw randread");
	}
}
