package org.hbakit.bridge.matching;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;

import org.hbakit.controller.api.pci.IOPCIDevice;
import org.hbakit.controller.api.pci.PCIConfigSpace;
import org.junit.jupiter.api.Test;

class DeviceViewTest {
	@Test
	void theViewOfAPCIDeviceReadsItsNamesPropertiesAndConfigSpace() {
		IOPCIDevice device = (IOPCIDevice) Proxy.newProxyInstance(getClass().getClassLoader(),
				new Class<?>[] { IOPCIDevice.class }, (proxy, method, args) -> switch (method.getName()) {
					case "name" -> "pci1b4b,5cd1";
					case "location" -> "pci0000:00:04.0";
					case "properties" -> Map.of("compatible", new String[] { "hbakit,sim", "hbakit,hba" },
							"device_type", "scsi");
					case "configRead32" -> (Integer) args[0] == PCIConfigSpace.VENDOR_DEVICE_ID ? 0x5cd11b4b : 0;
					default -> throw new UnsupportedOperationException(method.getName());
				});

		DeviceView view = DeviceView.of(device);

		assertThat(view.providerClass()).isEqualTo("IOPCIDevice");
		assertThat(view.location()).isEqualTo("pci0000:00:04.0");
		assertThat(view.name()).isEqualTo("pci1b4b,5cd1");
		assertThat(view.compatibleNames()).containsExactly("hbakit,sim", "hbakit,hba", "scsi");
		assertThat(view.configRead32(PCIConfigSpace.VENDOR_DEVICE_ID)).isEqualTo(0x5cd11b4b);
		assertThat(new PassiveMatcher().match(Fixtures.personality(1, "p", "IONameMatch", List.of("hbakit,hba"),
				"IOPCIPrimaryMatch", "0x5cd11b4b"), view, java.util.Set.of()).matched()).isTrue();
	}
}
