package org.hbakit.controller.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Pins the DriverKit/IOKit constant values controllers and the framework exchange. */
class ApiConstantsTest {
	@Test
	void ioReturnCodesHaveTheirIOReturnHValues() {
		assertEquals(0, IOReturn.kIOReturnSuccess);
		assertEquals(0xE00002BC, IOReturn.kIOReturnError);
		assertEquals(0xE00002BD, IOReturn.kIOReturnNoMemory);
		assertEquals(0xE00002BE, IOReturn.kIOReturnNoResources);
		assertEquals(0xE00002C0, IOReturn.kIOReturnNoDevice);
		assertEquals(0xE00002C2, IOReturn.kIOReturnBadArgument);
		assertEquals(0xE00002C5, IOReturn.kIOReturnExclusiveAccess);
		assertEquals(0xE00002C6, IOReturn.kIOReturnBadMessageID);
		assertEquals(0xE00002C7, IOReturn.kIOReturnUnsupported);
		assertEquals(0xE00002C9, IOReturn.kIOReturnInternalError);
		assertEquals(0xE00002CA, IOReturn.kIOReturnIOError);
		assertEquals(0xE00002CD, IOReturn.kIOReturnNotOpen);
		assertEquals(0xE00002D5, IOReturn.kIOReturnBusy);
		assertEquals(0xE00002D6, IOReturn.kIOReturnTimeout);
		assertEquals(0xE00002D7, IOReturn.kIOReturnOffline);
		assertEquals(0xE00002D8, IOReturn.kIOReturnNotReady);
		assertEquals(0xE00002E2, IOReturn.kIOReturnNotPermitted);
		assertEquals(0xE00002EB, IOReturn.kIOReturnAborted);
		assertEquals(0xE00002F0, IOReturn.kIOReturnNotFound);
		assertEquals(IOReturn.kIOReturnError, IOReturn.kIOReturnFailure, "kIOReturnFailure aliases kIOReturnError");
	}

	@Test
	void ioReturnNamesAndSuccess() {
		assertTrue(IOReturn.isSuccess(0));
		assertFalse(IOReturn.isSuccess(IOReturn.kIOReturnError));
		assertEquals("kIOReturnSuccess", IOReturn.name(0));
		assertEquals("kIOReturnUnsupported", IOReturn.name(0xE00002C7));
		assertEquals("kIOReturnOffline", IOReturn.name(0xE00002D7));
		assertEquals("kIOReturnError", IOReturn.name(IOReturn.kIOReturnFailure));
		assertEquals("0xE0000001", IOReturn.name(0xE0000001));
	}

	@Test
	void hbaConstraintRequiredKeysAreTheSevenIOKitStrings() {
		assertEquals(List.of("IOMaximumSegmentCountRead", "IOMaximumSegmentCountWrite", "IOMaximumSegmentByteCountRead",
				"IOMaximumSegmentByteCountWrite", "IOMinimumSegmentAlignmentByteCount",
				"IOMaximumSegmentAddressableBitCount", "HBA Data Alignment"), HBAConstraints.REQUIRED_KEYS);
		assertEquals("SCSI Hierarchical Logical Unit Support", HBAConstraints.kIOHierarchicalLogicalUnitSupportKey);
		assertFalse(HBAConstraints.REQUIRED_KEYS.contains(HBAConstraints.kIOHierarchicalLogicalUnitSupportKey),
				"the hierarchical LUN key is optional");
		assertThrows(UnsupportedOperationException.class, () -> HBAConstraints.REQUIRED_KEYS.add("x"));
	}

	@Test
	void dmaSpecificationDefaultsAreTheKextsAndValid() {
		DMASpecification spec = new DMASpecification();
		assertEquals(1L << 20, spec.maxTransferSize());
		assertEquals(4, spec.alignment());
		assertEquals(32, spec.numAddressBits());
		assertEquals(DMAOutputSegmentType.HOST_32, spec.segmentType());
		assertTrue(spec.isValid());
		assertTrue(new DMASpecification().setNumAddressBits(64).setSegmentType(DMAOutputSegmentType.LITTLE_64)
				.setAlignment(4096).setMaxTransferSize(1).isValid());
		assertTrue(new DMASpecification().setNumAddressBits(1).setAlignment(1).isValid());
	}

	@Test
	void dmaSpecificationRejectsUnusableValues() {
		assertFalse(new DMASpecification().setMaxTransferSize(0).isValid());
		assertFalse(new DMASpecification().setMaxTransferSize(-1).isValid());
		assertFalse(new DMASpecification().setAlignment(0).isValid());
		assertFalse(new DMASpecification().setAlignment(3).isValid(), "not a power of two");
		assertFalse(new DMASpecification().setAlignment(Integer.MIN_VALUE).isValid());
		assertFalse(new DMASpecification().setNumAddressBits(0).isValid());
		assertFalse(new DMASpecification().setNumAddressBits(65).isValid());
		assertFalse(new DMASpecification().setSegmentType(-1).isValid());
		assertFalse(new DMASpecification().setSegmentType(6).isValid());
	}

	@Test
	void scsiEnumerationValues() {
		assertEquals(0, SCSIDataTransferDirection.NO_DATA_TRANSFER);
		assertEquals(1, SCSIDataTransferDirection.FROM_INITIATOR_TO_TARGET);
		assertEquals(2, SCSIDataTransferDirection.FROM_TARGET_TO_INITIATOR);
		assertEquals(0, SCSITaskAttribute.SIMPLE);
		assertEquals(3, SCSITaskAttribute.ACA);
		assertEquals(0, SCSIServiceResponse.REQUEST_IN_PROCESS);
		assertEquals(2, SCSIServiceResponse.TASK_COMPLETE);
		assertEquals(5, SCSIServiceResponse.FUNCTION_REJECTED);
		assertEquals(0x02, SCSITaskStatus.CHECK_CONDITION);
		assertEquals(0xFF, SCSITaskStatus.NO_STATUS);
		assertEquals(5, SCSIParallelFeature.TOTAL_FEATURE_COUNT);
		assertEquals(0x1000, IOServicePowerCapability.kIOServicePowerCapabilityPause);
		assertEquals(5, DMAOutputSegmentType.LITTLE_64);
	}
}
