package org.hbakit.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The faults and workload actions become exactly the documented Gogo commands, and nothing else gets through. */
class CommandRequestsTest {
	@Test
	void faultSettingsBecomeTheMachinesCommand() {
		assertThat(FaultCommand.parse("hba0:0:1", "delay_ns=200000, every_nth=100;drop=true", false).words())
				.containsExactly("hba:faults", "hba0:0:1", "delay_ns=200000", "every_nth=100", "drop=true");
		assertThat(FaultCommand.parse(" hba1 ", null, true).words()).containsExactly("hba:faults", "hba1", "clear");
		assertThat(FaultCommand.parse("hba2:0", "", false).words()).containsExactly("hba:faults", "hba2:0");
	}

	@Test
	void malformedFaultRequestsAreRefusedBeforeAnyCommandRuns() {
		for (String address : new String[] { null, "", "0hba", "hba0:x", "hba0:0:1:2", "hba0;hba:swap hba0",
				"hba0 | grep", "$(x)" }) {
			assertThatThrownBy(() -> FaultCommand.parse(address, null, true)).as(address)
					.isInstanceOf(IllegalArgumentException.class).hasMessageContaining("hba[:target[:lun]]");
		}
		for (String settings : new String[] { "delay", "=1", "Delay_ns=1", "a=b c", "x=$y", "x=(1)", "x=1;hba:swap" }) {
			assertThatThrownBy(() -> FaultCommand.parse("hba0", settings, false)).as(settings)
					.isInstanceOf(IllegalArgumentException.class);
		}
		assertThatThrownBy(() -> FaultCommand.parse("hba0", "seed=1", true))
				.hasMessageContaining("not both");
	}

	@Test
	void aWorkloadIsAReadOnlyBenchWithBoundedOptions() {
		assertThat(WorkloadCommand.parse(null, null, null, null, null, null).words()).containsExactly("hba:bench",
				"--rw", "randread", "--bs", "4k", "--qd", "16", "--seconds", "30");
		assertThat(WorkloadCommand.parse("read", "64k", "2", "5", "hba0:0:1,hba1", "true").words())
				.containsExactly("hba:bench", "--rw", "read", "--bs", "64k", "--qd", "2", "--seconds", "5", "--luns",
						"hba0:0:1,hba1", "--null");
		for (String[] bad : List.of(new String[] { "randwrite", null, null, null }, new String[] { "rw", null, null, null },
				new String[] { null, "3k", null, null }, new String[] { null, null, "0", null },
				new String[] { null, null, "257", null }, new String[] { null, null, null, "601" },
				new String[] { null, null, "x", null })) {
			assertThatThrownBy(() -> WorkloadCommand.parse(bad[0], bad[1], bad[2], bad[3], null, null))
					.isInstanceOf(IllegalArgumentException.class);
		}
		assertThatThrownBy(() -> WorkloadCommand.parse(null, null, null, null, "hba0 ; hba:swap hba0", null))
				.isInstanceOf(IllegalArgumentException.class);
	}

	@Test
	void theShellRefusesWordsWithGogoSyntaxBeforeLookingForAProcessor() {
		GogoShell shell = new GogoShell(() -> null);
		for (String word : new String[] { "a;b", "a|b", "$x", "(x)", "{x}", "\"x\"", "a b", "x\ny", "" }) {
			assertThatThrownBy(() -> shell.run(List.of("hba:faults", word))).as(word)
					.isInstanceOf(IllegalArgumentException.class);
		}
		assertThatThrownBy(() -> shell.run(List.of("hba:faults", "hba0"))).isInstanceOf(IllegalStateException.class)
				.hasMessageContaining("no Gogo command processor");
	}

	@Test
	void theMachinesFaultAnswerIsReadAsAMap() {
		assertThat(JsonViews.faults("hba0:0:1 -")).isEmpty();
		assertThat(JsonViews.faults("hba0:0:1 delay_ns=200000,drop=true,every_nth=100"))
				.containsEntry("delay_ns", "200000").containsEntry("drop", "true").containsEntry("every_nth", "100")
				.hasSize(3);
	}
}
