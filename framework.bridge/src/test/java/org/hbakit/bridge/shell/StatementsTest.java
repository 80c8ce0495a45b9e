package org.hbakit.bridge.shell;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A chained one-shot line runs statement by statement, so each prints its output. */
class StatementsTest {
	@Test
	void splitsAtTopLevelSemicolonsOnly() {
		assertThat(Statements.split("hba:power hba1 pause ; hba:power hba1 on"))
				.containsExactly("hba:power hba1 pause", "hba:power hba1 on");
		assertThat(Statements.split("echo 'a;b' ; each [1 2] { echo $it ; echo x }; ;"))
				.containsExactly("echo 'a;b'", "each [1 2] { echo $it ; echo x }");
		assertThat(Statements.split("echo \"x\\\";y\"")).containsExactly("echo \"x\\\";y\"");
		assertThat(Statements.split("hba:luns")).containsExactly("hba:luns");
		assertThat(Statements.split("  ")).isEmpty();
	}
}
