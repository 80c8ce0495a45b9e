package org.hbakit.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.time.Duration;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

/** {@code hba:faults} through the Gogo shell: without an argument it lists the faults in force. */
class FaultsCommandTest {
	@InjectBundleContext
	BundleContext context;

	@InjectService(timeout = 30_000)
	CommandProcessor processor;

	@Test
	void faultsWithoutAnArgumentListsTheFaultsInForce() throws Exception {
		Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> context.getServiceReferences((String) null,
				"(&(osgi.command.scope=hba)(osgi.command.function=faults))") != null);
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (CommandSession session = processor.createSession(new ByteArrayInputStream(new byte[0]),
				new java.io.PrintStream(out, true), new java.io.PrintStream(out, true))) {
			try {
				session.execute("hba:faults hba1:0:1 delay_ns=1000 every_nth=50 busy=true");
				session.execute("hba:faults hba1:1 removed=false");
				String listed = String.valueOf(session.execute("hba:faults"));
				assertThat(listed.lines()).contains("hba1:0:1 busy=true,delay_ns=1000,every_nth=50",
						"hba1:1 removed=false");
			} finally {
				session.execute("hba:faults hba1:0:1 clear");
				session.execute("hba:faults hba1:1 clear");
			}
			assertThat(String.valueOf(session.execute("hba:faults")).lines()).noneMatch(l -> l.startsWith("hba1:"));
		}
	}
}
