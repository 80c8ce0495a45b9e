package org.hbakit.conformance.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.hbakit.conformance.CheckResult;
import org.hbakit.conformance.ConformanceOptions;
import org.hbakit.conformance.ConformanceReport;
import org.junit.jupiter.api.Test;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

class ConformanceCommandTest {
	private final ConformanceReport report = new ConformanceReport("x.jar", "com.example.dext", "1.0.0",
			"conf0 pci0000:7f:00.0 1b4b:b000", List.of(new CheckResult("start.reports", true, "fine"),
					new CheckResult("power", false, "Pause \"not\" acknowledged")));

	@Test
	void theLinesEndWithTheTotals() {
		assertThat(report.toText()).isEqualTo("""
				PASS start.reports fine
				FAIL power Pause "not" acknowledged
				conformance: 1 passed, 1 failed
				""");
	}

	@Test
	void jsonHasTheSameContentAsTheLines() {
		JsonObject o = JsonParser.parseString(ConformanceCommand.toJson(report)).getAsJsonObject();
		assertThat(o.get("bundle").getAsString()).isEqualTo("com.example.dext");
		assertThat(o.get("passed").getAsLong()).isEqualTo(1);
		assertThat(o.get("failed").getAsLong()).isEqualTo(1);
		JsonObject power = o.getAsJsonArray("checks").get(1).getAsJsonObject();
		assertThat(power.get("id").getAsString()).isEqualTo("power");
		assertThat(power.get("result").getAsString()).isEqualTo("FAIL");
		assertThat(power.get("detail").getAsString()).isEqualTo("Pause \"not\" acknowledged");
	}

	@Test
	void idsAreHexVendorColonDevice() {
		ConformanceOptions o = ConformanceCommand.ids(ConformanceOptions.defaults(), "0x1B4B:b0ff");
		assertThat(o.vendorId()).isEqualTo(0x1B4B);
		assertThat(o.deviceId()).isEqualTo(0xB0FF);
		assertThatThrownBy(() -> ConformanceCommand.ids(ConformanceOptions.defaults(), "1b4b"))
				.hasMessageContaining("<vendor>:<device>");
		assertThatThrownBy(() -> ConformanceCommand.ids(ConformanceOptions.defaults(), "zz:1"))
				.hasMessageContaining("hex");
	}

	@Test
	void theCheckIdsAreUniqueAndInRunOrder() {
		List<String> ids = ConformanceKitComponent.checks().stream().map(Check::id).toList();
		assertThat(ids).doesNotHaveDuplicates().startsWith("start.reports").endsWith("stop.classloader").hasSize(15);
	}
}
