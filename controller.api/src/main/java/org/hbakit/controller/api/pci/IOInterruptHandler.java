package org.hbakit.controller.api.pci;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * The handler of an {@code IOInterruptDispatchSource}: a controller registers one per vector with
 * {@link IOPCIDevice#registerInterruptHandler}. The device calls it on its interrupt thread whenever the vector
 * fires while enabled; {@code count} is how many interrupts were coalesced into this call. The handler must not
 * block: it reads the completion queue, completes tasks, acknowledges, and returns.
 */
@ConsumerType
@FunctionalInterface
public interface IOInterruptHandler {
	/** DriverKit's {@code InterruptOccurred(action, count, time)}; {@code time} is {@link System#nanoTime()}. */
	void interruptOccurred(int vector, long count, long time);
}
