package org.hbakit.itest.iscsi;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;

import org.hbakit.controller.api.client.SCSILogicalUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectService;

/**
 * What every in-framework iSCSI test class shares: the default machine's RAM disks are published, and the front door
 * listens on a fresh free loopback port for the class (a subclass that needs other settings configures again in its
 * own {@code @BeforeAll}), and is disabled afterwards.
 */
abstract class FrontDoorTest {
	@InjectService
	static ConfigurationAdmin admin;

	static FrontDoorFixture door;
	static InetSocketAddress portal;

	@BeforeAll
	static void enable(
			@InjectService(filter = "(scsi.null=false)", cardinality = 8, timeout = 60_000) List<SCSILogicalUnit> units)
			throws Exception {
		door = new FrontDoorFixture(admin);
		portal = door.configure(Map.of());
	}

	@AfterAll
	static void disable() throws Exception {
		door.disable();
	}
}
