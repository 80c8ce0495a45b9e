package org.hbakit.conformance.internal;

import static org.hbakit.conformance.internal.CheckFailure.require;

import java.nio.ByteBuffer;

import org.hbakit.controller.api.SCSIServiceResponse;
import org.hbakit.controller.api.SCSITaskStatus;
import org.hbakit.controller.api.client.SCSITaskResult;

/**
 * {@code io.error-mapping}: a command the device answers BUSY ends TASK_COMPLETE with status BUSY, and one that
 * fails in delivery (a transport error) ends SERVICE_DELIVERY_OR_TARGET_FAILURE, not as a SCSI status.
 */
final class ErrorMappingCheck implements Check {
	@Override
	public String id() {
		return "io.error-mapping";
	}

	@Override
	public String run(RunContext run) throws Exception {
		SCSITaskResult busy = Io.read(run.unit(RunHba.Unit.BUSY), 0, ByteBuffer.allocateDirect(512), Io.TIMEOUT_MS);
		require(Io.completed(busy, SCSITaskStatus.BUSY), "a READ(16) the device answered BUSY ended " + busy);
		SCSITaskResult transport = Io.read(run.unit(RunHba.Unit.TRANSPORT_ERROR), 0, ByteBuffer.allocateDirect(512),
				Io.TIMEOUT_MS);
		require(transport.serviceResponse() == SCSIServiceResponse.SERVICE_DELIVERY_OR_TARGET_FAILURE,
				"a READ(16) that failed in delivery ended " + transport + ", not SERVICE_DELIVERY_OR_TARGET_FAILURE");
		return "BUSY -> TASK_COMPLETE/BUSY, transport error -> SERVICE_DELIVERY_OR_TARGET_FAILURE";
	}
}
