package org.hbakit.itest.console;

import org.hbakit.controller.api.registry.IOKitRegistry;
import org.junit.jupiter.api.BeforeAll;
import org.osgi.test.common.annotation.InjectService;

/** What every console test starts from: the registry (to check the console against) and the console's client. */
abstract class ConsoleTestBase {
	@InjectService(timeout = 30_000)
	IOKitRegistry registry;

	static ConsoleClient console;

	@BeforeAll
	static void connect() throws Exception {
		console = ConsoleClient.connect();
	}
}
