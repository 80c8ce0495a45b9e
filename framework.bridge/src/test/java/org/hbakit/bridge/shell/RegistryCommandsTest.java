package org.hbakit.bridge.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.hbakit.controller.api.registry.IOKitRegistry;
import org.hbakit.controller.api.registry.MatchInfo;
import org.junit.jupiter.api.Test;

/** The commands against a fake registry (the real one is the lead's; the tables are tested in RegistryTablesTest). */
class RegistryCommandsTest {
	/** A registry answering the listing calls only (a proxy, so that new registry methods need no change here). */
	static IOKitRegistry fakeRegistry() {
		return (IOKitRegistry) Proxy.newProxyInstance(IOKitRegistry.class.getClassLoader(),
				new Class<?>[] { IOKitRegistry.class }, (proxy, method, args) -> switch (method.getName()) {
					case "personalities", "bindings" -> List.of();
					case "devices" -> List.of(RegistryTablesTest.HBA0, RegistryTablesTest.HBA1);
					case "matches" -> List.of(new MatchInfo(RegistryTablesTest.HBA1.location(), "core", "Exact",
							"IODefaultMatchCategory", false, 0, "no-match", "IOPCIPrimaryMatch: no"));
					default -> throw new UnsupportedOperationException(method.getName());
				});
	}

	static String capture(Runnable command) {
		PrintStream saved = System.out;
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
		try {
			command.run();
		} finally {
			System.setOut(saved);
		}
		return bytes.toString(StandardCharsets.UTF_8);
	}

	static RegistryCommands commands(IOKitRegistry registry) throws Exception {
		RegistryCommands c = new RegistryCommands(null);
		Field f = RegistryCommands.class.getDeclaredField("registry");
		f.setAccessible(true);
		f.set(c, registry);
		return c;
	}

	@Test
	void commandsPrintTheRegistryTables() throws Exception {
		RegistryCommands c = commands(fakeRegistry());

		assertThat(capture(c::devices).lines()).hasSize(3).first().asString().startsWith("LOCATION");
		assertThat(capture(() -> c.matches("hba1")).lines()).hasSize(2).last().asString()
				.startsWith("pci0000:00:05.0");
		assertThat(capture(c::personalities).lines()).hasSize(1);
		assertThat(capture(c::controllers).lines()).hasSize(1);
	}

	@Test
	void withoutARegistryTheCommandsFailClearly() throws Exception {
		RegistryCommands c = commands(null);

		assertThatThrownBy(c::devices).isInstanceOf(IllegalStateException.class)
				.hasMessageContaining("no IOKitRegistry");
	}
}
