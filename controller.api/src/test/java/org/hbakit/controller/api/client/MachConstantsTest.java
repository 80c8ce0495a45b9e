package org.hbakit.controller.api.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * Pins the io_done_queue values to Mach's: the mode bits and {@code IO_INBAND_MAX} of {@code device_types.h},
 * the {@code qd_type} values of {@code io_done_result}, and {@code kern_return.h}.
 */
class MachConstantsTest {
	/** Mach's open and I/O mode bits (D_READ, D_WRITE, D_NODELAY, D_NOWAIT, D_CLONE). */
	private static final int MACH_MODE_BITS = 0x1 | 0x2 | 0x4 | 0x8 | 0x10;

	@Test
	void modeBitsAreMachsAndTheDeferExtensionCollidesWithNone() {
		assertEquals(0x8, IODoneQueue.D_NOWAIT);
		assertEquals(0, IODoneQueue.D_DEFER & MACH_MODE_BITS);
		assertEquals(1, Integer.bitCount(IODoneQueue.D_DEFER));
		assertEquals(128, IODoneQueue.IO_INBAND_MAX);
	}

	@Test
	void resultTypesAreMachsIoDoneValues() {
		assertEquals(1, IODoneResult.IO_DONE_READ);
		assertEquals(2, IODoneResult.IO_DONE_WRITE);
		assertEquals(3, IODoneResult.IO_DONE_OVERWRITE);
	}

	@Test
	void kernReturnValuesAreKernReturnH() {
		assertEquals(0, KernReturn.KERN_SUCCESS);
		assertEquals(4, KernReturn.KERN_INVALID_ARGUMENT);
		assertEquals(6, KernReturn.KERN_RESOURCE_SHORTAGE);
		assertEquals(14, KernReturn.KERN_ABORTED);
		assertEquals(37, KernReturn.KERN_TERMINATED);
		assertEquals(49, KernReturn.KERN_OPERATION_TIMED_OUT);
		assertEquals("KERN_OPERATION_TIMED_OUT", KernReturn.name(49));
	}

	@Test
	void aResultHoldsAtMostInbandMaxBytes() {
		IODoneResult r = new IODoneResult();
		assertEquals(128, r.inbandData().length);
		r.setInbandLength(128);
		assertEquals(128, r.inbandLength());
		r.set(1, 0, 2, 0, 0);
		assertEquals(0, r.inbandLength());
		assertThrows(IllegalArgumentException.class, () -> r.setInbandLength(129));
	}
}
