package org.hbakit.controller.core;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * Configuration of the reference controller, Config Admin PID {@value HBAKitSimulatedHBAController#PID}. It
 * applies to instances made after it changes: DS re-registers the prototype service on a change, so the framework
 * rebinds the controllers it made with the old values.
 */
@ObjectClassDefinition(name = "HBAKit reference controller", description = "The controller for the simulated HBA")
public @interface ControllerConfiguration {
	@AttributeDefinition(description = "I/O path: bundled accepts UserMapBundledParallelTaskCommandAndResponseBuffers; "
			+ "parallel declines it (kIOReturnUnsupported) so tasks come through UserProcessParallelTask", options = {
					@Option(value = "bundled", label = "bundled"), @Option(value = "parallel", label = "parallel") })
	String path() default "bundled";

	@AttributeDefinition(description = "UserReportMaximumTaskCount; capped by the HBA's CAP.MQES", min = "1", max = "65535")
	int maxTaskCount() default 256;

	@AttributeDefinition(description = "INTCOAL threshold: completions per interrupt (0 or 1: every completion)", min = "0", max = "255")
	int interruptCoalescing_threshold() default 0;

	@AttributeDefinition(description = "INTCOAL aggregation time in microseconds (0: none; required with a threshold above 1)", min = "0", max = "65535")
	int interruptCoalescing_timeMicros() default 0;

	@AttributeDefinition(description = "Give every request a sense buffer and report UserDoesHBAPerformAutoSense true")
	boolean autoSense() default true;

	@AttributeDefinition(description = "Largest transfer of one task in bytes (one DMA segment)", min = "512")
	long maxTransferSize() default 1 << 20;

	@AttributeDefinition(description = "How long SetPowerState(Off or Pause) waits for outstanding requests, in ms "
			+ "(below the framework's powerAckTimeoutMs)", min = "0")
	long quiesceTimeoutMillis() default 4000;

	@AttributeDefinition(description = "How long a task management call (ABORT TASK, LUN or target reset, ...) waits for "
			+ "the device before it returns kIOReturnTimeout, in ms (below the framework's abortGraceMs)", min = "1")
	long taskManagementTimeoutMillis() default 200;
}
