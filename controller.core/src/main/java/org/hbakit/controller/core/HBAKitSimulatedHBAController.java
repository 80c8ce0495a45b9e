package org.hbakit.controller.core;

import org.hbakit.controller.api.IOUserSCSIParallelInterfaceController;
import org.hbakit.controller.core.driver.DriverSettings;
import org.hbakit.controller.core.driver.SimulatedHBADriver;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ServiceScope;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The reference controller ("dext") for the simulated HBA, published as a prototype-scope
 * {@link IOUserSCSIParallelInterfaceController} service with {@code IOUserClass=HBAKitSimulatedHBAController}, the
 * {@code IOUserClass} of the personality in this bundle's {@code Info.plist}. The framework gets one instance per
 * match; everything the controller does is in {@link SimulatedHBADriver}. Configured through
 * {@link ControllerConfiguration} (PID {@value #PID}).
 */
@Component(service = IOUserSCSIParallelInterfaceController.class, scope = ServiceScope.PROTOTYPE,
		configurationPid = HBAKitSimulatedHBAController.PID,
		property = IOUserSCSIParallelInterfaceController.IO_USER_CLASS + "=" + HBAKitSimulatedHBAController.IO_USER_CLASS)
@Designate(ocd = ControllerConfiguration.class)
public final class HBAKitSimulatedHBAController extends SimulatedHBADriver {
	/** The {@code IOUserClass} this controller answers to. */
	public static final String IO_USER_CLASS = "HBAKitSimulatedHBAController";
	/** The configuration PID. */
	public static final String PID = "org.hbakit.controller.core";

	/**
	 * Called by DS with the configuration (or its defaults) and the component's Log Service logger (null when the
	 * platform has none); the instance's lifecycle events go there.
	 */
	@Activate
	public HBAKitSimulatedHBAController(ControllerConfiguration config,
			@Reference(name = "log", service = LoggerFactory.class, cardinality = ReferenceCardinality.OPTIONAL) Logger log) {
		super(settings(config), new LogServiceSystemLogger(log));
	}

	static DriverSettings settings(ControllerConfiguration config) {
		return new DriverSettings(DriverSettings.Path.parse(config.path()), config.maxTaskCount(),
				config.interruptCoalescing_threshold(), config.interruptCoalescing_timeMicros(), config.autoSense(),
				config.maxTransferSize(), config.quiesceTimeoutMillis(), config.taskManagementTimeoutMillis());
	}
}
