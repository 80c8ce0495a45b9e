package org.hbakit.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.hbakit.controller.api.client.IOHost;
import org.hbakit.controller.api.client.SCSILogicalUnit;
import org.hbakit.controller.api.pci.IOPCIDevice;
import org.hbakit.controller.api.registry.BindingInfo;
import org.hbakit.controller.api.registry.IOKitRegistry;
import org.junit.jupiter.api.Test;
import org.osgi.test.common.annotation.InjectService;

/** The quick-start machine: two simulated HBAs, the reference controller bound to both, eight disks published. */
class DefaultMachineTest {
	@InjectService(timeout = 30_000)
	IOKitRegistry registry;

	@InjectService
	IOHost host;

	@Test
	void defaultDevicesAppear(@InjectService(cardinality = 3, timeout = 30_000) List<IOPCIDevice> devices) {
		assertThat(devices).extracting(IOPCIDevice::location).contains("pci0000:00:04.0", "pci0000:00:05.0",
				"pci0000:00:06.0");
	}

	@Test
	void referenceControllerBindsEveryHBAAndPublishesEveryDisk(
			@InjectService(filter = "(scsi.null=false)", cardinality = 8, timeout = 60_000) List<SCSILogicalUnit> units) throws Exception {
		assertThat(registry.awaitQuiescence(30_000)).isTrue();
		assertThat(registry.bindings()).extracting(BindingInfo::hbaName).containsExactly("hba0", "hba1", "hba2");
		assertThat(registry.bindings()).allSatisfy(b -> {
			assertThat(b.bundleSymbolicName()).isEqualTo("org.hbakit.controller.core");
			assertThat(b.path()).isEqualTo("bundled");
		});
		assertThat(registry.bindings()).extracting(BindingInfo::logicalUnits).containsExactly(4, 4, 2);
		assertThat(units).allSatisfy(u -> {
			assertThat(u.blockSize()).isEqualTo(512);
			assertThat(u.blockCount() * u.blockSize()).isEqualTo(1L << 30);
		});
	}

	/** The reference controller reports 1 MiB per task: the framework splits a client's 4 MiB write and read. */
	@Test
	void aFourMiBWriteAndReadThroughAControllerReportingOneMiBAreVerified(
			@InjectService(filter = "(scsi.unit=hba1:0:1)", timeout = 60_000) SCSILogicalUnit unit) throws Exception {
		assertThat(registry.awaitQuiescence(30_000)).isTrue();
		int bytes = 4 << 20;
		java.nio.ByteBuffer out = java.nio.ByteBuffer.allocateDirect(bytes);
		for (int i = 0; i < bytes; i += 8) {
			out.putLong(i, 0x5EED_0000_0000_0000L | i);
		}
		unit.write(2048, out);
		java.nio.ByteBuffer in = java.nio.ByteBuffer.allocateDirect(bytes);
		unit.read(2048, in);
		assertThat(in.rewind()).isEqualTo(out.rewind());
	}

	@Test
	void verifiedMixedWorkloadThroughTheParallelPathHasNoErrors(
			@InjectService(filter = "(scsi.null=false)", cardinality = 8, timeout = 60_000) List<SCSILogicalUnit> units,
			@InjectService org.osgi.service.cm.ConfigurationAdmin configurationAdmin) throws Exception {
		org.osgi.service.cm.Configuration c = configurationAdmin.getConfiguration("org.hbakit.controller.core", "?");
		java.util.Dictionary<String, Object> p = new java.util.Hashtable<>();
		p.put("path", "parallel");
		c.update(p);
		try {
			org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60)).until(() -> registry.bindings()
					.size() == 3 && registry.bindings().stream().allMatch(b -> b.path().equals("parallel")));
			VerifiedWorkload w = new VerifiedWorkload(host, units, 64, 4096, 43).start();
			try {
				w.awaitCompletions(20_000, 60_000);
			} finally {
				w.close();
			}
			assertThat(w.errors).as(w.toString()).isZero();
			assertThat(w.lost + w.duplicated + w.corrupted).as(w.toString()).isZero();
			assertThat(w.verified).isPositive();
		} finally {
			c.delete();
			org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60)).until(() -> registry.bindings()
					.size() == 3 && registry.bindings().stream().allMatch(b -> b.path().equals("bundled")));
		}
	}

	@Test
	void verifiedMixedWorkloadOnEveryDiskHasNoErrors(
			@InjectService(filter = "(scsi.null=false)", cardinality = 8, timeout = 60_000) List<SCSILogicalUnit> units) throws Exception {
		VerifiedWorkload w = new VerifiedWorkload(host, units, 64, 4096, 42).start();
		try {
			w.awaitCompletions(20_000, 60_000);
		} finally {
			w.close();
		}
		assertThat(w.errors).as(w.toString()).isZero();
		assertThat(w.lost).isZero();
		assertThat(w.duplicated).isZero();
		assertThat(w.corrupted).isZero();
		assertThat(w.verified).isPositive();
	}
}
