package org.hbakit.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;

import org.awaitility.Awaitility;
import org.hbakit.controller.api.client.SCSILogicalUnit;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

/**
 * A LUN added to a running target raises REPORTED LUNS DATA HAS CHANGED (06/3F/0E); the framework rescans on it
 * and publishes the new logical unit, and withdraws it when the LUN goes away again.
 */
class LunHotPlugTest {
	private static final String NEW_UNIT = "(&(hba.name=hba1)(scsi.target=1)(scsi.lun=7))";

	@InjectBundleContext
	BundleContext context;

	@InjectService
	ConfigurationAdmin configurationAdmin;

	@Test
	void aLunAddedAtRunTimeIsPublishedAfterTheUnitAttention(
			@InjectService(filter = "(&(hba.name=hba1)(scsi.target=1)(scsi.lun=0))", timeout = 60_000) SCSILogicalUnit neighbour)
			throws Exception {
		Configuration lun = configurationAdmin.getFactoryConfiguration("org.hbakit.hba.sim.lun", "hotplug", "?");
		Dictionary<String, Object> p = new Hashtable<>();
		p.put("hba", "hba1");
		p.put("target", 1);
		p.put("lun", 7);
		p.put("size", "32m");
		ByteBuffer block = ByteBuffer.allocateDirect(neighbour.blockSize());
		try {
			lun.update(p);
			// the next command to the target reports the unit attention, which triggers the rescan
			Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> {
				neighbour.execute(new byte[] { 0x00, 0, 0, 0, 0, 0 }, 6, null, 0, 0);
				return units(NEW_UNIT) == 1;
			});
			SCSILogicalUnit added = context.getService(context.getServiceReferences(SCSILogicalUnit.class, NEW_UNIT)
					.iterator().next());
			assertThat(added.blockCount() * added.blockSize()).isEqualTo(32L << 20);
			added.read(0, block.clear());
		} finally {
			lun.delete();
		}
		Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> {
			neighbour.execute(new byte[] { 0x00, 0, 0, 0, 0, 0 }, 6, null, 0, 0);
			return units(NEW_UNIT) == 0;
		});
		assertThat(units("(&(hba.name=hba1)(scsi.null=false))")).isEqualTo(4);
	}

	private int units(String filter) throws Exception {
		List<?> refs = List.copyOf(context.getServiceReferences(SCSILogicalUnit.class, filter));
		return refs.size();
	}
}
