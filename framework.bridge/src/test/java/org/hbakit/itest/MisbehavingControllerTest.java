package org.hbakit.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.awaitility.Awaitility;
import org.hbakit.controller.api.IOUserSCSIParallelInterfaceController;
import org.hbakit.controller.api.SCSIServiceResponse;
import org.hbakit.controller.api.SCSITaskStatus;
import org.hbakit.controller.api.client.SCSILogicalUnit;
import org.hbakit.controller.api.client.SCSITaskResult;
import org.hbakit.controller.api.registry.BindingInfo;
import org.hbakit.controller.api.registry.IOKitRegistry;
import org.hbakit.itest.ctl.MisbehavingController;
import org.hbakit.itest.ctl.MisbehavingController.Mode;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.PrototypeServiceFactory;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

/**
 * A controller that throws, completes twice, completes with a wrong version or never completes is contained: each violation is detected and
 * counted, timeouts escalate through task management, and every client request completes exactly once.
 */
class MisbehavingControllerTest {
	private static final byte[] TEST_UNIT_READY = new byte[6];

	@InjectBundleContext
	BundleContext context;

	@InjectService
	ConfigurationAdmin configurationAdmin;

	@InjectService(timeout = 30_000)
	IOKitRegistry registry;

	@Test
	void misbehaviourIsContainedAndEveryRequestCompletesOnce() throws Exception {
		List<MisbehavingController> instances = new CopyOnWriteArrayList<>();
		Dictionary<String, Object> props = new Hashtable<>();
		props.put(IOUserSCSIParallelInterfaceController.IO_USER_CLASS, MisbehavingController.IO_USER_CLASS);
		ServiceRegistration<IOUserSCSIParallelInterfaceController> registration = context.registerService(
				IOUserSCSIParallelInterfaceController.class,
				new PrototypeServiceFactory<IOUserSCSIParallelInterfaceController>() {
					@Override
					public IOUserSCSIParallelInterfaceController getService(Bundle bundle,
							ServiceRegistration<IOUserSCSIParallelInterfaceController> r) {
						MisbehavingController c = new MisbehavingController();
						instances.add(c);
						return c;
					}

					@Override
					public void ungetService(Bundle bundle, ServiceRegistration<IOUserSCSIParallelInterfaceController> r,
							IOUserSCSIParallelInterfaceController service) {
						instances.remove(service);
					}
				}, props);
		Configuration hba = configurationAdmin.getFactoryConfiguration("org.hbakit.hba.sim.hba", "misbehave", "?");
		try {
			Dictionary<String, Object> h = new Hashtable<>();
			h.put("name", "hbaM");
			h.put("location", "pci0000:00:0a.0");
			h.put("vendor.id", "0x1234");
			hba.update(h);
			Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> unit() != null);
			SCSILogicalUnit unit = unit();
			ByteBuffer block = ByteBuffer.allocateDirect(unit.blockSize());
			block.put(0, (byte) 42);
			unit.write(3, block);
			unit.read(3, block.clear().put(0, (byte) 0));
			assertThat(block.get(0)).isEqualTo((byte) 42);

			set(instances, Mode.THROWS);
			SCSITaskResult thrown = unit.execute(TEST_UNIT_READY, 6, null, 0, 0);
			assertThat(thrown.serviceResponse()).isEqualTo(SCSIServiceResponse.SERVICE_DELIVERY_OR_TARGET_FAILURE);
			assertThat(thrown.status()).isEqualTo(SCSITaskStatus.DELIVERY_FAILURE);
			assertThat(binding().violations()).isEqualTo(1);

			set(instances, Mode.COMPLETES_TWICE);
			assertThat(unit.execute(TEST_UNIT_READY, 6, null, 0, 0).isGood()).isTrue();
			Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> binding().violations() == 2);

			set(instances, Mode.NEVER_COMPLETES);
			SCSITaskResult timedOut = unit.execute(TEST_UNIT_READY, 6, null, 0, 100);
			assertThat(timedOut.serviceResponse()).isEqualTo(SCSIServiceResponse.SERVICE_DELIVERY_OR_TARGET_FAILURE);
			assertThat(timedOut.status()).isEqualTo(SCSITaskStatus.TASK_TIMEOUT_OCCURRED);
			assertThat(binding().timeouts()).isEqualTo(1);
			// ABORT TASK, then LOGICAL UNIT RESET, then TARGET RESET before giving up
			assertThat(instances.stream().mapToInt(c -> c.taskManagement.get()).sum()).isEqualTo(3);

			// DriverKit drops a completion with a wrong response version: the task times out
			set(instances, Mode.WRONG_VERSION);
			SCSITaskResult ignored = unit.execute(TEST_UNIT_READY, 6, null, 0, 100);
			assertThat(ignored.status()).isEqualTo(SCSITaskStatus.TASK_TIMEOUT_OCCURRED);
			assertThat(binding().violations()).isGreaterThanOrEqualTo(3);
			assertThat(binding().timeouts()).isEqualTo(2);

			set(instances, Mode.NONE);
			unit.read(3, block.clear());
			assertThat(block.get(0)).isEqualTo((byte) 42);
		} finally {
			hba.delete();
			registration.unregister();
		}
		// the default machine comes back
		Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> registry.bindings().size() == 3
				&& context.getServiceReferences(SCSILogicalUnit.class, null).size() == 10);
	}

	private static void set(List<MisbehavingController> instances, Mode mode) {
		instances.forEach(c -> c.mode(mode));
	}

	private SCSILogicalUnit unit() throws Exception {
		var refs = context.getServiceReferences(SCSILogicalUnit.class, "(hba.name=hbaM)");
		return refs.isEmpty() ? null : context.getService(refs.iterator().next());
	}

	private BindingInfo binding() {
		return registry.bindings().stream().filter(b -> b.hbaName().equals("hbaM")).findFirst().orElseThrow();
	}
}
