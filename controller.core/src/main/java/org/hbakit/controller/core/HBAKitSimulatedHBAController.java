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

	@Reference(service = LoggerFactory.class, cardinality = ReferenceCardinality.OPTIONAL)
	private volatile Logger log;

	/** Called by DS with the configuration (or its defaults). */
	@Activate
	public HBAKitSimulatedHBAController(ControllerConfiguration config) {
		super(settings(config));
	}

	static DriverSettings settings(ControllerConfiguration config) {
		return new DriverSettings(DriverSettings.Path.parse(config.path()), config.maxTaskCount(),
				config.interruptCoalescing_threshold(), config.interruptCoalescing_timeMicros(), config.autoSense(),
				config.maxTransferSize(), config.quiesceTimeoutMillis());
	}

	@Override
	protected void log(System.Logger.Level level, String message, Throwable error) {
		Logger logger = log;
		if (logger == null) {
			return;
		}
		switch (level) {
			case ERROR -> logger.error(message, error);
			case WARNING -> logger.warn(message, error);
			case INFO -> logger.info(message, error);
			default -> logger.debug(message, error);
		}
	}
}
