package org.hbakit.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;

import org.awaitility.Awaitility;
import org.hbakit.controller.api.client.SCSILogicalUnit;
import org.hbakit.controller.api.pci.IOPCIDevice;
import org.hbakit.controller.api.registry.IOKitRegistry;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

/**
 * The simulated machine follows Config Admin like hot-plug: a configured HBA replaces the default machine, its
 * LUN appears as a service once the reference controller binds, an invalid change is refused and the device
 * stays, and deleting the configuration brings the default machine back.
 */
class MachineConfigurationTest {
	@InjectBundleContext
	BundleContext context;

	@InjectService
	ConfigurationAdmin configurationAdmin;

	@InjectService(timeout = 30_000)
	IOKitRegistry registry;

	@Test
	void configuredHbaReplacesTheDefaultMachineAndDeletingItRestoresIt() throws Exception {
		Configuration hba = configurationAdmin.getFactoryConfiguration("org.hbakit.hba.sim.hba", "itest", "?");
		Configuration lun = configurationAdmin.getFactoryConfiguration("org.hbakit.hba.sim.lun", "itest", "?");
		try {
			lun.update(dictionary("hba", "hbaX", "target", 0, "lun", 3, "size", "64m"));
			hba.update(dictionary("name", "hbaX", "location", "pci0000:00:09.0", "subsystem.id", "0x00AA"));
			awaitServices(IOPCIDevice.class, "(hba.name=hbaX)", 1);
			awaitServices(IOPCIDevice.class, "(hba.name=hba0)", 0);
			awaitServices(SCSILogicalUnit.class, "(&(hba.name=hbaX)(scsi.target=0)(scsi.lun=3))", 1);
			assertThat(context.getServiceReferences(IOPCIDevice.class, "(hba.name=hbaX)").iterator().next()
					.getProperty(IOPCIDevice.PCI_SUBSYSTEM_ID)).isEqualTo(0xAA);

			// an invalid change is refused: the running device stays as it was
			hba.update(dictionary("name", "hbaX", "location", "pci0000:00:09.0", "vendor.id", "0xZZ"));
			assertThat(registry.awaitQuiescence(10_000)).isTrue();
			awaitServices(IOPCIDevice.class, "(&(hba.name=hbaX)(pci.subsystem.id=170))", 1);
		} finally {
			lun.delete();
			hba.delete();
		}
		awaitServices(IOPCIDevice.class, "(hba.name=hbaX)", 0);
		awaitServices(IOPCIDevice.class, "(hba.name=hba0)", 1);
		awaitServices(SCSILogicalUnit.class, "(scsi.null=false)", 8);
		awaitServices(SCSILogicalUnit.class, "(scsi.null=true)", 2);
		Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> registry.bindings().size() == 3);
	}

	private void awaitServices(Class<?> type, String filter, int count) {
		Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
				.until(() -> count(type, filter) == count);
	}

	private int count(Class<?> type, String filter) throws InvalidSyntaxException {
		return context.getServiceReferences(type.getName(), filter) == null ? 0
				: context.getServiceReferences(type.getName(), filter).length;
	}

	private static Dictionary<String, Object> dictionary(Object... keyValues) {
		Dictionary<String, Object> d = new Hashtable<>();
		for (int i = 0; i < keyValues.length; i += 2) {
			d.put((String) keyValues[i], keyValues[i + 1]);
		}
		return d;
	}
}
