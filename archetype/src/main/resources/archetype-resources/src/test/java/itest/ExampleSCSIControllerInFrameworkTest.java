package ${package}.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;

import org.awaitility.Awaitility;
import org.hbakit.controller.api.client.SCSILogicalUnit;
import org.hbakit.controller.api.registry.BindingInfo;
import org.hbakit.controller.api.registry.IOKitRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

/**
 * In a real Felix (the bnd test runner, test.bndrun): the framework bridge finds this controller's bundle through
 * its Info.plist, binds it to a simulated HBA configured with the controller's PCI ids, and verified I/O runs
 * through the published logical unit. This bundle imports only the HBAKit API and OSGi.
 */
class ExampleSCSIControllerInFrameworkTest {
	private static final String HBA = "itest0";

	@InjectBundleContext
	BundleContext context;

	@InjectService
	ConfigurationAdmin configurationAdmin;

	@InjectService(timeout = 30_000)
	IOKitRegistry registry;

	private Configuration hba;
	private Configuration lun;

	@BeforeEach
	void configureTheHba() throws Exception {
		hba = configurationAdmin.getFactoryConfiguration("org.hbakit.hba.sim.hba", HBA, "?");
		lun = configurationAdmin.getFactoryConfiguration("org.hbakit.hba.sim.lun", HBA, "?");
		lun.update(dictionary("hba", HBA, "target", "0", "size", "64m"));
		hba.update(dictionary("name", HBA, "location", "pci0000:00:0a.0", "vendor.id", "0x${pciVendor}",
				"device.id", "0x${pciDevice}"));
	}

	@AfterEach
	void removeIt() throws Exception {
		lun.delete();
		hba.delete();
	}

	@Test
	void bindsAndServesVerifiedIo() throws Exception {
		SCSILogicalUnit unit = Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> unit(HBA + ":0:0"),
				u -> u != null);
		List<BindingInfo> bindings = registry.bindings().stream().filter(b -> b.hbaName().equals(HBA)).toList();
		assertThat(bindings).singleElement().satisfies(b -> {
			assertThat(b.bundleSymbolicName()).isEqualTo("${artifactId}");
			assertThat(b.ioUserClass()).isEqualTo("${ioUserClass}");
		});

		int blockSize = unit.blockSize();
		ByteBuffer out = ByteBuffer.allocateDirect(64 * blockSize);
		ByteBuffer in = ByteBuffer.allocateDirect(64 * blockSize);
		for (int round = 0; round < 32; round++) {
			int blocks = 1 + round * 2;
			long lba = round * 64L;
			out.clear().limit(blocks * blockSize);
			for (int i = 0; i < blocks * blockSize; i++) {
				out.put(i, (byte) (lba * 31 + round + i));
			}
			unit.write(lba, out);
			in.clear().limit(blocks * blockSize);
			unit.read(lba, in);
			out.rewind();
			assertThat(in.rewind()).as("round %d, %d blocks at %d", round, blocks, lba).isEqualTo(out);
		}
		assertThat(registry.bindings().stream().filter(b -> b.hbaName().equals(HBA)).findFirst().orElseThrow()
				.violations()).isZero();
	}

	private SCSILogicalUnit unit(String name) throws Exception {
		var refs = context.getServiceReferences(SCSILogicalUnit.class, "(scsi.unit=" + name + ")");
		return refs.isEmpty() ? null : context.getService(refs.iterator().next());
	}

	private static Dictionary<String, Object> dictionary(Object... keyValues) {
		Dictionary<String, Object> d = new Hashtable<>();
		for (int i = 0; i < keyValues.length; i += 2) {
			d.put((String) keyValues[i], keyValues[i + 1]);
		}
		return d;
	}
}
